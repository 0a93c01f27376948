import LiftoffMarkdown

/// What a trigger does when its signal has no data (an empty result or NaN).
public enum NoDataPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    /// No data counts as a healthy evaluation: the series goes back to ok.
    case pass
    /// No data counts as the condition being true: it can go pending and fire.
    case fail
    /// The state is kept as it was and the series is reported as `nodata` (the default).
    case hold
}

/// Where a trigger rule was written.
public enum TriggerOrigin: String, Hashable, Sendable, Codable {
    /// `<!-- liftoff: trigger … -->`
    case annotation
    /// A `triggers:` list in a `liftoff` block or the front matter.
    case yaml
    /// A sentence or a threshold-table row the runbook extractor recognised, bound to a signal.
    case prose
}

/// A trigger ready to evaluate: a bound query, a condition, timing and an action (DESIGN §6).
///
/// ```swift
/// let rules = runbook.triggers(vars: vars)      // explicit triggers + bound prose candidates
/// let due = LiveRules.due(state, now: now)      // which of them to evaluate now
/// ```
public struct TriggerRule: Hashable, Sendable, Identifiable {
    /// Stable: the slug of an explicit trigger's name, or `section-id/signal` for prose.
    public var id: String
    public var name: String
    /// The signal as written: a symbolic name (`error rate`) or the query itself.
    public var signal: String
    /// The PromQL query evaluated against the launch's Prometheus.
    public var query: String
    public var op: ComparisonOperator
    /// In base units: fractions for `%`, seconds for `ms`/`s`.
    public var threshold: Double
    /// The unit the threshold was written in (`%`, `ms`, `s`), for display.
    public var unit: String?
    public var forSeconds: Int
    public var keepSeconds: Int
    public var everySeconds: Int
    public var nodata: NoDataPolicy
    /// More than this many consecutive query errors is the `error` state.
    public var maxErrors: Int
    public var action: TriggerAction
    public var origin: TriggerOrigin
    /// The definition or sentence as written (with variables filled).
    public var text: String
    public var position: SourcePosition
    /// Index into `Runbook.sections`.
    public var section: Int
    public var step: String?
    /// When evaluation starts: the start of the trigger's phase, T-0 when the section is untimed.
    public var activeFrom: TimeOffset
    /// How long after `activeFrom` the trigger is evaluated ("within 15 minutes of …"); nil: until the launch ends.
    public var activeForSeconds: Int?
    /// Set when the trigger is bound to incoming alerts (`alert severity="critical"`): it has no
    /// query, the watcher never evaluates it, `POST /api/v1/alerts` moves it (docs/alerts.md).
    public var alert: [AlertMatcher]?

    public static let defaultEverySeconds = 15
    public static let defaultMaxErrors = 4

    public init(id: String, name: String, signal: String, query: String, op: ComparisonOperator, threshold: Double, unit: String? = nil,
                forSeconds: Int = 0, keepSeconds: Int = 0, everySeconds: Int = TriggerRule.defaultEverySeconds, nodata: NoDataPolicy = .hold,
                maxErrors: Int = TriggerRule.defaultMaxErrors, action: TriggerAction, origin: TriggerOrigin, text: String,
                position: SourcePosition, section: Int, step: String? = nil, activeFrom: TimeOffset = .zero, activeForSeconds: Int? = nil) {
        self.id = id
        self.name = name
        self.signal = signal
        self.query = query
        self.op = op
        self.threshold = threshold
        self.unit = unit
        self.forSeconds = forSeconds
        self.keepSeconds = keepSeconds
        self.everySeconds = everySeconds
        self.nodata = nodata
        self.maxErrors = maxErrors
        self.action = action
        self.origin = origin
        self.text = text
        self.position = position
        self.section = section
        self.step = step
        self.activeFrom = activeFrom
        self.activeForSeconds = activeForSeconds
    }

    /// Whether an observed value meets the condition (NaN is nodata before it gets here).
    public func holds(_ value: Double) -> Bool {
        op.holds(value, threshold)
    }

    /// The threshold in the unit it was written in: `1%`, `800ms`.
    public var thresholdText: String { TriggerRule.display(threshold, unit: unit) }

    /// `error rate > 1% for 5m`: the condition in the words of the runbook.
    public var conditionText: String {
        if let alert { return "alert \(alert.text)" }
        var s = "\(signalLabel) \(op.rawValue) \(thresholdText)"
        if forSeconds > 0 { s += " for \(TriggerRule.durationText(forSeconds))" }
        return s
    }

    /// The symbolic name, or a shortened query.
    public var signalLabel: String {
        signal.count <= 40 ? signal : String(signal.prefix(37)) + "…"
    }

    /// A value as the runbook would write it, in the rule's unit.
    public func valueText(_ value: Double) -> String { TriggerRule.display(value, unit: unit) }

    package static func display(_ value: Double, unit: String?) -> String {
        switch unit {
        case "%": CheckQuantity.trimmed(value * 100) + "%"
        case "ms": CheckQuantity.trimmed(value * 1000) + "ms"
        case "s": CheckQuantity.trimmed(value) + "s"
        case "m", "min": CheckQuantity.trimmed(value / 60) + "m"
        case "h": CheckQuantity.trimmed(value / 3600) + "h"
        case "d": CheckQuantity.trimmed(value / 86400) + "d"
        default: CheckQuantity.trimmed(value)
        }
    }

    /// `90` → `1m30s`, `300` → `5m`, `3600` → `1h`.
    public static func durationText(_ seconds: Int) -> String {
        if seconds <= 0 { return "0s" }
        var parts: [String] = []
        var rest = seconds
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        return parts.joined()
    }
}
