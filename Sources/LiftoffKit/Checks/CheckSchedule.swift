import Foundation

/// Which checks the watcher runs now (DESIGN §4, §5): a gate's checks from a freshness window
/// before the gate until it is decided, again whenever their last result is older than
/// `rerun`; a step's checks while the step is due and not yet done.
public struct CheckSchedule: Sendable {
    /// How often a check runs again while it matters.
    public var rerun: TimeInterval
    /// How long before a gate its checks start running.
    public var lead: TimeInterval

    public init(rerun: TimeInterval = 5 * 60, lead: TimeInterval = GateRules.defaultFreshness) {
        self.rerun = rerun
        self.lead = lead
    }

    public func due(_ state: LaunchState, now: Date) -> [Check] {
        guard state.ended == nil else { return [] }
        let last = state.checkResults.mapValues(\.at)
        func stale(_ check: Check) -> Bool {
            guard let at = last[check.id] else { return true }
            return now.timeIntervalSince(at) >= rerun
        }
        var wanted: [Check] = []
        var seen = Set<String>()
        for gate in state.runbook.gates {
            guard let ids = state.gateChecks[gate.id], let progress = state.gates[gate.id], !progress.isPassable, progress.decision == .open else { continue }
            let start = gate.window.map { state.instant($0.start) } ?? state.t0
            guard now >= start.addingTimeInterval(-lead) else { continue }
            for check in state.checks where ids.contains(check.id) && stale(check) && seen.insert(check.id).inserted {
                wanted.append(check)
            }
        }
        let due = Set(state.dueNow(now: now).map(\.id))
        for check in state.checks {
            guard let step = check.step, due.contains(step), state.progress(of: step).state == .pending, stale(check), seen.insert(check.id).inserted else { continue }
            wanted.append(check)
        }
        return wanted
    }
}
