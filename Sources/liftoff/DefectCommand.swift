import ArgumentParser
import LiftoffKit

struct DefectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "defect",
        abstract: "Log a defect found during a launch.",
        discussion: "  liftoff defect log 1 \"checkout button misaligned on Safari\" --severity low",
        subcommands: [Log.self]
    )

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Log a defect.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The launch: its number or name.") var launch: String
        @Argument(help: "What is wrong.") var text: String
        @Option(help: "low, medium, high or critical.") var severity: DefectSeverity = .medium

        func run() async throws {
            try await LaunchAction.perform(database, launch: launch) { _ in .logDefect(text, severity: severity) }
        }
    }
}
