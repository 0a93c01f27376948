import Foundation

/// One role's vote on a gate (the latest vote for a role replaces earlier ones).
public struct CastVote: Hashable, Sendable, Codable {
    public var role: String
    public var vote: Vote
    public var by: String
    public var at: Date
    public var comment: String?
}

public struct GateOverride: Hashable, Sendable, Codable {
    public var by: String
    public var at: Date
    public var reason: String

    package init(by: String, at: Date, reason: String) {
        self.by = by
        self.at = at
        self.reason = reason
    }
}

/// The latest result of a check that is evidence for a gate.
public struct CheckEvidence: Hashable, Sendable, Codable {
    public var check: String
    public var result: CheckOutcome
    public var at: Date
}

/// Where one gate stands.
public struct GateProgress: Hashable, Sendable, Codable {
    public var gate: String
    /// Keyed by `RoleName.key` of the role.
    public var votes: [String: CastVote] = [:]
    public var checks: [String: CheckEvidence] = [:]
    /// The last `gate.decided` recorded.
    public var decision: GateDecision = .open
    public var decidedAt: Date?
    public var override: GateOverride?

    public init(gate: String) { self.gate = gate }

    /// Later phases may start: decided GO, or overridden by an admin.
    public var isPassable: Bool { decision == .go || override != nil }
}
