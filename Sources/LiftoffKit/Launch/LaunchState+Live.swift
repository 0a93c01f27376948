import Foundation

extension LaunchState {
    /// The launch's rollback policy: the vars file's, else the runbook's `rollback:` block, else manual.
    public var rollbackPolicy: RollbackPolicy {
        created.rollbackPolicy ?? rollbackProcedure.policy ?? .manual
    }

    /// A rollback was requested and has not ended the launch (it may be waiting, running or stopped).
    public var rollbackInProgress: Bool { rollback != nil && ended == nil }

    public func trigger(_ id: String) -> TriggerRuleState { triggers[id] ?? TriggerRuleState() }

    public func triggerRule(_ id: String) -> TriggerRule? { plan.triggerRule(id) }

    /// Keeps what an evaluation saw, changes or not (the time of the evaluation, error counts).
    /// Call it after the outcome's changes were appended and applied.
    public mutating func record(_ outcome: TriggerEvaluator.Outcome, for rule: TriggerRule) {
        triggers[rule.id] = outcome.state
    }

    /// Folds the events of a live launch: triggers, rollbacks, commands, shift stages.
    mutating func applyLive(_ event: LaunchEvent) throws -> String {
        let who = event.actor
        switch event.eventType {
        case .triggerChanged:
            let c = try event.decode(TriggerChanged.self)
            facts.record(c, at: event.time)
            var rule = triggers[c.trigger] ?? TriggerRuleState()
            rule.apply(c)
            triggers[c.trigger] = rule
            let name = triggerRule(c.trigger)?.name ?? c.trigger
            let series = c.series.map { " \($0)" } ?? ""
            return "trigger '\(name)'\(series) \(c.previous.map { "\($0.rawValue) → " } ?? "")\(c.state.rawValue)" + (c.message.map { ": \($0)" } ?? "")
        case .rollbackRequested:
            let r = try event.decode(RollbackRequested.self)
            if var current = rollback {
                guard current.stopped else {
                    return "\(who) asked for a rollback again (one is already under way): \(r.reason)"
                }
                // A new request after a failed attempt resumes at the failed command.
                current.results = current.results.filter { $0.value.succeeded }
                current.failure = nil
                current.confirmations = []
                current.startedAt = nil
                current.request = r
                current.requestedBy = who
                current.requestedAt = event.time
                current.attempt += 1
                current.requestSeq = event.seq
                rollback = current
            } else {
                var requested = RollbackState(request: r, by: who, at: event.time)
                requested.requestSeq = event.seq
                rollback = requested
            }
            let waiting = r.policy == .auto ? "policy auto" : "waiting for \(rollbackAuthority.description) to confirm"
            return "\(who) requested a rollback: \(r.reason) (\(waiting))"
        case .rollbackConfirmed:
            let c = try event.decode(RollbackConfirmed.self)
            guard var current = rollback else { return "\(who) confirmed a rollback that was not requested" }
            current.confirmations.append(RollbackConfirmation(by: who, role: c.role, at: event.time, comment: c.comment))
            let startsNow = current.startedAt == nil && (current.request.policy == .auto || rollbackAuthority.satisfied(by: current.confirmations))
            if startsNow { current.startedAt = event.time }
            rollback = current
            let as_ = c.role.map { " as \($0)" } ?? ""
            let progress = startsNow ? "; the procedure starts" : (current.started ? "" : "; more confirmations needed (\(rollbackAuthority.description))")
            return "\(who) confirmed the rollback\(as_)\(progress)" + (c.comment.map { ": \($0)" } ?? "")
        case .actionStarted:
            let a = try event.decode(ActionStarted.self)
            interrupted[a.key] = InterruptedAction(started: a, by: who, at: event.time)
            return "started `\(a.command.count > 80 ? String(a.command.prefix(77)) + "…" : a.command)` (\(a.purpose.rawValue)\(a.step.map { ": \($0)" } ?? ""))"
        case .actionResolved:
            let r = try event.decode(ActionResolved.self)
            interrupted[r.key] = nil
            if r.resolution != .rerun, r.purpose == .rollback, var current = rollback {
                // Done or skipped: the procedure goes on as if it had succeeded.
                current.results[RollbackState.key(step: r.step, command: r.command)] = ActionRan(purpose: r.purpose, step: r.step, command: r.command, exitCode: 0, output: nil, durationMS: nil, error: nil)
                rollback = current
            }
            let verb = switch r.resolution { case .rerun: "to run again"; case .done: "done"; case .skip: "skipped" }
            return "\(who) marked the interrupted `\(r.command)` \(verb)" + (r.comment.map { ": \($0)" } ?? "")
        case .actionRan:
            let a = try event.decode(ActionRan.self)
            interrupted[ActionStarted.key(a.purpose, a.step, a.command)] = nil
            if a.purpose == .rollback, var current = rollback {
                current.results[RollbackState.key(step: a.step, command: a.command)] = a
                if !a.succeeded, current.failure == nil { current.failure = a }
                rollback = current
            }
            let what = a.step.flatMap { plan.step($0)?.text ?? $0 }.map { " (\(a.purpose.rawValue): \($0))" } ?? " (\(a.purpose.rawValue))"
            let command = a.command.count > 80 ? String(a.command.prefix(77)) + "…" : a.command
            let took = a.durationMS.map { " in \($0) ms" } ?? ""
            if a.succeeded { return "ran `\(command)`\(what): exit 0\(took)" }
            return "`\(command)`\(what) failed: " + (a.error ?? "exit \(a.exitCode.map(String.init) ?? "?")") + took
        case .shiftStage:
            let s = try event.decode(ShiftStage.self)
            shifts[s.step, default: []].append(ShiftStageRecord(weight: s.weight, state: s.state, at: event.time, reason: s.reason))
            return "traffic shift at \(s.weight)%: \(s.state.rawValue)" + (s.reason.map { " (\($0))" } ?? "")
        default:
            return "\(event.type) by \(who)"
        }
    }
}
