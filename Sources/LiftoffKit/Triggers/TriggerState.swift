import Foundation

/// Where one series of one trigger stands, as rebuilt from its `trigger.changed` events.
public struct TriggerSeriesState: Hashable, Sendable, Codable {
    /// ok, pending or firing: the alerting state, kept through no data (`nodata=hold`).
    public var status: TriggerStatus = .ok
    /// The series had no data at its last evaluation and its state is held.
    public var noData = false
    /// When `status` was entered: a pending series fires at `since + for`.
    public var since: Date?
    /// While firing under `keep`: when the condition stopped holding.
    public var clearedAt: Date?
    /// The last observed value that was recorded.
    public var value: Double?

    public init(status: TriggerStatus = .ok, noData: Bool = false, since: Date? = nil, clearedAt: Date? = nil, value: Double? = nil) {
        self.status = status
        self.noData = noData
        self.since = since
        self.clearedAt = clearedAt
        self.value = value
    }

    /// What a reader sees: `nodata` while held, else the alerting state.
    public var reported: TriggerStatus { noData ? .nodata : status }
}

/// Where one trigger stands: every series it has seen, and query errors.
public struct TriggerRuleState: Hashable, Sendable, Codable {
    /// Keyed by the series' labels as `{a="b"}`; "" for a scalar or a single unlabelled series.
    public var series: [String: TriggerSeriesState] = [:]
    /// Consecutive query errors since the last answer (recorded on entering `error`; below the
    /// `errors=` limit a restart starts counting at 0).
    public var consecutiveErrors = 0
    /// Set while the trigger is in the `error` state (more than `errors=` consecutive errors).
    public var errorSince: Date?
    public var lastError: String?
    /// When the watcher last evaluated it (in memory; after a restart, the last recorded change).
    public var lastEvaluatedAt: Date?
    /// The last change recorded for it.
    public var lastChangedAt: Date?

    public init() {}

    /// The trigger as a whole: error, else firing if any series fires, else pending, no data, ok.
    public var status: TriggerStatus {
        if errorSince != nil { return .error }
        let states = series.values
        if states.contains(where: { $0.status == .firing }) { return .firing }
        if states.contains(where: { $0.status == .pending }) { return .pending }
        if states.contains(where: { $0.noData }) { return .nodata }
        return .ok
    }

    /// The most telling value: of a firing series, else of any.
    public var value: Double? {
        let sorted = series.sorted { $0.key < $1.key }.map(\.value)
        return (sorted.first { $0.status == .firing } ?? sorted.first { $0.value != nil })?.value
    }

    /// Folds one recorded change (see `TriggerEvaluator` for what each kind of change means).
    public mutating func apply(_ change: TriggerChanged) {
        lastChangedAt = change.observedAt
        lastEvaluatedAt = change.observedAt
        if change.state == .error {
            errorSince = errorSince ?? change.observedAt
            lastError = change.message
            if let count = change.consecutiveErrors { consecutiveErrors = count }
            return
        }
        let transition = TriggerEvaluator.transition(of: change)
        if change.previous == .error, change.series == nil, transition == .recovered {
            errorSince = nil
            consecutiveErrors = 0
            return
        }
        let key = change.series ?? ""
        var s = series[key] ?? TriggerSeriesState()
        if change.value != nil { s.value = change.value }
        switch change.state {
        case .nodata:
            s.noData = true
        case .ok, .pending, .firing:
            let wasFiring = s.status == .firing
            s.noData = false
            if change.state == .firing, wasFiring {
                // Firing → firing: the condition cleared (keep starts) or came back (keep ends).
                if transition == .keepStarted {
                    s.clearedAt = change.observedAt
                } else if transition == .keepReset {
                    s.clearedAt = nil
                }
            } else if change.state != s.status || change.previous != .nodata {
                s.status = change.state
                s.since = change.observedAt
                s.clearedAt = nil
            }
        case .error:
            break
        }
        series[key] = s
    }
}
