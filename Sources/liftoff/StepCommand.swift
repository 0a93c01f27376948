import ArgumentParser
import LiftoffKit

struct StepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Start a checklist step, mark it done, skipped, failed, blocked, or reopen it.",
        discussion: """
        STEP is the step's id or an unambiguous prefix or words of its text.

          liftoff step start 1 "run migrations"
          liftoff step done 1 "run migrations" --note "took 4 minutes"
          liftoff step block 1 smoke-tests --note "waiting for DNS"
        """,
        subcommands: [Start.self, Done.self, Skip.self, Fail.self, Block.self, Reopen.self]
    )

    struct Target: ParsableArguments {
        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The launch: its number or name.")
        var launch: String

        @Argument(help: "The step: id, or a prefix or words of its text.")
        var step: String

        @Option(help: "A note recorded with the mark.")
        var note: String?

        func mark(_ mark: StepMark) async throws {
            try await LaunchAction.perform(database, launch: launch) { state in
                .markStep(step: try TargetMatch.step(step, in: state), mark: mark, note: note)
            }
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say a step has begun: it shows in progress, and its duration counts from now.")
        @OptionGroup var target: Target
        func run() async throws {
            try await LaunchAction.perform(target.database, launch: target.launch) { state in
                .startStep(step: try TargetMatch.step(target.step, in: state))
            }
        }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a step done.")
        @OptionGroup var target: Target
        func run() async throws { try await target.mark(.done) }
    }

    struct Skip: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a step skipped (not needed this time).")
        @OptionGroup var target: Target
        func run() async throws { try await target.mark(.skipped) }
    }

    struct Fail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a step failed.")
        @OptionGroup var target: Target
        func run() async throws { try await target.mark(.failed) }
    }

    struct Block: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a step blocked.")
        @OptionGroup var target: Target
        func run() async throws { try await target.mark(.blocked) }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reopen a step (back to pending).")
        @OptionGroup var target: Target
        func run() async throws { try await target.mark(.reopened) }
    }
}
