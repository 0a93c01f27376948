import ArgumentParser
import LiftoffKit

struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Vote on a go/no-go gate, or override it (admins, with a reason).",
        discussion: """
          liftoff gate vote 1 go-no-go go --as "Engineering Lead" --comment "error budget fine"
          liftoff gate override 1 go-no-go --reason "PO on leave; VP approved by phone"
        """,
        subcommands: [VoteCommand.self, OverrideCommand.self]
    )

    struct VoteCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "vote", abstract: "Vote GO or NO-GO for a role you hold.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The launch: its number or name.")
        var launch: String

        @Argument(help: "The gate: id, or a prefix or words of its title.")
        var gate: String

        @Argument(help: "go or nogo.")
        var vote: Vote

        @Option(name: .customLong("as"), help: "The role you vote for.")
        var role: String

        @Option(help: "A comment recorded with the vote.")
        var comment: String?

        func run() async throws {
            try await LaunchAction.perform(database, launch: launch) { state in
                .vote(gate: try TargetMatch.gate(gate, in: state), role: role, vote: vote, comment: comment)
            }
        }
    }

    struct OverrideCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "override", abstract: "Let later phases start without a GO (admins; audited).")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The launch: its number or name.")
        var launch: String

        @Argument(help: "The gate: id, or a prefix or words of its title.")
        var gate: String

        @Option(help: "Why the gate is overridden (required).")
        var reason: String

        func run() async throws {
            try await LaunchAction.perform(database, launch: launch) { state in
                .overrideGate(gate: try TargetMatch.gate(gate, in: state), reason: reason)
            }
        }
    }
}

extension Vote: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument.lowercased().replacingOccurrences(of: "-", with: "") {
        case "go": self = .go
        case "nogo": self = .nogo
        default: return nil
        }
    }
}
