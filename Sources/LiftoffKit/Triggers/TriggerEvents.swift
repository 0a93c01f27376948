import Foundation

// Payloads of the events a trigger records as it is evaluated (docs/launches.md, "Live launches:
// triggers, rollback, shifts").

/// Where a trigger stands (Prometheus alerting semantics, plus no data and query errors).
public enum TriggerStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case ok, pending, firing, nodata, error
}

/// `trigger.changed`: one series of one trigger moved to a new state, with what was observed.
public struct TriggerChanged: EventPayload {
    public static let type = EventType.triggerChanged
    /// The trigger's id in the runbook.
    public var trigger: String
    public var state: TriggerStatus
    public var previous: TriggerStatus?
    /// The observed value; nil when there was none (no data, NaN, a query error).
    public var value: Double?
    /// The series' labels as `{a="b",…}`; nil for a scalar or a single unlabelled series.
    public var series: String?
    /// When the evaluation that saw the change ran (the `for` window counts from here).
    public var observedAt: Date
    /// Why: the query error, "no data", or the condition in words.
    public var message: String?
    /// What kind of change this is when the state alone does not say (firing → firing, error → …);
    /// absent in logs written before it existed, where the message's wording tells.
    public var transition: TriggerTransition?
    /// On entering `error`: how many queries failed in a row.
    public var consecutiveErrors: Int?
    /// For a trigger bound to alerts: the alert that moved it (docs/alerts.md).
    public var alert: ReceivedAlert?

    public init(trigger: String, state: TriggerStatus, previous: TriggerStatus?, value: Double?, series: String?, observedAt: Date, message: String?,
                transition: TriggerTransition? = nil, consecutiveErrors: Int? = nil, alert: ReceivedAlert? = nil) {
        self.alert = alert
        self.trigger = trigger
        self.state = state
        self.previous = previous
        self.value = value.flatMap { $0.isFinite ? $0 : nil }
        self.series = series
        self.observedAt = CanonicalTime.rounded(observedAt)
        self.message = message
        self.transition = transition
        self.consecutiveErrors = consecutiveErrors
    }
}

/// The changes of a trigger that its states alone do not tell apart (docs/watching.md).
public enum TriggerTransition: String, Hashable, Sendable, Codable, CaseIterable {
    /// Firing, the condition cleared: firing is kept for `keep`, counted from now.
    case keepStarted = "keep-started"
    /// Firing under `keep`, the condition holds again: the keep window is void.
    case keepReset = "keep-reset"
    /// The query answers again after the `error` state.
    case recovered
}
