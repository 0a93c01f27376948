import Foundation

/// One evaluation of one metric success criterion. Pure: the progress before, what the query
/// returned and the time in; the progress after and at most one `criterion.changed` out.
///
/// The condition is the healthy side and must hold on every series: waiting or broken →
/// verifying when it holds; verifying → verified once it has held for the whole window;
/// any breach → broken (the window starts again at the next holding evaluation); no data, NaN
/// or a query error → waiting (not verified, and the window starts again). Verified is final.
/// Nothing here can ask for a rollback: breaches are evidence, triggers decide.
public enum CriterionEvaluator {
    public struct Outcome: Sendable {
        public var progress: CriterionProgress
        public var change: CriterionChanged?
    }

    public static func evaluate(_ check: SuccessCheck, progress: CriterionProgress, observation: TriggerObservation, now rawNow: Date) -> Outcome {
        let now = CanonicalTime.rounded(rawNow)
        var next = progress
        next.lastEvaluatedAt = now
        guard check.isMetric, progress.status != .verified else { return Outcome(progress: next, change: nil) }

        let values: [Double]
        switch observation {
        case .error(let message):
            return move(&next, from: progress, to: .waiting, value: nil, now: now, check: check, message: "query failed: \(message)")
        case .scalar(let value):
            values = value.isNaN ? [] : [value]
        case .vector(let samples):
            values = samples.map(\.value).filter { !$0.isNaN }
        }
        guard !values.isEmpty else {
            return move(&next, from: progress, to: .waiting, value: nil, now: now, check: check, message: "no data")
        }
        // The worst series speaks for the criterion: the first that breaches, else the one closest to breaching.
        if let breach = values.first(where: { !check.holds($0) }) {
            return move(&next, from: progress, to: .broken, value: breach, now: now, check: check,
                        message: "\(check.valueText(breach)) breaks \(check.conditionText)")
        }
        let value = worst(values, check)
        switch progress.status {
        case .waiting, .broken:
            return move(&next, from: progress, to: .verifying, value: value, now: now, check: check,
                        message: "holds (\(check.valueText(value))); verified after \(TriggerRule.durationText(check.windowSeconds)) without a breach")
        case .verifying:
            let since = progress.since ?? now
            let held = now.timeIntervalSince(since)
            guard held >= Double(check.windowSeconds) - 0.0005 else { return Outcome(progress: next, change: nil) }
            return move(&next, from: progress, to: .verified, value: value, now: now, check: check,
                        message: "held for \(TriggerRule.durationText(Int(held.rounded(.down)))) (last \(check.valueText(value)))")
        case .verified:
            return Outcome(progress: next, change: nil)
        }
    }

    private static func move(_ next: inout CriterionProgress, from progress: CriterionProgress, to status: CriterionStatus, value: Double?,
                             now: Date, check: SuccessCheck, message: String) -> Outcome {
        // Waiting with no data again, broken again: the same story, no new event.
        if progress.status == status, status == .waiting || status == .broken {
            return Outcome(progress: next, change: nil)
        }
        let change = CriterionChanged(criterion: check.id, state: status, previous: progress.status, value: value, observedAt: now, message: message)
        next.apply(change)
        return Outcome(progress: next, change: change)
    }

    /// The value nearest the threshold: the highest under `<`, the lowest under `>`.
    static func worst(_ values: [Double], _ check: SuccessCheck) -> Double {
        guard case .metric(_, let op, _, _) = check.method else { return values[0] }
        switch op {
        case .less, .lessOrEqual: return values.max() ?? values[0]
        case .greater, .greaterOrEqual: return values.min() ?? values[0]
        case .equal, .notEqual: return values[0]
        }
    }
}
