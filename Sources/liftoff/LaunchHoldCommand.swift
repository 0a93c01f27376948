import ArgumentParser
import LiftoffKit

struct LaunchHoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Stop the line: the watcher starts no traffic shift stage, decides nothing from checks and runs no automatic rollback until resumed.",
        discussion: """
        Triggers keep being evaluated and shown; a rollback trigger that fires asks the rollback
        authority to confirm instead of rolling back by itself. Any participant who may write can hold.

          liftoff launch hold 1 --reason "error budget burning, investigating"
          liftoff launch resume 1 --note "cause found: a noisy canary"
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch: its number or name.")
    var launch: String

    @Option(help: "Why the line is stopped (shown in the war room and posted as a status).")
    var reason: String

    func run() async throws {
        try await LaunchAction.perform(database, launch: launch) { _ in .hold(reason: reason) }
    }
}

struct LaunchResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Lift a hold (whoever held it, the rollback authority or an admin).",
        discussion: "  liftoff launch resume 1 --note \"cause found\""
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch: its number or name.")
    var launch: String

    @Option(help: "A note recorded with the resume.")
    var note: String?

    func run() async throws {
        try await LaunchAction.perform(database, launch: launch) { _ in .resume(note: note) }
    }
}
