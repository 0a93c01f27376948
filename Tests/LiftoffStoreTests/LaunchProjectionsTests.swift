import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffRender
import LiftoffStore
import Testing

/// Live projections on both stores: a launch is folded once, then reads apply only what is new,
/// including what another handle (another process) appended; the result is always what a full
/// fold of the same events gives (docs/architecture.md, "Live projections").
@Suite struct LaunchProjectionsTests {
    static let ada = LaunchActor(name: "ada", roles: ["release-manager"], admin: true)

    /// The state as JSON, as the API serves it, at a fixed time.
    static func json(_ state: LaunchState) -> String {
        CanonicalJSON.string(LaunchStatusReport(state: state, now: Date(timeIntervalSince1970: 1_796_112_000)).json(all: true))
    }

    @Test(arguments: StoreKind.allCases)
    func readsFoldOnceAndFollowOtherWriters(_ kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, launch in
                let plans = LaunchPlanCache(capacity: 4)
                let projections = LaunchProjections(store: store, plans: plans)
                let service = LaunchService(store: store, projections: projections)
                _ = try await service.execute(.addParticipant(name: "ada", roles: ["release-manager"], admin: true), on: launch, by: Self.ada)
                for i in 0..<20 { _ = try await service.execute(.addNote("note \(i)"), on: launch, by: Self.ada) }
                // Another handle on the same database, as another process would have.
                try await db.withStore(create: false) { other in
                    let elsewhere = LaunchService(store: other)
                    for i in 0..<5 { _ = try await elsewhere.execute(.addNote("from elsewhere \(i)"), on: launch, by: Self.ada) }
                }
                let live = try await service.state(launch)
                let full = try await LaunchService(store: store).state(launch)
                #expect(live.seq == full.seq && full.seq >= 27, "every event, ours and the other writer's")
                #expect(Self.json(live) == Self.json(full))
                #expect(live.activity.map(\.summary) == full.activity.map(\.summary))
                #expect(await projections.folds == 1)
                #expect(plans.compiledCount == 1)
                await projections.evict(launch)
                _ = try await service.state(launch)
                #expect(await projections.folds == 2)
                #expect(plans.compiledCount == 1, "an evicted launch is folded again, its plan is not compiled again")
            }
        }
    }

    @Test func conflictingWritersBothLandAndProjectionsAgree() async throws {
        try await StoreKind.sqlite.withDatabase { db in
            try await db.withLaunch { store, launch in
                let a = LaunchService(store: store, projections: LaunchProjections(store: store))
                try await db.withStore(create: false) { other in
                    let b = LaunchService(store: other, projections: LaunchProjections(store: other))
                    _ = try await a.state(launch)
                    _ = try await b.state(launch)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { for i in 0..<15 { _ = try await a.execute(.addNote("a \(i)"), on: launch, by: Self.ada) } }
                        group.addTask { for i in 0..<15 { _ = try await b.execute(.addNote("b \(i)"), on: launch, by: Self.ada) } }
                        try await group.waitForAll()
                    }
                    let sa = try await a.state(launch), sb = try await b.state(launch)
                    let head = try await store.read(launch, from: 1).last?.seq
                    #expect(sa.seq == head && sa.seq >= 31)
                    #expect(Self.json(sa) == Self.json(sb))
                    #expect(sa.activity.map(\.summary) == sb.activity.map(\.summary))
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func snapshotsSpareTheFoldAndUnusableOnesAreIgnored(_ kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, launch in
                let projections = LaunchProjections(store: store, snapshotEvery: 10)
                let writer = LaunchService(store: store, projections: projections)
                for i in 0..<35 { _ = try await writer.execute(.addNote("note \(i)"), on: launch, by: Self.ada) }
                await projections.settleSnapshots()
                let full = try await LaunchService(store: store).state(launch)
                let kept = try #require(try await store.snapshot(of: launch))
                #expect(kept.version == LaunchSnapshot.version && kept.seq >= 30 && kept.seq <= full.seq)

                // A new process starts from the snapshot and applies only what came after it.
                let fresh = LaunchProjections(store: store)
                let restored = try await fresh.state(launch)
                #expect(Self.json(restored) == Self.json(full))
                #expect(restored.activity.map(\.summary) == full.activity.map(\.summary))
                #expect(await fresh.loadedEvents == full.seq - kept.seq)
                #expect(await fresh.folds == 0)

                // A snapshot of another version, or taken at an event the log does not have, is ignored.
                for bad in [StoredSnapshot(launch: launch, version: LaunchSnapshot.version + 1, seq: kept.seq, hash: kept.hash, body: kept.body),
                            StoredSnapshot(launch: launch, version: kept.version, seq: kept.seq, hash: String(repeating: "0", count: 64), body: kept.body),
                            StoredSnapshot(launch: launch, version: kept.version, seq: kept.seq, hash: kept.hash, body: "{\"not\":\"a snapshot\"}")] {
                    try await store.saveSnapshot(bad)
                    let other = LaunchProjections(store: store, snapshotEvery: 1_000_000)
                    let state = try await other.state(launch)
                    #expect(Self.json(state) == Self.json(full))
                    #expect(await other.folds == 1, "an unusable snapshot means a full fold")
                    #expect(await other.loadedEvents == full.seq)
                }
                // At shutdown a process keeps what it has.
                let closing = LaunchProjections(store: store, snapshotEvery: 1_000_000)
                _ = try await closing.state(launch)
                await closing.saveSnapshots()
                #expect(try await store.snapshot(of: launch)?.seq == full.seq)
            }
        }
    }

    /// A snapshot costs in proportion to the launch, so they come further apart as it grows:
    /// fewer than one per `snapshotEvery` events, and still one within the last eighth.
    @Test func theSnapshotIntervalGrowsWithTheLaunch() async throws {
        try await StoreKind.sqlite.withDatabase { db in
            try await db.withLaunch { store, launch in
                let projections = LaunchProjections(store: store, snapshotEvery: 10)
                let writer = LaunchService(store: store, projections: projections)
                for i in 0..<400 { _ = try await writer.execute(.addNote("note \(i)"), on: launch, by: Self.ada) }
                let head = try await writer.state(launch).seq
                await projections.settleSnapshots()
                let written = await projections.snapshotsWritten
                #expect(written >= 10, "the first ones come every 10 events")
                #expect(written <= 30, "one every 10 events would be \(head / 10); \(written) were written")
                let kept = try #require(try await store.snapshot(of: launch))
                #expect(head - kept.seq <= max(10, head / 8), "a restart folds at most an eighth of the launch")
            }
        }
    }

    /// Writes decide on the projected state without reading first; a refusal that only a stale
    /// state would give (another process reopened the step) must not reach the caller.
    @Test func aRefusalIsCheckedAgainstTheLatestEvents() async throws {
        try await StoreKind.sqlite.withDatabase { db in
            try await db.withLaunch { store, launch in
                let service = LaunchService(store: store, projections: LaunchProjections(store: store))
                let step = try #require(try await service.state(launch).runbook.steps.first { !$0.done }?.id)
                _ = try await service.execute(.markStep(step: step, mark: .done, note: nil), on: launch, by: Self.ada)
                try await db.withStore(create: false) { other in
                    _ = try await LaunchService(store: other).execute(.markStep(step: step, mark: .reopened, note: nil), on: launch, by: Self.ada)
                }
                let again = try await service.execute(.markStep(step: step, mark: .done, note: "again"), on: launch, by: Self.ada)
                #expect(again.count == 1)
                await #expect(throws: LaunchService.Failure.self, "marking a done step done again is still refused") {
                    try await service.execute(.markStep(step: step, mark: .done, note: nil), on: launch, by: Self.ada)
                }
            }
        }
    }

    @Test func idleLaunchesLeaveMemory() async throws {
        try await StoreKind.sqlite.withDatabase { db in
            try await db.withStore { store in
                let clock = TestClock()
                let projections = LaunchProjections(store: store, idleAfter: 60, capacity: 2, clock: { clock.now })
                var ids: [Int64] = []
                for i in 0..<3 {
                    ids.append(try await store.createLaunch(name: "l\(i)", created: TestEnvironment.createdDraft(name: "l\(i)")).launch)
                }
                for id in ids { _ = try await projections.state(id) }
                #expect(await projections.loadedCount == 2, "capacity bounds the loaded launches")
                clock.advance(120)
                _ = try await projections.state(ids[0])
                #expect(await projections.loadedCount == 1, "launches idle longer than idleAfter are evicted")
            }
        }
    }
}

/// A settable clock for eviction.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_796_112_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}
