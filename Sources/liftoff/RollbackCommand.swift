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

        If Liftoff stopped while a rollback or shift command ran, that command is not run
        again by itself (unless the runbook declares it idempotent): the rollback authority
        decides with `liftoff rollback resume 1 --rerun|--done|--skip`.
        """,
        subcommands: [Request.self, Confirm.self, Resume.self]
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

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide about a command that was started and never finished (Liftoff stopped while it ran).",
            discussion: "--rerun runs it again; --done records it as finished (you checked); --skip leaves it undone. Either way the procedure goes on."
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The launch: its number or name.") var launch: String
        @Flag(help: "Run the command again.") var rerun = false
        @Flag(help: "It finished: go on as if it succeeded.") var done = false
        @Flag(help: "Leave it undone and go on.") var skip = false
        @Option(help: "Why (recorded with your name and role).") var reason: String?

        func validate() throws {
            guard [rerun, done, skip].filter({ $0 }).count == 1 else {
                throw ValidationError("choose one of --rerun, --done, --skip")
            }
        }

        func run() async throws {
            let resolution: ActionResolution = rerun ? .rerun : (done ? .done : .skip)
            try await LaunchAction.perform(database, launch: launch) { _ in .resolveAction(resolution, comment: reason) }
        }
    }
}
