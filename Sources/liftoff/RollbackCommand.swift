import ArgumentParser
import LiftoffKit

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Request or confirm a launch's rollback.",
        discussion: """
        A firing rollback trigger requests the rollback by itself. Under policy manual (the
        default) the rollback authority named in the runbook ("Rollback Authority: Engineering
        Lead", or an authorization matrix with a quorum) — or an admin — confirms it; then the
        watcher runs the runbook's rollback procedure and ends the launch rolled back.

          liftoff rollback request 1 --reason "error rate 3% since the deploy"
          liftoff rollback confirm 1 --reason "agreed on the bridge call"
        """,
        subcommands: [Request.self, Confirm.self]
    )

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ask for the rollback procedure.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The launch: its number or name.") var launch: String
        @Option(help: "Why the launch must roll back.") var reason: String

        func run() async throws {
            try await LaunchAction.perform(database, launch: launch) { _ in .requestRollback(reason: reason) }
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm the requested rollback as its authority.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The launch: its number or name.") var launch: String
        @Option(help: "Why you confirm (recorded with your name and role).") var reason: String?

        func run() async throws {
            try await LaunchAction.perform(database, launch: launch) { _ in .confirmRollback(comment: reason) }
        }
    }
}
