import Foundation

extension LiveRules {
    /// Metric success criteria to read now: from their start (T-0 or their section's start),
    /// not yet verified, not read within their interval, until the launch ends.
    public static func dueCriteria(_ state: LaunchState, now: Date) -> [SuccessCheck] {
        guard state.ended == nil else { return [] }
        return state.successChecks.filter { check in
            guard check.isMetric, now >= state.instant(check.activeFrom) else { return false }
            let progress = state.criterion(check.id)
            guard progress.status != .verified else { return false }
            guard let last = progress.lastEvaluatedAt else { return true }
            return now.timeIntervalSince(last) >= Double(check.everySeconds) - 0.0005
        }
    }

    /// What to append after one evaluation of a success criterion: its change, if any. Never a
    /// rollback request: a breach is evidence for the report, triggers decide about rollbacks.
    public static func afterCriterionEvaluation(_ state: LaunchState, check: SuccessCheck, outcome: CriterionEvaluator.Outcome) -> [EventDraft] {
        // Decided on the state it was evaluated on: a change another watcher already recorded is not repeated.
        guard let change = outcome.change, change.previous == state.criterion(check.id).status else { return [] }
        return [EventDraft(actor: actor, change)]
    }
}
