import Foundation
import LiftoffKit
import LiftoffApplication

extension LaunchWatcher {
    /// Reads the metric success criteria that are due, through the same Prometheus path as the
    /// triggers, and records their changes. It only observes: the verdict is
    /// `CriterionEvaluator`'s, and nothing here can request a rollback.
    func evaluateCriteria(_ state: inout LaunchState) async throws(LaunchService.Failure) {
        let now = environment.now()
        for check in LiveRules.dueCriteria(state, now: now) {
            guard case .metric(let query, _, _, _) = check.method else { continue }
            let observation: TriggerObservation
            do {
                let answer = try await environment.query(query, state.created.prometheus, environment.queryTimeout)
                observation = answer.resultType == "scalar"
                    ? .scalar(answer.samples.first?.value ?? .nan)
                    : .vector(answer.samples.map { (labels: $0.labels, value: $0.value) })
            } catch {
                observation = .error("\(error)")
            }
            let outcome = CriterionEvaluator.evaluate(check, progress: state.criterion(check.id), observation: observation, now: now)
            let written = try await commit(&state) { current, _ in
                LiveRules.afterCriterionEvaluation(current, check: check, outcome: outcome)
            }
            // The folded progress keeps what the events say; the evaluation time is the watcher's own.
            var progress = state.criterion(check.id)
            progress.lastEvaluatedAt = outcome.progress.lastEvaluatedAt
            state.criteria[check.id] = progress
            for event in written {
                if let change = try? event.decode(CriterionChanged.self) {
                    logger.info("launch \(state.launch): criterion \(check.id) \(change.previous?.rawValue ?? "waiting") → \(change.state.rawValue)\(change.message.map { ": \($0)" } ?? "")")
                }
            }
        }
    }
}
