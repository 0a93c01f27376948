import Foundation

// Payloads of the events that vote on, decide and override a gate (docs/launches.md, "Rules").

public enum Vote: String, Hashable, Sendable, Codable {
    case go, nogo
}

/// `gate.voted`: one participant's vote for one role they hold.
public struct GateVoted: EventPayload {
    public static let type = EventType.gateVoted
    public var gate: String
    public var role: String
    public var vote: Vote
    public var comment: String?

    public init(gate: String, role: String, vote: Vote, comment: String?) {
        self.gate = gate
        self.role = role
        self.vote = vote
        self.comment = comment
    }
}

public enum GateDecision: String, Hashable, Sendable, Codable {
    case open, go, nogo
}

/// `gate.decided`: the decision changed because of the votes (and checks) before it.
public struct GateDecided: EventPayload {
    public static let type = EventType.gateDecided
    public var gate: String
    public var decision: GateDecision
    public var reason: String

    public init(gate: String, decision: GateDecision, reason: String) {
        self.gate = gate
        self.decision = decision
        self.reason = reason
    }
}

/// `gate.overridden`: an admin lets later phases start without a GO decision.
public struct GateOverridden: EventPayload {
    public static let type = EventType.gateOverridden
    public var gate: String
    public var reason: String

    public init(gate: String, reason: String) {
        self.gate = gate
        self.reason = reason
    }
}
