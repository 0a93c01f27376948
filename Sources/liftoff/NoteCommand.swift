import ArgumentParser
import LiftoffKit

struct NoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a note to a launch's activity feed.",
        discussion: "  liftoff note add 1 \"CDN purge started\"",
        subcommands: [Add.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The launch: its number or name.") var launch: String
        @Argument(help: "The note.") var text: String

        func run() async throws {
            try await LaunchAction.perform(database, launch: launch) { _ in .addNote(text) }
        }
    }
}
