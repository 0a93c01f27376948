import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffApplication

struct RetroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retro",
        abstract: "Capture a launch's retrospective and export it as Markdown.",
        discussion: """
          liftoff retro add 1 --went-well "the canary caught the config drift"
          liftoff retro add 1 --went-badly "status posts lagged the war room"
          liftoff retro add 1 --action "alert on replica lag" --owner "SRE Lead" --due 2026-12-15
          liftoff retro export 1 > retro.md
        """,
        subcommands: [Add.self, Export.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add one item: what went well, what did not, or an action item.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The launch: its number or name.") var launch: String
        @Option(name: .customLong("went-well"), help: "What went well.") var wentWell: String?
        @Option(name: .customLong("went-badly"), help: "What did not go well.") var wentBadly: String?
        @Option(help: "An action item (needs --owner and --due).") var action: String?
        @Option(help: "The action item's owner.") var owner: String?
        @Option(help: "The action item's due date, YYYY-MM-DD.") var due: String?

        func validate() throws {
            let given = [wentWell, wentBadly, action].compactMap { $0 }
            guard given.count == 1 else { throw ValidationError("give one of --went-well, --went-badly or --action") }
            if action == nil, owner != nil || due != nil { throw ValidationError("--owner and --due go with --action") }
        }

        func run() async throws {
            let item: RetroAdded
            if let wentWell {
                item = RetroAdded(kind: .wentWell, text: wentWell)
            } else if let wentBadly {
                item = RetroAdded(kind: .wentBadly, text: wentBadly)
            } else {
                item = RetroAdded(kind: .action, text: action ?? "", owner: owner, due: due)
            }
            try await LaunchAction.perform(database, launch: launch) { _ in .addRetro(item) }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the retrospective as Markdown (action items as task items).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The launch: its number or name.") var launch: String
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            let state = try await database.withStore { store in
                let id = try await LaunchReference.resolve(launch, in: store)
                return try await CLIError.mapping { () throws(LaunchService.Failure) in try await LaunchService(store: store).state(id) }
            }
            let markdown = RetrospectiveMarkdown.render(state)
            if let output {
                try InputFiles.write(markdown, to: output)
            } else {
                print(markdown, terminator: "")
            }
        }
    }
}
