import Foundation
import LiftoffKit
import LiftoffApplication
import LiftoffStore
import LiftoffTestSupport
import LiftoffWatcher

/// A launch in a fresh SQLite file with a clock the test moves, and a watcher over it.
final class WatchedLaunch: @unchecked Sendable {
    let directory: URL
    let store: SQLiteEventStore
    let service: LaunchService
    let launch: Int64
    private let clock: ManualClock

    /// `now` nil: the real clock (for tests against real Prometheus or a watcher process).
    init(runbook: String, vars: String = "", t0: Date, now: Date?) async throws {
        directory = try Repository.temporaryDirectory("liftoff-watch")
        let clock = ManualClock(now ?? Date(), real: now == nil)
        self.clock = clock
        store = try await SQLiteEventStore.open(path: directory.appendingPathComponent("l.db").path, create: true, clock: { clock.now })
        service = LaunchService(store: store, clock: { clock.now })
        let variables = try LaunchVariables.parse(vars, file: "vars.yaml")
        let created = LaunchCreated(name: "test", runbookFile: "runbook.md", runbookSource: runbook, t0: t0,
                                    timeZone: "Europe/Oslo", mode: .rehearsal, variables: variables)
        launch = try await store.createLaunch(name: "test", created: EventDraft(actor: "ada", created)).launch
    }

    var now: Date { clock.now }
    var databasePath: String { directory.appendingPathComponent("l.db").path }
    func advance(_ seconds: TimeInterval) { clock.advance(seconds) }

    func watcher(_ environment: WatcherEnvironment) -> LaunchWatcher {
        var env = environment
        let clock = clock
        env.now = { clock.now }
        return LaunchWatcher(service: service, launches: .only([launch]), environment: env)
    }

    func state() async throws -> LaunchState { try await service.state(launch) }
    func events() async throws -> [LaunchEvent] { try await store.read(launch, from: 1) }

    func act(_ command: LaunchCommand, as actor: LaunchActor) async throws {
        try await service.execute(command, on: launch, by: actor)
    }

    func close() async {
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Time that moves only when the test says so (or the real time).
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private let real: Bool

    init(_ start: Date, real: Bool = false) {
        current = start
        self.real = real
    }

    var now: Date { real ? Date() : lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
