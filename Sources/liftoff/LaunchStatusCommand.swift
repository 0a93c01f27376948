import ArgumentParser
import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffRender
import LiftoffStore

struct LaunchStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Where a launch stands: phase, progress, forecast end, what is ready, what waits, gates and what is next.",
        discussion: """
          liftoff launch status 1
          liftoff launch status checkout-v2 --all --format json
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch: its number or name.")
    var launch: String

    @Flag(help: "Also list every step with its state and id.")
    var all = false

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: .hidden)
    var now: String?

    func run() async throws {
        let (state, history) = try await database.withStore { store in
            let id = try await LaunchReference.resolve(launch, in: store)
            let service = LaunchService(store: store)
            let state = try await CLIError.mapping { () throws(LaunchService.Failure) in try await service.state(id) }
            return (state, await service.history(of: state))
        }
        var clock = Date()
        if let now {
            guard let parsed = Schedule.parseLocalDateTime(now, timeZone: state.timeZone) else { throw CLIError.input("cannot read --now '\(now)'") }
            clock = parsed
        }
        let report = LaunchStatusReport(state: state, now: clock, history: history)
        switch format {
        case .text: print(report.text(all: all), terminator: "")
        case .json: print(CanonicalJSON.string(report.json(all: all)))
        }
    }
}
