import ArgumentParser
import LiftoffKit

struct LaunchEndCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end",
        abstract: "End a launch with its outcome (admins only); nothing more can be recorded after.",
        discussion: """
          liftoff launch end 1 --outcome aborted --note "vendor outage"

        A launch whose runbook states success criteria records a success with `liftoff launch
        complete` (which checks them); `end --outcome success` is refused while any is unmet.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch: its number or name.")
    var launch: String

    @Option(help: "success, rolled-back or aborted.")
    var outcome: LaunchOutcome

    @Option(help: "A closing note.")
    var note: String?

    func run() async throws {
        try await LaunchAction.perform(database, launch: launch) { _ in .end(outcome: outcome, note: note) }
    }
}
