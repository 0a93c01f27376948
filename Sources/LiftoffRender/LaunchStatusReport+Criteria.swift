import Foundation
import LiftoffKit

extension LaunchStatusReport {
    /// `lifecycle: stabilizing` and one line per success criterion: its state, how much of its
    /// window is left, what was observed, who confirmed it.
    func criteriaText() -> String {
        var out = ""
        if let o = state.completionOverride {
            out += "completed by override by \(o.by): \(o.reason) (\(o.unmet.count) criteria unmet)\n"
        }
        let checks = state.successChecks
        guard !checks.isEmpty else { return out }
        let met = checks.filter { state.criterion($0.id).isMet }.count
        out += "success criteria: \(met)/\(checks.count) verified or confirmed\n"
        for check in checks {
            out += "  [\(state.criterion(check.id).status.rawValue)] \(check.id)  \(check.group.map { "\($0): " } ?? "")\(check.text) — \(criterionDetail(check))\n"
        }
        return out
    }

    /// One criterion's state in words, as `launch status` and the war room show it.
    public func criterionSummary(_ check: SuccessCheck) -> String { criterionDetail(check) }

    func criterionDetail(_ check: SuccessCheck) -> String {
        let p = state.criterion(check.id)
        var parts: [String] = []
        switch check.method {
        case .metric:
            parts.append(check.conditionText)
            if let left = p.remaining(of: check, now: now) {
                parts.append("holding since \(p.since.map(when) ?? "?"), \(TriggerRule.durationText(left)) left")
            } else if p.status == .verified, let at = p.verifiedAt {
                parts.append("verified \(when(at))" + (p.value.map { ", last \(check.valueText($0))" } ?? ""))
            } else if p.status == .broken, let at = p.brokenAt {
                parts.append("broken \(when(at))" + (p.brokenValue.map { " (\(check.valueText($0)))" } ?? ""))
            } else if let message = p.message {
                parts.append(message)
            } else if now < state.instant(check.activeFrom) {
                parts.append("from \(when(state.instant(check.activeFrom)))")
            }
        case .confirmation(let unbound):
            if p.isMet {
                parts.append("confirmed by \(p.confirmedBy ?? "?")" + (p.note.map { ": \($0)" } ?? ""))
            } else {
                parts.append("to be confirmed by \(check.owner ?? "a participant")" + (unbound.map { " (signal '\($0)' is not bound)" } ?? ""))
            }
        }
        if p.breaches > 0, p.status != .broken { parts.append("\(p.breaches) breach\(p.breaches == 1 ? "" : "es")") }
        return parts.joined(separator: "; ")
    }

    func criteriaJSON() -> [String: JSONValue] {
        func date(_ d: Date?) -> JSONValue { d.map { .string(CanonicalTime.string($0)) } ?? .null }
        let criteria: [JSONValue] = state.successChecks.map { check in
            let p = state.criterion(check.id)
            var kind = "confirmation"
            var condition: JSONValue = .null
            if case .metric = check.method {
                kind = "metric"
                condition = .string(check.conditionText)
            }
            return .object([
                "id": .string(check.id), "text": .string(check.text), "group": check.group.map(JSONValue.string) ?? .null,
                "owner": check.owner.map(JSONValue.string) ?? .null, "kind": .string(kind), "condition": condition,
                "windowSeconds": .int(Int64(check.windowSeconds)), "state": .string(p.status.rawValue), "since": date(p.since),
                "remainingSeconds": p.remaining(of: check, now: now).map { .int(Int64($0)) } ?? .null,
                "value": p.value.map(JSONValue.double) ?? .null, "verifiedAt": date(p.verifiedAt),
                "confirmedBy": p.confirmedBy.map(JSONValue.string) ?? .null, "note": p.note.map(JSONValue.string) ?? .null,
                "brokenAt": date(p.brokenAt), "brokenValue": p.brokenValue.map(JSONValue.double) ?? .null, "breaches": .int(Int64(p.breaches)),
            ])
        }
        return [
            "lifecycle": .string(LaunchLifecycle.of(state, now: now).rawValue),
            "criteria": .array(criteria),
            "override": state.completionOverride.map { o in
                .object(["by": .string(o.by), "at": .string(CanonicalTime.string(o.at)), "reason": .string(o.reason), "unmet": .array(o.unmet.map(JSONValue.string))])
            } ?? .null,
        ]
    }
}
