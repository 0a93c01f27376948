import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffNotify
import LiftoffStore

/// Drains a launch's notification outbox in this process: the dispatcher the watcher runs, on
/// its own, so tests can kill it mid-delivery and restart it. Hidden; `liftoff watch` is the
/// user-facing way.
struct DeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_deliver", abstract: "Deliver a launch's pending notifications.", shouldDisplay: false)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch, by number or name.")
    var launch: String

    @Flag(help: "Exit once nothing is owed (every notification delivered or given up).")
    var untilIdle = false

    @Option(help: "Seconds before the first retry (doubling up to 5 minutes).")
    var initialDelay: Double = 2

    @Option(help: "Seconds one request may take.")
    var timeout: Double = 10

    func run() async throws {
        try await database.withStore { store in
            let id = try await LaunchReference.resolve(launch, in: store)
            let client = OutboxDispatcher.makeHTTPClient()
            let settings = OutboxDispatcher.Configuration(policy: RetryPolicy(initialDelay: initialDelay), requestTimeout: .milliseconds(Int(max(timeout, 0.001) * 1000)))
            let dispatcher = OutboxDispatcher(store: store, httpClient: client, configuration: settings)
            do {
                if untilIdle {
                    try await dispatcher.drain(launch: id)
                } else {
                    await dispatcher.run(launch: id)
                }
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw CLIError(message: "cannot deliver notifications: \(error)", code: 3)
            }
        }
    }
}
