import AsyncHTTPClient
import Foundation
import LiftoffNotify
import LiftoffApplication
import LiftoffStore
import LiftoffWatcher
import Logging

/// The watcher as `watch` and `serve` run it: real probes and commands, and an outbox that
/// delivers status posts over one HTTP client, shut down when the watcher stops.
enum WatcherAssembly {
    static func run(store: any EventStore, launches: LaunchWatcher.Selection, interval: Duration, exitWhenEnded: Bool,
                    logger: Logger, _ body: (LaunchWatcher) async throws -> Void) async throws {
        let client = OutboxDispatcher.makeHTTPClient()
        let dispatcher = OutboxDispatcher(store: store, httpClient: client, logger: Logger(label: "liftoff.notify"))
        let environment = WatcherEnvironment(deliver: { launch, now in
            try await dispatcher.deliverDue(launch: launch, now: now).outstanding > 0
        })
        let watcher = LaunchWatcher(service: LaunchService(store: store), launches: launches, environment: environment,
                                    interval: interval, exitWhenEnded: exitWhenEnded, logger: logger)
        do {
            try await body(watcher)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
