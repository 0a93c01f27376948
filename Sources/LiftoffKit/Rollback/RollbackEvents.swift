import Foundation

// Payloads of the events that request and confirm a rollback (docs/launches.md, "Live launches:
// triggers, rollback, shifts").

/// Who decides that a requested rollback runs: the rollback authority (`manual`) or nobody (`auto`).
public enum RollbackPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    case manual, auto
}

/// `rollback.requested`: a firing rollback trigger or a person asks for the rollback procedure.
public struct RollbackRequested: EventPayload {
    public static let type = EventType.rollbackRequested
    public var reason: String
    public var trigger: String?
    /// The evidence: the value that fired the trigger.
    public var value: Double?
    public var policy: RollbackPolicy

    public init(reason: String, trigger: String?, value: Double?, policy: RollbackPolicy) {
        self.reason = reason
        self.trigger = trigger
        self.value = value.flatMap { $0.isFinite ? $0 : nil }
        self.policy = policy
    }
}

/// `rollback.confirmed`: a participant holding the rollback authority (or an admin) confirms;
/// with policy `auto` the system confirms at once.
public struct RollbackConfirmed: EventPayload {
    public static let type = EventType.rollbackConfirmed
    public var role: String?
    public var comment: String?

    public init(role: String?, comment: String?) {
        self.role = role
        self.comment = comment
    }
}
