import Foundation

// Payloads of events that checks, triggers, rollbacks, shifts and notifications record.
// Declared here so the log format is settled; their producers arrive with those features.

public enum CheckOutcome: String, Hashable, Sendable, Codable {
    case pass, fail, error
}

/// `check.ran`: evidence for a step or a gate.
public struct CheckRan: EventPayload {
    public static let type = EventType.checkRan
    public var check: String
    public var gate: String?
    public var step: String?
    public var result: CheckOutcome
    public var expected: String?
    public var observed: String?

    public init(check: String, gate: String?, step: String?, result: CheckOutcome, expected: String?, observed: String?) {
        self.check = check
        self.gate = gate
        self.step = step
        self.result = result
        self.expected = expected
        self.observed = observed
    }
}

/// `trigger.changed`: ok / pending / firing / nodata / error, with the observed value.
public struct TriggerChanged: EventPayload {
    public static let type = EventType.triggerChanged
    public var trigger: String
    public var state: String
    public var value: Double?
    public var series: String?
}

public struct RollbackRequested: EventPayload {
    public static let type = EventType.rollbackRequested
    public var reason: String
    public var trigger: String?
}

public struct RollbackConfirmed: EventPayload {
    public static let type = EventType.rollbackConfirmed
    public var role: String?
    public var comment: String?
}

/// `action.ran`: a runbook command was run (output size-capped, secrets masked).
public struct ActionRan: EventPayload {
    public static let type = EventType.actionRan
    public var step: String?
    public var command: String
    public var exitCode: Int?
    public var output: String?
}

public struct ShiftStage: EventPayload {
    public static let type = EventType.shiftStage
    public var step: String
    public var weight: Int
    public var state: String
}

public struct StatusPosted: EventPayload {
    public static let type = EventType.statusPosted
    public var status: String
    public var message: String
}

public struct NotificationDelivered: EventPayload {
    public static let type = EventType.notificationDelivered
    /// The seq of the event that asked for the notification (the outbox entry).
    public var notification: Int
    public var channel: String
    public var attempt: Int
}

public struct NotificationFailed: EventPayload {
    public static let type = EventType.notificationFailed
    public var notification: Int
    public var channel: String
    public var attempt: Int
    public var error: String
}
