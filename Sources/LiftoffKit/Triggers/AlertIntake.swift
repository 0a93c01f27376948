import Foundation

/// What alerts received from Alertmanager or Grafana do to a launch, decided purely from its
/// state (docs/alerts.md). Each alert moves every active alert trigger whose matchers it meets:
/// firing makes the trigger's series for that alert firing, resolved makes it ok again. An alert
/// already in the state it reports changes nothing, so Alertmanager's repeated notifications
/// and retries are idempotent. A rollback trigger that starts firing requests the rollback as
/// a query trigger would (`LiveRules.rollbackDrafts`).
///
/// ```swift
/// let drafts = AlertIntake.drafts(state, alerts: received, now: now, actor: "alertmanager")
/// ```
public enum AlertIntake {
    /// The alert triggers of `state` that are active now and match `alert`.
    public static func rules(_ state: LaunchState, matching alert: ReceivedAlert, now: Date) -> [TriggerRule] {
        state.triggerRules.filter { rule in
            guard let matchers = rule.alert else { return false }
            return LiveRules.isActive(rule, in: state, now: now) && matchers.matches(alert.labels)
        }
    }

    /// Whether the launch has any alert trigger at all (a launch without one is never routed to).
    public static func listens(_ state: LaunchState) -> Bool {
        state.ended == nil && state.triggerRules.contains { $0.alert != nil }
    }

    public static func drafts(_ state: LaunchState, alerts: [ReceivedAlert], now rawNow: Date, actor: String) -> [EventDraft] {
        let now = CanonicalTime.rounded(rawNow)
        var drafts: [EventDraft] = []
        var working: [String: TriggerRuleState] = [:]
        var rollbackRequested = state.rollback != nil
        for alert in alerts {
            let series = TriggerObservation.seriesKey(alert.labels)
            for rule in rules(state, matching: alert, now: now) {
                var ruleState = working[rule.id] ?? state.trigger(rule.id)
                let before = ruleState.series[series ?? ""]?.reported ?? .ok
                let change: TriggerChanged
                switch (alert.status, before == .firing) {
                case (.firing, false):
                    let said = alert.summary.map { ": \($0)" } ?? ""
                    change = TriggerChanged(trigger: rule.id, state: .firing, previous: before, value: nil, series: series, observedAt: now,
                                            message: "alert \(alert.title) firing\(said)", alert: alert)
                case (.resolved, true):
                    change = TriggerChanged(trigger: rule.id, state: .ok, previous: before, value: nil, series: series, observedAt: now,
                                            message: "alert \(alert.title) resolved", alert: alert)
                default:
                    continue
                }
                let wasFiring = ruleState.status == .firing
                ruleState.apply(change)
                working[rule.id] = ruleState
                drafts.append(EventDraft(actor: actor, change))
                if rule.action == .rollback, !wasFiring, ruleState.status == .firing, !rollbackRequested {
                    rollbackRequested = true
                    drafts += LiveRules.rollbackDrafts(state, reason: "alert \(alert.title) firing (trigger \(rule.name))", trigger: rule.id, value: nil, by: actor)
                }
            }
        }
        return drafts
    }
}
