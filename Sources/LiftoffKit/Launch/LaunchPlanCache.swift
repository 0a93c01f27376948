import Foundation
import Synchronization

/// Compiles each (runbook, variables, time zone) once per process and shares the plan: a server
/// with fifty open war rooms and a watcher folding the same launch parse its Markdown once.
/// Bounded (least recently used plans leave first); a plan is recompiled when needed again.
public final class LaunchPlanCache: Sendable {
    /// The process's cache, used by `LaunchState.fold` unless another is given.
    public static let shared = LaunchPlanCache(capacity: 64)

    struct Key: Hashable, Sendable {
        var sha256: String
        var file: String
        var timeZone: String
        var variables: LaunchVariables
    }

    private struct Entries {
        var plans: [Key: LaunchPlan] = [:]
        var lastUse: [Key: UInt64] = [:]
        var tick: UInt64 = 0
        var compiled = 0
    }

    private let capacity: Int
    private let entries = Mutex(Entries())

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The plan of `created`, compiled now only if this process has not compiled it already.
    public func plan(for created: LaunchCreated) -> LaunchPlan {
        // The stored hash is checked against the source by the event chain; recomputing it here
        // would hash the whole runbook on every load.
        let key = Key(sha256: created.runbookSHA256, file: created.runbookFile, timeZone: created.timeZone, variables: created.launchVariables)
        if let plan = entries.withLock({ e -> LaunchPlan? in
            e.tick += 1
            guard let plan = e.plans[key] else { return nil }
            e.lastUse[key] = e.tick
            return plan
        }) {
            return plan
        }
        // Compiled outside the lock: two callers may compile the same plan once each, and neither waits on the other.
        let plan = LaunchPlan(created)
        return entries.withLock { e in
            e.tick += 1
            e.compiled += 1
            if let raced = e.plans[key] { return raced }
            if e.plans.count >= capacity, let oldest = e.lastUse.min(by: { $0.value < $1.value })?.key {
                e.plans[oldest] = nil
                e.lastUse[oldest] = nil
            }
            e.plans[key] = plan
            e.lastUse[key] = e.tick
            return plan
        }
    }

    /// How many plans this cache compiled (tests and metrics).
    public var compiledCount: Int { entries.withLock { $0.compiled } }

    public var count: Int { entries.withLock { $0.plans.count } }
}
