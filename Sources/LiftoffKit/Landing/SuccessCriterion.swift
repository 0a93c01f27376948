import LiftoffMarkdown

/// One criterion of the launch's success, read from a success, exit, acceptance or
/// "launch complete" section: a metric condition that must hold for a window ("Error rates <
/// 0.1% for 24 hours"), or a judgement a person confirms ("Support volume normal").
/// Never a trigger: it states the healthy side (docs/runbook-format.md, "Success criteria").
public struct SuccessCriterion: Hashable, Sendable {
    /// How the criterion is known to hold.
    public enum Measure: Hashable, Sendable {
        /// A signal that must satisfy `op value` (the healthy side, as written) for the window.
        /// `value` is nil while a `{{VARIABLE}}` (`valueVariable`) stands in its place.
        case metric(signal: String, op: ComparisonOperator, value: Double?, valueVariable: String?, unit: String?)
        /// Nothing to measure: its owner confirms it, with a note as evidence.
        case judgement
    }

    /// Stable within the runbook: `group-or-section/criterion-text` as slugs.
    public var id: String
    public var text: String
    /// The group it belongs to ("Technical Success"), when the runbook groups criteria.
    public var group: String?
    /// Who verifies or confirms it: the group's `owner:`, else its section's owner.
    public var owner: String?
    public var measure: Measure
    /// How long a metric must hold: the sentence's own "for 24 hours", else the group's
    /// `verification: duration:`; nil leaves the default to the launch.
    public var windowSeconds: Int?
    public var position: SourcePosition
    /// Index into `Runbook.sections`.
    public var section: Int

    public init(id: String, text: String, group: String?, owner: String?, measure: Measure, windowSeconds: Int?, position: SourcePosition, section: Int) {
        self.id = id
        self.text = text
        self.group = group
        self.owner = owner
        self.measure = measure
        self.windowSeconds = windowSeconds
        self.position = position
        self.section = section
    }
}
