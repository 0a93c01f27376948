import Foundation
import LiftoffKit

extension LaunchReport {
    /// One success criterion and its evidence: how it was verified (the window it held, the
    /// values seen) or who confirmed it and with what note, or why it is not met.
    public struct CriterionLine: Sendable, Hashable {
        public var id: String
        public var text: String
        public var group: String?
        public var owner: String?
        /// `error rates < 0.1% for 24h`, or nil for a criterion a person confirms.
        public var condition: String?
        public var status: CriterionStatus
        /// Verifying since / verified at.
        public var since: Date?
        public var verifiedAt: Date?
        public var value: String?
        public var confirmedBy: String?
        public var note: String?
        public var breaches: Int
        public var brokenAt: Date?
        public var brokenValue: String?
        /// A metric the vars file does not bind: confirmed by hand.
        public var unboundSignal: String?
    }

    static func criterionLines(_ state: LaunchState, mask: (String) -> String) -> [CriterionLine] {
        state.successChecks.map { check in
            let p = state.criterion(check.id)
            var condition: String?
            var unbound: String?
            switch check.method {
            case .metric: condition = check.conditionText
            case .confirmation(let signal): unbound = signal
            }
            return CriterionLine(id: check.id, text: mask(check.text), group: check.group.map(mask), owner: check.owner.map(mask), condition: condition,
                                 status: p.status, since: p.since, verifiedAt: p.verifiedAt, value: p.value.map(check.valueText),
                                 confirmedBy: p.confirmedBy, note: p.note.map(mask), breaches: p.breaches, brokenAt: p.brokenAt,
                                 brokenValue: p.brokenValue.map(check.valueText), unboundSignal: unbound)
        }
    }

    /// The evidence of one criterion in words.
    public static func evidence(of line: CriterionLine, time: ReportTime) -> String {
        var parts: [String] = []
        switch line.status {
        case .verified:
            if let by = line.confirmedBy {
                parts.append("confirmed by \(by)" + (line.verifiedAt.map { " at \(time.clock($0))" } ?? "") + (line.note.map { ": \($0)" } ?? ""))
            } else {
                parts.append("held" + (line.verifiedAt.map { " until \(time.clock($0))" } ?? "") + (line.value.map { ", last \($0)" } ?? ""))
            }
        case .verifying:
            parts.append("holding since " + (line.since.map(time.clock) ?? "?") + (line.value.map { " (\($0))" } ?? ""))
        case .broken:
            parts.append("breached" + (line.brokenAt.map { " at \(time.clock($0))" } ?? "") + (line.brokenValue.map { " (\($0))" } ?? ""))
        case .waiting:
            parts.append(line.condition == nil ? "not confirmed" : "not verified (no holding observation yet)")
        }
        if line.breaches > 0, line.status != .broken { parts.append("\(line.breaches) breach\(line.breaches == 1 ? "" : "es") restarted its window") }
        if let signal = line.unboundSignal { parts.append("signal '\(signal)' not bound: confirmed by hand") }
        return parts.joined(separator: "; ")
    }
}
