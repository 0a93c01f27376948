import Foundation

/// What a traffic shift needs next (DESIGN §7).
public enum ShiftNext: Hashable, Sendable {
    /// The shift's step is not due yet, or a rollback is under way, or the launch ended.
    case idle
    /// Append `action.started`, run the command for stage `stage` (`PreparedCommand` with
    /// `{{weight}}`), append `action.ran` (purpose shift), then `shift.stage started` — or,
    /// when the command failed, the drafts of `LiveRules.shiftAbort`.
    case start(stage: Int, weight: Int)
    /// The stage's command was started and never finished (a crash): it waits for the rollback
    /// authority (`action.resolved`).
    case interrupted(stage: Int, weight: Int, since: Date)
    /// The stage's pause and analysis run until then.
    case wait(stage: Int, weight: Int, until: Date)
    /// The analysis held for the whole pause: append `shift.stage passed`.
    case pass(stage: Int, weight: Int)
    /// The analysis failed during the pause: append `LiveRules.shiftAbort(…)`.
    case abort(stage: Int, weight: Int, reason: String)
    /// Every stage passed, or the shift was aborted.
    case finished
}

extension LiveRules {
    /// The next action of one shift step. It starts at the step's due time (T-0 when untimed).
    public static func nextShiftAction(_ state: LaunchState, _ shift: ShiftStep, now: Date) -> ShiftNext {
        let records = state.shifts[shift.step] ?? []
        if records.contains(where: { $0.state == .aborted }) { return .finished }
        let started = records.filter { $0.state == .started }
        let passed = records.filter { $0.state == .passed }
        // A rollback requested for another reason (a trigger, a person) ends a stage under way:
        // the shift goes no further, and its record says so.
        if state.ended == nil, let rollback = state.rollback, started.count > passed.count, let current = started.last {
            return .abort(stage: started.count - 1, weight: current.weight, reason: "a rollback was requested: \(rollback.request.reason)")
        }
        guard state.ended == nil, state.rollback == nil, !shift.stages.isEmpty else { return .idle }
        if started.count > passed.count, let current = started.last {
            let stage = started.count - 1
            if let failing = failingAnalysis(state, shift, since: current.at) {
                return .abort(stage: stage, weight: current.weight, reason: failing)
            }
            let pause = shift.pauses.indices.contains(stage) ? shift.pauses[stage] : 0
            let until = current.at.addingTimeInterval(Double(pause))
            // A firing halt trigger holds the stage past its pause until the trigger clears.
            if now >= until, haltingTrigger(state) != nil {
                return .wait(stage: stage, weight: current.weight, until: now.addingTimeInterval(haltRecheckSeconds))
            }
            return now >= until ? .pass(stage: stage, weight: current.weight) : .wait(stage: stage, weight: current.weight, until: until)
        }
        let next = passed.count
        guard next < shift.stages.count else { return .finished }
        if next == 0 {
            let window = state.plan.step(shift.step)?.window ?? (state.runbook.sections.indices.contains(shift.section) ? state.runbook.sections[shift.section].window : nil)
            let due = Schedule.instant(of: window?.start ?? .zero, t0: state.t0, timeZone: state.timeZone)
            guard now >= due else { return .idle }
        }
        if !shift.idempotent, let started = state.interrupted[ActionStarted.key(.shift, shift.step, shift.command)] {
            return .interrupted(stage: next, weight: started.started.weight ?? shift.stages[next], since: started.at)
        }
        if haltingTrigger(state) != nil { return .idle }
        return .start(stage: next, weight: shift.stages[next])
    }

    /// How soon a held stage looks again at its halt trigger.
    static let haltRecheckSeconds: TimeInterval = 15

    /// A firing trigger whose action is `halt`: traffic stays where it is while it fires
    /// (docs/watching.md, "Traffic shifts").
    public static func haltingTrigger(_ state: LaunchState) -> TriggerRule? {
        state.triggerRules.first { $0.action == .halt && state.trigger($0.id).status == .firing }
    }

    /// Why the analysis fails, or nil: a trigger named in it is firing, or a check named in it
    /// failed since the stage started.
    public static func failingAnalysis(_ state: LaunchState, _ shift: ShiftStep, since: Date) -> String? {
        for name in shift.analysis {
            let key = name.lowercased()
            let rules = state.triggerRules.filter { $0.id.lowercased() == key || $0.name.lowercased() == key || $0.signal.lowercased() == key }
            for rule in rules {
                let s = state.trigger(rule.id)
                if s.status == .firing {
                    let value = s.value.map { " \(rule.valueText($0))" } ?? ""
                    return "\(rule.signalLabel)\(value) \(rule.op.rawValue) \(rule.thresholdText) (trigger \(rule.name) firing)"
                }
            }
            if let check = state.checkResults.first(where: { $0.key.lowercased() == key })?.value, check.at >= since, check.result != .pass {
                return "check \(check.check) \(check.result.rawValue)"
            }
        }
        return nil
    }

    /// `shift.stage aborted`, then a rollback request (confirmed by `system` under policy auto)
    /// unless one is under way.
    public static func shiftAbort(_ state: LaunchState, _ shift: ShiftStep, weight: Int, reason: String) -> [EventDraft] {
        var drafts = [EventDraft(actor: actor, ShiftStage(step: shift.step, weight: weight, state: .aborted, reason: reason))]
        if state.rollback == nil {
            drafts += rollbackDrafts(state, reason: "traffic shift aborted at \(weight)%: \(reason)", trigger: nil, value: nil)
        }
        return drafts
    }
}
