import Foundation

/// How votes and checks become a gate decision (DESIGN §5), in one place.
///
/// - any NO-GO vote decides NO-GO;
/// - GO when every required role's latest vote is GO and every check of the gate passed within
///   the freshness window (a gate without checks decides on votes alone);
/// - otherwise the gate stays open, waiting for the roles and checks listed in the verdict.
public enum GateRules {
    public static let defaultFreshness: TimeInterval = 15 * 60

    public struct Verdict: Hashable, Sendable {
        public var decision: GateDecision
        public var reason: String
        /// Required roles without a GO vote.
        public var waitingFor: [String]
        /// Checks that have not passed recently enough.
        public var staleChecks: [String]
    }

    /// `requiredChecks`: the ids of the gate's own checks (from the runbook); one that never ran
    /// keeps the gate open like a failed one.
    public static func evaluate(required: [String], votes: [String: CastVote], checks: [String: CheckEvidence], requiredChecks: [String] = [], now: Date,
                                freshness: TimeInterval = defaultFreshness) -> Verdict {
        var checks = checks
        for id in requiredChecks where checks[id] == nil {
            checks[id] = CheckEvidence(check: id, result: .error, at: .distantPast)
        }
        let nogo = required.compactMap { votes[RoleName.key($0)] }.filter { $0.vote == .nogo }
        if let first = nogo.first {
            return Verdict(decision: .nogo, reason: "NO-GO from \(first.role) (\(first.by))", waitingFor: [], staleChecks: [])
        }
        let waiting = required.filter { votes[RoleName.key($0)]?.vote != .go }
        let stale = checks.values
            .filter { $0.result != .pass || now.timeIntervalSince($0.at) > freshness }
            .map(\.check).sorted()
        if waiting.isEmpty, stale.isEmpty, !required.isEmpty || !checks.isEmpty {
            let what = checks.isEmpty ? "every required role voted GO" : "every required role voted GO and every check passed"
            return Verdict(decision: .go, reason: what, waitingFor: [], staleChecks: [])
        }
        var parts: [String] = []
        if !waiting.isEmpty { parts.append("waiting for GO from \(waiting.joined(separator: ", "))") }
        if !stale.isEmpty { parts.append("checks not passed in the last \(Int(freshness / 60)) min: \(stale.joined(separator: ", "))") }
        if parts.isEmpty { parts.append("no required roles or checks") }
        return Verdict(decision: .open, reason: parts.joined(separator: "; "), waitingFor: waiting, staleChecks: stale)
    }
}
