import Foundation

/// Who completed a launch with criteria unmet, and why (`launch complete --override`).
public struct CompletionOverride: Codable, Hashable, Sendable {
    public var by: String
    public var at: Date
    public var reason: String
    /// The criteria that were not verified or confirmed.
    public var unmet: [String]

    package init(by: String, at: Date, reason: String, unmet: [String]) {
        self.by = by
        self.at = at
        self.reason = reason
        self.unmet = unmet
    }
}

extension LaunchState {
    public var successChecks: [SuccessCheck] { plan.successChecks }

    public func successCheck(_ id: String) -> SuccessCheck? { plan.successCheck(id) }

    public func criterion(_ id: String) -> CriterionProgress { criteria[id] ?? CriterionProgress() }

    /// The criteria not yet verified or confirmed, in runbook order.
    public var unmetCriteria: [SuccessCheck] {
        successChecks.filter { !criterion($0.id).isMet }
    }

    /// Keeps what an evaluation saw (its time), changes or not. Call it after appending.
    public mutating func record(_ outcome: CriterionEvaluator.Outcome, for check: SuccessCheck) {
        criteria[check.id] = outcome.progress
    }

    /// Folds the events that land a launch: criteria and the retrospective.
    mutating func applyLanding(_ event: LaunchEvent) throws -> String {
        let who = event.actor
        switch event.eventType {
        case .criterionChanged:
            let c = try event.decode(CriterionChanged.self)
            var progress = criteria[c.criterion] ?? CriterionProgress()
            progress.apply(c)
            criteria[c.criterion] = progress
            let text = successCheck(c.criterion)?.text ?? c.criterion
            return "criterion '\(text)' \(c.previous.map { "\($0.rawValue) → " } ?? "")\(c.state.rawValue)" + (c.message.map { ": \($0)" } ?? "")
        case .criterionConfirmed:
            let c = try event.decode(CriterionConfirmed.self)
            var progress = criteria[c.criterion] ?? CriterionProgress()
            progress.apply(c, by: who, at: event.time)
            criteria[c.criterion] = progress
            let text = successCheck(c.criterion)?.text ?? c.criterion
            return "\(who) confirmed '\(text)': \(c.note)"
        case .retroAdded:
            let r = try event.decode(RetroAdded.self)
            retrospective.append(RetroItem(kind: r.kind, text: r.text, owner: r.owner, due: r.due, by: who, at: event.time, seq: event.seq))
            switch r.kind {
            case .wentWell: return "\(who) noted what went well: \(r.text)"
            case .wentBadly: return "\(who) noted what did not go well: \(r.text)"
            case .action:
                let owner = r.owner.map { " (owner \($0)" + (r.due.map { ", due \($0)" } ?? "") + ")" } ?? ""
                return "\(who) added an action item: \(r.text)\(owner)"
            }
        default:
            return "\(event.type) by \(who)"
        }
    }
}
