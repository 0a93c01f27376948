import Foundation

/// What a watcher does during a live launch, decided purely from the launch state and `now`:
/// which triggers to evaluate, what to append after an evaluation, which milestones to post.
/// The watcher observes, runs commands and appends; it decides nothing itself.
///
/// ```swift
/// for rule in LiveRules.due(state, now: now) {
///     let observation = await prometheus.query(rule.query)           // .vector / .scalar / .error
///     let outcome = TriggerEvaluator.evaluate(rule, state: state.trigger(rule.id), observation: observation, now: now)
///     let drafts = LiveRules.afterEvaluation(state, rule: rule, outcome: outcome, now: now)
///     try await append(drafts)                                        // then fold them into state
///     state.record(outcome, for: rule)
/// }
/// ```
public enum LiveRules {
    /// The actor of everything the watcher records.
    public static let actor = "system"

    // MARK: Triggers

    /// Whether a rule is inside its active window: from its phase's start, for `activeForSeconds`
    /// when bounded, until the launch ends.
    public static func isActive(_ rule: TriggerRule, in state: LaunchState, now: Date) -> Bool {
        guard state.ended == nil else { return false }
        let start = Schedule.instant(of: rule.activeFrom, t0: state.t0, timeZone: state.timeZone)
        guard now >= start else { return false }
        if let bound = rule.activeForSeconds { return now < start.addingTimeInterval(Double(bound)) }
        return true
    }

    /// Rules to evaluate now: active, and not evaluated within their `every`.
    public static func due(_ state: LaunchState, now: Date) -> [TriggerRule] {
        state.triggerRules.filter { rule in
            guard isActive(rule, in: state, now: now) else { return false }
            guard let last = state.triggers[rule.id]?.lastEvaluatedAt else { return true }
            return now.timeIntervalSince(last) >= Double(rule.everySeconds) - 0.0005
        }
    }

    /// When the next rule becomes due (for the watcher's sleep); nil when none will.
    public static func nextDue(_ state: LaunchState, now: Date) -> Date? {
        state.triggerRules.compactMap { rule -> Date? in
            guard state.ended == nil else { return nil }
            let start = Schedule.instant(of: rule.activeFrom, t0: state.t0, timeZone: state.timeZone)
            if let bound = rule.activeForSeconds, now >= start.addingTimeInterval(Double(bound)) { return nil }
            guard now >= start else { return start }
            guard let last = state.triggers[rule.id]?.lastEvaluatedAt else { return now }
            return max(now, last.addingTimeInterval(Double(rule.everySeconds)))
        }.min()
    }

    /// What to append after one evaluation: its `trigger.changed` events, then the reactions —
    /// a rollback trigger that starts firing with no rollback under way requests one (confirmed
    /// at once by `system` under policy auto); other triggers that start firing, or fall into
    /// the error state, post a status.
    public static func afterEvaluation(_ state: LaunchState, rule: TriggerRule, outcome: TriggerEvaluator.Outcome, now: Date) -> [EventDraft] {
        var drafts = outcome.changes.map { EventDraft(actor: actor, $0) }
        let before = state.trigger(rule.id).status
        let after = outcome.state.status
        guard before != after else { return drafts }
        let value = outcome.state.value
        let evidence = value.map { "\(rule.signalLabel) \(rule.valueText($0)) \(rule.op.rawValue) \(rule.thresholdText)" } ?? rule.conditionText
        let lasting = rule.forSeconds > 0 ? " for \(TriggerRule.durationText(rule.forSeconds))" : ""
        if after == .firing {
            if rule.action == .rollback, state.rollback == nil {
                drafts += rollbackDrafts(state, reason: "\(evidence)\(lasting) (trigger \(rule.name))", trigger: rule.id, value: value)
            } else {
                let level: StatusLevel = rule.action == .alert ? .yellow : .red
                drafts.append(post(state, level, "Trigger firing: \(evidence)\(lasting) (\(rule.name), \(rule.action.rawValue))", milestone: "trigger firing"))
            }
        } else if after == .error {
            drafts.append(post(state, .yellow, "Trigger \(rule.name) cannot be evaluated: \(outcome.state.lastError ?? "query errors")", milestone: "trigger error"))
        }
        return drafts
    }

    /// `rollback.requested` with the launch's policy, and under policy auto `rollback.confirmed` by `system`.
    public static func rollbackDrafts(_ state: LaunchState, reason: String, trigger: String?, value: Double?, by requester: String = actor) -> [EventDraft] {
        let policy = state.rollbackPolicy
        var drafts = [EventDraft(actor: requester, RollbackRequested(reason: reason, trigger: trigger, value: value, policy: policy))]
        if policy == .auto {
            drafts.append(EventDraft(actor: actor, RollbackConfirmed(role: nil, comment: "policy auto")))
        }
        return drafts
    }

    // MARK: Milestones

    /// The status to post because of an event just applied to `state` (gate decided, rollback
    /// requested / started / stopped, launch ended); nil when the event is no milestone or its
    /// post already exists (so a restarted watcher posts nothing twice).
    public static func milestone(for event: LaunchEvent, in state: LaunchState) -> EventDraft? {
        var payload: StatusPosted?
        switch event.eventType {
        case .gateDecided:
            guard let d = try? event.decode(GateDecided.self), d.decision != .open else { return nil }
            let title = state.gate(d.gate)?.title ?? d.gate
            payload = status(state, d.decision == .go ? .green : .red, "Gate '\(title)' decided \(d.decision.label): \(d.reason)", milestone: "gate decided")
        case .rollbackRequested:
            guard let r = try? event.decode(RollbackRequested.self) else { return nil }
            let next = r.policy == .auto ? "starting now (policy auto)" : "waiting for \(state.rollbackAuthority.description) to confirm"
            payload = status(state, .red, "Rollback requested: \(r.reason); \(next)", milestone: "rollback")
        case .rollbackConfirmed:
            guard let rollback = state.rollback, rollback.startedAt == event.time, rollback.request.policy == .manual else { return nil }
            let who = rollback.confirmations.map { c in c.role.map { "\(c.by) (\($0))" } ?? c.by }.joined(separator: ", ")
            payload = status(state, .red, "Rollback confirmed by \(who); running the rollback procedure", milestone: "rollback")
        case .actionRan:
            guard let a = try? event.decode(ActionRan.self), a.purpose == .rollback, !a.succeeded else { return nil }
            let step = a.step.flatMap { state.runbook.step($0)?.text } ?? a.step ?? "a step"
            let why = a.error ?? "exit \(a.exitCode.map(String.init) ?? "?")"
            payload = status(state, .red, "Rollback stopped: '\(step)' failed (\(why)); an admin decides what happens next", milestone: "rollback")
        case .launchEnded:
            guard let e = try? event.decode(LaunchEnded.self) else { return nil }
            let level: StatusLevel = e.outcome == .success ? .green : (e.outcome == .rolledBack ? .yellow : .red)
            let text = switch e.outcome {
            case .success: "Launch ended: success"
            case .rolledBack: "Launch rolled back: the rollback procedure completed"
            case .aborted: "Launch aborted"
            }
            payload = status(state, level, text + (e.note.map { " (\($0))" } ?? ""), milestone: "launch ended")
        default:
            return nil
        }
        guard let payload else { return nil }
        let posted = state.statuses.contains { $0.seq > event.seq && $0.milestone == payload.milestone && $0.message == payload.message }
        return posted ? nil : EventDraft(actor: actor, payload)
    }

    /// "Phase started" posts for phases that began in the last `grace` seconds and were not posted yet.
    public static func phasePosts(_ state: LaunchState, now: Date, grace: TimeInterval = 900) -> [EventDraft] {
        guard state.ended == nil else { return [] }
        var seen: Set<String> = []
        return state.runbook.sections.compactMap { section -> EventDraft? in
            guard let anchor = section.anchor, seen.insert(section.title).inserted else { return nil }
            let start = Schedule.instant(of: anchor.start, t0: state.t0, timeZone: state.timeZone)
            guard start <= now, now.timeIntervalSince(start) < grace else { return nil }
            let message = "Phase started: \(section.title)"
            guard !state.statuses.contains(where: { $0.milestone == "phase started" && $0.message == message }) else { return nil }
            return post(state, state.currentStatus?.status ?? .green, message, milestone: "phase started")
        }
    }

    static func post(_ state: LaunchState, _ level: StatusLevel, _ message: String, milestone: String) -> EventDraft {
        EventDraft(actor: actor, status(state, level, message, milestone: milestone))
    }

    static func status(_ state: LaunchState, _ level: StatusLevel, _ message: String, milestone: String) -> StatusPosted {
        StatusPosted(status: level, message: message, milestone: milestone, channels: state.channels.map(\.name))
    }
}
