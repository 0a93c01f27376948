import Foundation
import LiftoffMarkdown

/// A success criterion ready for a launch: a bound query that must hold for a window, or a
/// confirmation its owner gives (docs/launches.md, "Landing the launch"). Compiled once, in
/// the plan; never a trigger, so it can never request a rollback.
public struct SuccessCheck: Hashable, Sendable, Identifiable {
    public enum Method: Hashable, Sendable {
        /// `query op threshold` must hold on every series for `windowSeconds`.
        case metric(query: String, op: ComparisonOperator, threshold: Double, unit: String?)
        /// A person confirms it, with a note. `unboundSignal`: a metric the vars file does not
        /// bind (or whose threshold is a variable without a value), confirmed by hand instead.
        case confirmation(unboundSignal: String?)
    }

    public var id: String
    public var text: String
    public var group: String?
    public var owner: String?
    /// The symbolic signal as written, for metric criteria.
    public var signal: String?
    public var method: Method
    /// How long a metric must hold without a breach or a gap.
    public var windowSeconds: Int
    /// How often the metric is read.
    public var everySeconds: Int
    /// When verification starts: its section's start when that is after T-0, else T-0.
    public var activeFrom: TimeOffset
    public var position: SourcePosition

    /// A criterion that states no window holds for an hour.
    public static let defaultWindowSeconds = 3600

    public var isMetric: Bool {
        if case .metric = method { return true }
        return false
    }

    /// Whether an observed value is on the healthy side.
    public func holds(_ value: Double) -> Bool {
        guard case .metric(_, let op, let threshold, _) = method else { return false }
        return op.holds(value, threshold)
    }

    /// A value in the unit the runbook wrote the threshold in.
    public func valueText(_ value: Double) -> String {
        guard case .metric(_, _, _, let unit) = method else { return TriggerRule.display(value, unit: nil) }
        return TriggerRule.display(value, unit: unit)
    }

    /// `error rates < 0.1% for 24h`, or the criterion's text for a confirmation.
    public var conditionText: String {
        guard case .metric(_, let op, let threshold, let unit) = method else { return text }
        return "\(signal ?? "value") \(op.rawValue) \(TriggerRule.display(threshold, unit: unit)) for \(TriggerRule.durationText(windowSeconds))"
    }
}

extension Runbook {
    /// The launch's success checks: metric criteria whose signal the vars bind, the rest to confirm.
    public func successChecks(vars: LaunchVariables?) -> [SuccessCheck] {
        successCriteria.map { criterion in
            let window = max(1, criterion.windowSeconds ?? SuccessCheck.defaultWindowSeconds)
            let sectionStart = sections.indices.contains(criterion.section) ? sections[criterion.section].window?.start : nil
            let start = sectionStart.map { $0 > .zero ? $0 : .zero } ?? .zero
            var method = SuccessCheck.Method.confirmation(unboundSignal: nil)
            var signal: String?
            if case .metric(let name, let op, let value, _, let unit) = criterion.measure {
                signal = name
                if let value, let query = vars.flatMap({ Self.binding(for: name, in: $0) }) {
                    method = .metric(query: query, op: op, threshold: value, unit: unit == "min" ? "m" : unit)
                } else {
                    method = .confirmation(unboundSignal: name)
                }
            }
            return SuccessCheck(id: criterion.id, text: criterion.text, group: criterion.group, owner: criterion.owner, signal: signal,
                                method: method, windowSeconds: window, everySeconds: min(TriggerRule.defaultEverySeconds, max(1, window / 10)),
                                activeFrom: start, position: criterion.position)
        }
    }

    /// "Error rates" reads the binding of `error rate` too.
    static func binding(for signal: String, in vars: LaunchVariables) -> String? {
        if let bound = vars.binding(for: signal) { return bound }
        let lower = signal.lowercased()
        if lower.hasSuffix("s"), !lower.hasSuffix("ss") { return vars.binding(for: String(lower.dropLast())) }
        return nil
    }
}
