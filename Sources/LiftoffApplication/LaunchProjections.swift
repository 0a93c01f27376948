import Foundation
import LiftoffKit
import LiftoffStore
import Logging

/// The launches a long-running process (server, watcher, demo) reads and writes, each folded
/// once and then advanced: a read applies only the events appended since the last one (one
/// indexed query, usually empty), so its cost does not grow with the launch's log.
/// Writes made here are applied at once (`adopt`); other processes' writes are picked up by the
/// next read. Launches not used for `idleAfter` leave memory and are folded again when needed.
/// Every `snapshotEvery` events, or every eighth of the launch once it is longer (and at
/// `saveSnapshots()`, at shutdown), the state is kept in the store, so loading a long launch
/// folds only the events after its snapshot. A snapshot costs in proportion to the launch, so
/// spacing them in proportion too keeps their cost per event flat as a launch grows. It is
/// encoded and written beside the request that made it due, not in its way: one at a time, in a
/// task this actor keeps and waits for (`settleSnapshots()`, and at shutdown).
/// See docs/architecture.md, "Live projections" and "Snapshots".
///
/// ```swift
/// let projections = LaunchProjections(store: store)
/// let state = try await projections.state(7)      // folded once, current on every call
/// ```
public actor LaunchProjections {
    struct Entry {
        var state: LaunchState
        var lastUse: Date
        /// The seq of the snapshot the store holds for this launch (0 for none known).
        var snapshotSeq: Int
    }

    public let store: any EventStore
    let plans: LaunchPlanCache
    let clock: @Sendable () -> Date
    let idleAfter: TimeInterval
    let capacity: Int
    let snapshotEvery: Int
    let logger: Logger
    var entries: [Int64: Entry] = [:]
    /// Launches whose unusable snapshot was already reported (once per process).
    var reportedSnapshots: Set<Int64> = []
    var lastSweep = Date.distantPast
    /// Full folds done (a test and metrics figure: reads after the first must not fold).
    public private(set) var folds = 0
    /// Events applied while loading (after a snapshot, or all of them): a test and metrics figure.
    public private(set) var loadedEvents = 0
    /// Snapshots handed to the store: a test and metrics figure.
    public private(set) var snapshotsWritten = 0
    /// The snapshot being encoded and written, if any.
    var snapshotWrite: Task<Void, Never>?
    /// Launches whose snapshot came due while another was being written: next in line.
    var snapshotsDue: Set<Int64> = []

    public init(store: any EventStore, plans: LaunchPlanCache = .shared, idleAfter: TimeInterval = 15 * 60, capacity: Int = 256,
                snapshotEvery: Int = 1000, logger: Logger = Logger(label: "liftoff.projections"),
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.plans = plans
        self.idleAfter = idleAfter
        self.capacity = max(1, capacity)
        self.snapshotEvery = max(1, snapshotEvery)
        self.logger = logger
        self.clock = clock
    }

    /// The launch as of its latest event.
    public func state(_ launch: Int64) async throws(LaunchService.Failure) -> LaunchState {
        guard let known = entries[launch]?.state else { return try await load(launch) }
        let events: [LaunchEvent]
        do {
            events = try await store.read(launch, from: known.seq + 1)
        } catch {
            throw .store(error)
        }
        // Another read may have advanced (or evicted) the entry while this one waited.
        var state = entries[launch]?.state ?? known
        do {
            for event in events where event.seq == state.seq + 1 { try state.apply(event) }
        } catch {
            throw .projection(error)
        }
        keep(state)
        snapshotIfDue(state.launch)
        return state
    }

    /// The state to decide a write on: the loaded one as it is, without asking the store first.
    /// The append names its seq, so if another process wrote meanwhile the store refuses it and
    /// `LaunchService` catches up and decides again; a write costs no extra read.
    public func stateForWriting(_ launch: Int64) async throws(LaunchService.Failure) -> LaunchState {
        if let known = entries[launch]?.state { return known }
        return try await load(launch)
    }

    /// Takes a state this process brought further (its own appends) so the next read starts there.
    public func adopt(_ state: LaunchState) async {
        if let current = entries[state.launch]?.state, current.seq >= state.seq { return }
        keep(state)
        snapshotIfDue(state.launch)
    }

    /// Keeps a snapshot of every loaded launch that moved since its last one (at shutdown).
    public func saveSnapshots() async {
        await settleSnapshots()
        for launch in entries.keys.sorted() { await snapshot(launch) }
    }

    /// Returns once the snapshot being written, if any, is in the store.
    public func settleSnapshots() async {
        while let write = snapshotWrite { await write.value }
    }

    /// Applies an event that a subscription delivered, when it is the next one of a loaded launch
    /// (an older one is already in; after a gap the next `state` read catches up from the store).
    public func apply(_ event: LaunchEvent) {
        guard entries[event.launch]?.state.seq == event.seq - 1 else { return }
        // Taken out while it changes, so the fold mutates the only copy instead of copying it.
        guard var entry = entries.removeValue(forKey: event.launch) else { return }
        do {
            try entry.state.apply(event)
        } catch {
            // An unreadable event: fold again from the store on the next read, which reports it.
            return
        }
        entries[event.launch] = entry
    }

    /// The loaded state as it is, without asking the store (nil when not loaded).
    public func loaded(_ launch: Int64) -> LaunchState? { entries[launch]?.state }

    /// Forgets a launch (it is folded again on its next read).
    public func evict(_ launch: Int64) {
        entries[launch] = nil
    }

    public var loadedCount: Int { entries.count }

    func load(_ launch: Int64) async throws(LaunchService.Failure) -> LaunchState {
        if let restored = await restore(launch) {
            if let current = entries[launch]?.state, current.seq >= restored.state.seq { return current }
            keep(restored.state, snapshotSeq: restored.snapshotSeq)
            snapshotIfDue(launch)
            return restored.state
        }
        let events: [LaunchEvent]
        do {
            events = try await store.read(launch, from: 1)
        } catch {
            throw .store(error)
        }
        guard !events.isEmpty else {
            throw .store(StoreError(.launchNotFound, "no launch \(launch)", hint: "liftoff launch list shows the launches"))
        }
        let state: LaunchState
        do {
            state = try LaunchState.fold(events, plans: plans)
        } catch {
            throw .projection(error)
        }
        folds += 1
        loadedEvents += events.count
        if let current = entries[launch]?.state, current.seq >= state.seq { return current }
        keep(state)
        snapshotIfDue(launch)
        return state
    }

    /// The launch from its snapshot and the events after it; nil (a full fold follows) when there
    /// is none, or it is of another version, or its seq and chain hash are not those of the log.
    func restore(_ launch: Int64) async -> (state: LaunchState, snapshotSeq: Int)? {
        guard let stored = try? await store.snapshot(of: launch) else { return nil }
        func ignore(_ why: String) -> (state: LaunchState, snapshotSeq: Int)? {
            if reportedSnapshots.insert(launch).inserted {
                logger.warning("ignoring the snapshot of launch \(launch): \(why); folding its events instead", metadata: ["launch": "\(launch)"])
            }
            return nil
        }
        guard stored.version == LaunchSnapshot.version else { return ignore("it is version \(stored.version), this is \(LaunchSnapshot.version)") }
        let events: [LaunchEvent]
        do {
            events = try await store.read(launch, from: stored.seq)
        } catch {
            return nil
        }
        guard let anchor = events.first, anchor.seq == stored.seq, anchor.hash == stored.hash else {
            return ignore("event \(stored.seq) is not the one it was taken at")
        }
        guard let snapshot = try? LaunchSnapshot.decode(stored.body), snapshot.launch == launch, snapshot.seq == stored.seq,
              snapshot.lastHash == stored.hash else {
            return ignore("it cannot be read")
        }
        var state = snapshot.state(plans: plans)
        do {
            for event in events.dropFirst() { try state.apply(event) }
        } catch {
            return ignore("the events after it do not apply: \(error)")
        }
        loadedEvents += events.count - 1
        return (state, stored.seq)
    }

    /// Starts writing a snapshot of `launch` when one is due; while another is being written it
    /// waits its turn.
    func snapshotIfDue(_ launch: Int64) {
        guard let entry = entries[launch], entry.state.seq - entry.snapshotSeq >= snapshotInterval(at: entry.snapshotSeq) else { return }
        guard snapshotWrite == nil else {
            snapshotsDue.insert(launch)
            return
        }
        let state = entry.state
        // Marked before the write, so events meanwhile do not start another one.
        entries[launch]?.snapshotSeq = state.seq
        snapshotsWritten += 1
        snapshotWrite = Task {
            await Self.write(state, to: store, logger: logger)
            self.snapshotWritten()
        }
    }

    func snapshotWritten() {
        snapshotWrite = nil
        while snapshotWrite == nil, let next = snapshotsDue.popFirst() { snapshotIfDue(next) }
    }

    /// Events between a snapshot taken at `seq` and the next one: at least `snapshotEvery`, and an
    /// eighth of the launch so far, so a restart still folds at most about that share of it.
    func snapshotInterval(at seq: Int) -> Int {
        max(snapshotEvery, seq / 8)
    }

    func snapshot(_ launch: Int64) async {
        guard let entry = entries[launch], entry.state.seq > entry.snapshotSeq else { return }
        let state = entry.state
        entries[launch]?.snapshotSeq = state.seq
        snapshotsWritten += 1
        await Self.write(state, to: store, logger: logger)
    }

    /// Off the actor: encoding a long launch must not hold up its reads and writes.
    @concurrent static func write(_ state: LaunchState, to store: any EventStore, logger: Logger) async {
        let body: String
        do {
            body = try LaunchSnapshot(state).encoded()
        } catch {
            logger.warning("cannot encode a snapshot of launch \(state.launch): \(error)")
            return
        }
        do {
            try await store.saveSnapshot(StoredSnapshot(launch: state.launch, version: LaunchSnapshot.version, seq: state.seq, hash: state.lastHash, body: body))
        } catch {
            logger.warning("cannot keep a snapshot of launch \(state.launch): \(error)")
        }
    }

    func keep(_ state: LaunchState, snapshotSeq: Int? = nil) {
        let now = clock()
        let known = snapshotSeq ?? entries[state.launch]?.snapshotSeq ?? 0
        entries[state.launch] = Entry(state: state, lastUse: now, snapshotSeq: known)
        if now.timeIntervalSince(lastSweep) > min(60, idleAfter) {
            lastSweep = now
            let idle = entries.filter { now.timeIntervalSince($0.value.lastUse) > idleAfter }.map(\.key)
            for launch in idle { entries[launch] = nil }
        }
        while entries.count > capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
            entries[oldest] = nil
        }
    }
}
