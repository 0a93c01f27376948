import LiftoffMarkdown

/// What a trigger does when it fires: alert the team, page the on-call, halt a traffic shift
/// where it stands (and alert), or request the rollback.
public enum TriggerAction: String, Hashable, Sendable, Codable {
    case alert, rollback, page, halt
}

/// A rule on a live signal read from prose ("Error rate > 1% for 5 minutes") or a threshold table.
/// The launch binds `signal` to a query; unbound candidates are reported by `lint`.
public struct TriggerCandidate: Hashable, Sendable {
    public var position: SourcePosition
    public var text: String
    /// Symbolic signal name, lower-cased (`error rate`, `p99 latency`).
    public var signal: String
    /// The operator under which the trigger fires.
    public var op: ComparisonOperator
    /// In base units: fractions for percentages, seconds for durations. Nil while a
    /// `{{VARIABLE}}` stands in its place (see `valueVariable`).
    public var value: Double?
    public var valueVariable: String?
    /// The unit as written (`%`, `ms`, `s`), for display.
    public var unit: String?
    public var forSeconds: Int?
    public var forVariable: String?
    /// Seconds per unit of `forVariable` ("{{N}} minutes" → 60).
    public var forVariableUnit: Int?
    public var action: TriggerAction
    /// A bound on when the trigger is active ("within 15 minutes of traffic shift").
    public var activeForSeconds: Int?
    public var section: Int
    /// The threshold as written when it is relative to a baseline ("3x baseline"); `value` is
    /// then nil and the candidate is reported by `lint`, never evaluated.
    public var relative: String?

    public init(position: SourcePosition, text: String, signal: String, op: ComparisonOperator, value: Double?, valueVariable: String? = nil, unit: String?, forSeconds: Int?, forVariable: String? = nil, action: TriggerAction, activeForSeconds: Int?, section: Int) {
        self.position = position
        self.text = text
        self.signal = signal
        self.op = op
        self.value = value
        self.valueVariable = valueVariable
        self.unit = unit
        self.forSeconds = forSeconds
        self.forVariable = forVariable
        self.action = action
        self.activeForSeconds = activeForSeconds
        self.section = section
    }
}

/// A statement of the healthy side read from the runbook: "p95 < 400ms" under success
/// criteria, "proceed if ✅ error rate < 0.5%", "baseline is ~350ms". Never a trigger as written.
public struct HealthyStatement: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A GO, success or exit criterion, a target or SLO.
        case criterion
        /// What the signal normally reads ("baseline is ~350ms").
        case baseline
    }
    public var position: SourcePosition
    public var text: String
    public var signal: String
    public var op: ComparisonOperator
    public var value: Double?
    public var unit: String?
    public var kind: Kind
    public var section: Int

    public init(position: SourcePosition, text: String, signal: String, op: ComparisonOperator, value: Double?, unit: String?, kind: Kind, section: Int) {
        self.position = position
        self.text = text
        self.signal = signal
        self.op = op
        self.value = value
        self.unit = unit
        self.kind = kind
        self.section = section
    }
}
