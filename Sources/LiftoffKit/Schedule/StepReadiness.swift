import Foundation

/// What holds a step back from starting now.
public enum WaitReason: Hashable, Sendable {
    /// A step it waits for that is not done (or skipped) yet.
    case step(id: String, text: String, state: StepState)
    /// A gate before it that is not decided GO (nor overridden).
    case gate(id: String, title: String)
    /// Its window has not opened.
    case window(opens: Date)
    /// It waits, directly or not, on a cycle of `after:`; `lint` reports it.
    case cycle

    public func text(now: Date, timeZone: TimeZone) -> String {
        switch self {
        case .step(_, let text, let state): "'\(text)'" + (state == .pending ? "" : " (\(state.rawValue))")
        case .gate(_, let title): "gate '\(title)'"
        case .window(let opens): "its time, \(RelativeTime.describe(opens, now: now, timeZone: timeZone))"
        case .cycle: "a dependency cycle (see liftoff lint)"
        }
    }
}

/// Where a step stands on the clock: done, skipped, failed or blocked as marked; in progress
/// once started; ready when nothing holds it back; else waiting, and for what.
public enum StepReadiness: Hashable, Sendable {
    case done, skipped, failed, blocked
    case inProgress(since: Date)
    case ready
    case waiting([WaitReason])

    public var label: String {
        switch self {
        case .done: "done"
        case .skipped: "skipped"
        case .failed: "failed"
        case .blocked: "blocked"
        case .inProgress: "in progress"
        case .ready: "ready"
        case .waiting: "waiting"
        }
    }

    /// The JSON and CSS name: `in-progress`.
    public var key: String { label.replacingOccurrences(of: " ", with: "-") }
}

extension LaunchState {
    public func readiness(of step: Step, now: Date) -> StepReadiness {
        let p = progress(of: step.id)
        switch p.state {
        case .done: return .done
        case .skipped: return .skipped
        case .failed: return .failed
        case .blocked: return .blocked
        case .pending: break
        }
        if let since = p.startedAt { return .inProgress(since: since) }
        let reasons = waitReasons(step, now: now)
        return reasons.isEmpty ? .ready : .waiting(reasons)
    }

    /// Everything that holds `step` back now, in the order: steps, gates, its time.
    public func waitReasons(_ step: Step, now: Date) -> [WaitReason] {
        let graph = plan.dependencies
        if !plan.placed.contains(.step(step.id)) { return [.cycle] }
        var reasons: [WaitReason] = []
        for dependency in graph.dependencies(of: .step(step.id)) where !isSettled(dependency.on) {
            switch dependency.on {
            case .step(let id):
                reasons.append(.step(id: id, text: plan.step(id)?.text ?? id, state: progress(of: id).state))
            case .gate(let id):
                reasons.append(.gate(id: id, title: plan.gate(id)?.title ?? id))
            }
        }
        if let window = window(of: step), window.start > now { reasons.append(.window(opens: window.start)) }
        return reasons
    }

    /// Checklist steps (rollback steps left out) that could be worked on now, in runbook order.
    public func readyNow(now: Date) -> [Step] {
        runbook.steps.filter { !$0.rollback && readiness(of: $0, now: now) == .ready }
    }

    /// Checklist steps someone has started and not finished.
    public var inProgress: [Step] {
        runbook.steps.filter { !$0.rollback && progress(of: $0.id).inProgress }
    }
}
