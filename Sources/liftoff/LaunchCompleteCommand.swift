import ArgumentParser
import LiftoffKit

struct LaunchCompleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Complete a launch as a success once every success criterion is verified or confirmed.",
        discussion: """
          liftoff launch complete 1
          liftoff launch complete 1 --override --reason "latency SLA signed off by the VP"   # admins only

        Refuses (exit 1) and lists what is missing while a criterion is waiting, verifying,
        broken or unconfirmed. An override is recorded with its reason and shown in the report.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch: its number or name.")
    var launch: String

    @Option(help: "A closing note.")
    var note: String?

    @Flag(help: "Complete even with criteria unmet (admins only; needs --reason).")
    var override = false

    @Option(help: "Why the launch completes with criteria unmet (with --override).")
    var reason: String?

    func validate() throws {
        if override, reason == nil { throw ValidationError("--override needs --reason \"why\"") }
        if !override, reason != nil { throw ValidationError("--reason goes with --override") }
    }

    func run() async throws {
        try await LaunchAction.perform(database, launch: launch) { _ in .complete(note: note, override: override ? (reason ?? "") : nil) }
    }
}
