import Foundation
import LiftoffKit
import LiftoffStore

/// The launches a long-running process (server, watcher, demo) reads and writes, each folded
/// once and then advanced: a read applies only the events appended since the last one (one
/// indexed query, usually empty), so its cost does not grow with the launch's log.
/// Writes made here are applied at once (`adopt`); other processes' writes are picked up by the
/// next read. Launches not used for `idleAfter` leave memory and are folded again when needed.
/// See docs/architecture.md, "Live projections".
///
/// ```swift
/// let projections = LaunchProjections(store: store)
/// let state = try await projections.state(7)      // folded once, current on every call
/// ```
public actor LaunchProjections {
    struct Entry {
        var state: LaunchState
        var lastUse: Date
    }

    public let store: any EventStore
    let plans: LaunchPlanCache
    let clock: @Sendable () -> Date
    let idleAfter: TimeInterval
    let capacity: Int
    var entries: [Int64: Entry] = [:]
    var lastSweep = Date.distantPast
    /// Full folds done (a test and metrics figure: reads after the first must not fold).
    public private(set) var folds = 0

    public init(store: any EventStore, plans: LaunchPlanCache = .shared, idleAfter: TimeInterval = 15 * 60, capacity: Int = 256,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.plans = plans
        self.idleAfter = idleAfter
        self.capacity = max(1, capacity)
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
        return state
    }

    /// Takes a state this process brought further (its own appends) so the next read starts there.
    public func adopt(_ state: LaunchState) {
        if let current = entries[state.launch]?.state, current.seq >= state.seq { return }
        keep(state)
    }

    /// Applies an event that a subscription delivered, when it is the next one of a loaded launch
    /// (an older one is already in; after a gap the next `state` read catches up from the store).
    public func apply(_ event: LaunchEvent) {
        guard var entry = entries[event.launch], event.seq == entry.state.seq + 1 else { return }
        do {
            try entry.state.apply(event)
        } catch {
            // An unreadable event: fold again from the store on the next read, which reports it.
            entries[event.launch] = nil
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
        if let current = entries[launch]?.state, current.seq >= state.seq { return current }
        keep(state)
        return state
    }

    func keep(_ state: LaunchState) {
        let now = clock()
        entries[state.launch] = Entry(state: state, lastUse: now)
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
