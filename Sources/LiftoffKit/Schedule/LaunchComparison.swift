import Foundation

/// A launch set beside earlier launches of the same runbook (a live launch beside its rehearsals,
/// or one rehearsal beside the ones before it), step by step: planned, and each launch's real
/// duration; steps skipped or failed in one and not the other; steps done after their window
/// closed, by owner; how long each gate waited past its time for its decision.
public struct LaunchComparison: Sendable, Hashable {
    public struct Run: Sendable, Hashable {
        public var launch: Int64
        public var name: String
        public var mode: LaunchMode
        public var t0: Date
    }

    public struct StepRow: Sendable, Hashable {
        public var id: String
        public var text: String
        public var owner: String?
        /// What the runbook says it takes, if it says.
        public var planned: TimeInterval?
        /// One per run, in `runs` order.
        public var durations: [TimeInterval?]
        public var states: [StepState]
        /// Done after its window closed.
        public var late: [Bool]

        /// The runs disagree on whether it was done, skipped or failed.
        public var differs: Bool { Set(states).count > 1 }
    }

    public struct GateRow: Sendable, Hashable {
        public var id: String
        public var title: String
        /// Seconds from the gate's time to its GO (or override); nil when never passed or untimed.
        public var waited: [TimeInterval?]
    }

    /// This launch first, then the earlier ones, newest first.
    public var runs: [Run]
    /// Steps with a duration in some run, or whose outcome differs between runs.
    public var steps: [StepRow]
    public var gates: [GateRow]

    public static let limit = 3

    /// `others`: earlier launches of the same runbook; the newest `limit` are compared.
    public static func compare(_ state: LaunchState, with others: [LaunchState]) -> LaunchComparison? {
        let earlier = others.filter { $0.launch != state.launch && StepHistory.sameRunbook($0, state) }
            .sorted { $0.createdAt > $1.createdAt }.prefix(limit)
        guard !earlier.isEmpty else { return nil }
        let all = [state] + earlier
        let timings = all.map(StepTimings.of)
        var steps: [StepRow] = []
        for step in state.runbook.steps where !step.rollback {
            let durations = timings.map { $0[step.id].map { $0.end.timeIntervalSince($0.start) } }
            let states = all.map { $0.progress(of: step.id).state }
            let late = all.map { run -> Bool in
                guard let at = run.progress(of: step.id).at, let window = run.plan.step(step.id).flatMap(run.window(of:)) else { return false }
                return at > window.end
            }
            let row = StepRow(id: step.id, text: step.text, owner: step.owner, planned: state.plan.runbookEstimates[step.id]?.seconds,
                              durations: durations, states: states, late: late)
            if durations.contains(where: { $0 != nil }) || row.differs || late.contains(true) { steps.append(row) }
        }
        let gates = state.runbook.gates.map { gate in
            GateRow(id: gate.id, title: gate.title, waited: all.map { run in
                guard let passed = run.finished(.gate(gate.id)), let w = run.gate(gate.id)?.window else { return nil }
                return max(0, passed.timeIntervalSince(run.instant(w.start)))
            })
        }.filter { $0.waited.contains { $0 != nil } }
        return LaunchComparison(runs: all.map { Run(launch: $0.launch, name: $0.name, mode: $0.mode, t0: $0.t0) }, steps: steps, gates: gates)
    }

    /// Owners with steps done late, and in how many runs each was late.
    public var lateOwners: [(owner: String, steps: Int)] {
        var counts: [String: Int] = [:]
        for row in steps where row.late.contains(true) { counts[row.owner ?? "no owner", default: 0] += row.late.filter { $0 }.count }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) }
    }

    /// "launch 3 (rehearsal)"
    public func label(_ index: Int) -> String {
        guard let run = runs[safe: index] else { return "" }
        return index == 0 ? "this \(run.mode.rawValue)" : "#\(run.launch) \(run.mode.rawValue)"
    }
}
