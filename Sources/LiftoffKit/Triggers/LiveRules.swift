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
            // Alert triggers move when an alert arrives (`AlertIntake`), never on a clock.
            guard rule.alert == nil, isActive(rule, in: state, now: now) else { return false }
            guard let last = state.triggers[rule.id]?.lastEvaluatedAt else { return true }
            return now.timeIntervalSince(last) >= Double(rule.everySeconds) - 0.0005
        }
    }

    /// When the next rule becomes due (for the watcher's sleep); nil when none will.
    public static func nextDue(_ state: LaunchState, now: Date) -> Date? {
        state.triggerRules.compactMap { rule -> Date? in
            guard state.ended == nil, rule.alert == nil else { return nil }
            let start = Schedule.instant(of: rule.activeFrom, t0: state.t0, timeZone: state.timeZone)
            if let bound = rule.activeForSeconds, now >= start.addingTimeInterval(Double(bound)) { return nil }
            guard now >= start else { return start }
            guard let last = state.triggers[rule.id]?.lastEvaluatedAt else { return now }
            return max(now, last.addingTimeInterval(Double(rule.everySeconds)))
        }.min()
    }

    /// What to append after one evaluation: its `trigger.changed` events and, when a rollback
    /// trigger starts firing with no rollback under way, the rollback request (confirmed at once
    /// by `system` under policy auto). Status posts follow from the events (`StatusMilestones`).
    public static func afterEvaluation(_ state: LaunchState, rule: TriggerRule, outcome: TriggerEvaluator.Outcome, now: Date) -> [EventDraft] {
        var drafts = outcome.changes.map { EventDraft(actor: actor, $0) }
        guard state.trigger(rule.id).status != .firing, outcome.state.status == .firing, rule.action == .rollback, state.rollback == nil else { return drafts }
        let value = outcome.state.value
        let evidence = value.map { "\(rule.signalLabel) \(rule.valueText($0)) \(rule.op.rawValue) \(rule.thresholdText)" } ?? rule.conditionText
        let lasting = rule.forSeconds > 0 ? " for \(TriggerRule.durationText(rule.forSeconds))" : ""
        drafts += rollbackDrafts(state, reason: "\(evidence)\(lasting) (trigger \(rule.name))", trigger: rule.id, value: value)
        return drafts
    }

    /// `rollback.requested` with the launch's policy, and under policy auto `rollback.confirmed` by `system`.
    public static func rollbackDrafts(_ state: LaunchState, reason: String, trigger: String?, value: Double?, by requester: String = actor) -> [EventDraft] {
        // While the launch is held nothing rolls back by itself: the authority is asked instead.
        let policy = state.hold == nil ? state.rollbackPolicy : .manual
        var drafts = [EventDraft(actor: requester, RollbackRequested(reason: reason, trigger: trigger, value: value, policy: policy))]
        if policy == .auto {
            drafts.append(EventDraft(actor: actor, RollbackConfirmed(role: nil, comment: "policy auto")))
        }
        return drafts
    }
}
