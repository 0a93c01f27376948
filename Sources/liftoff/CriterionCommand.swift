import ArgumentParser
import LiftoffKit

struct CriterionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "criterion",
        abstract: "Confirm a success criterion that a person judges (its owner or an admin).",
        discussion: """
          liftoff launch status 1                      # lists the criteria and their ids
          liftoff criterion confirm 1 business-success/support-volume-normal --note "tickets at 40/h, the usual"
        """,
        subcommands: [Confirm.self]
    )

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm a criterion, with a note as evidence.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The launch: its number or name.") var launch: String
        @Argument(help: "The criterion's id (see `liftoff launch status`).") var criterion: String
        @Option(help: "The evidence.") var note: String

        func run() async throws {
            try await LaunchAction.perform(database, launch: launch) { _ in .confirmCriterion(criterion: criterion, note: note) }
        }
    }
}
