import Foundation

// Payloads of the events that post status updates and record their delivery
// (docs/notifications.md, "The outbox").

public enum StatusLevel: String, Hashable, Sendable, Codable, CaseIterable {
    case green, yellow, red

    public var label: String { rawValue.uppercased() }
}

/// `status.posted`: a status update. It is also the outbox entry: every channel named here gets it
/// delivered (see `NotificationDelivered`), however long that takes.
public struct StatusPosted: EventPayload {
    public static let type = EventType.statusPosted
    public var status: StatusLevel
    public var message: String
    /// What made Liftoff post it (`gate decided`, `trigger firing`, `rollback`, `launch ended`,
    /// `cadence`); nil when a person posted it.
    public var milestone: String?
    /// Names of the launch's notification channels to deliver to.
    public var channels: [String]
    /// Set when the communications owner published it for customers (the public page's content).
    public var notice: PublicNotice?
    /// Why Liftoff posted it (which trigger, hold, rollback step); nil when a person posted it
    /// and in logs written before causes were recorded.
    public var cause: StatusCause?
    /// The decision the update asks people for (a gate awaiting votes, a rollback awaiting
    /// confirmation): its Slack message carries buttons for it (docs/slack.md).
    public var decision: StatusDecision?

    public init(status: StatusLevel, message: String, milestone: String?, channels: [String], notice: PublicNotice? = nil, cause: StatusCause? = nil,
                decision: StatusDecision? = nil) {
        self.status = status
        self.message = message
        self.milestone = milestone
        self.channels = channels
        self.notice = notice
        self.cause = cause
        self.decision = decision
    }
}

public struct NotificationDelivered: EventPayload {
    public static let type = EventType.notificationDelivered
    /// The seq of the event that asked for the notification (the outbox entry).
    public var notification: Int
    public var channel: String
    public var attempt: Int
    /// What the receiver named for the launch and later deliveries refer to: the GitHub
    /// deployment id. Never a secret.
    public var reference: String?
    /// True when the channel had nothing to send for this update (docs/notifications.md).
    public var skipped: Bool?

    public init(notification: Int, channel: String, attempt: Int, reference: String? = nil, skipped: Bool? = nil) {
        self.notification = notification
        self.channel = channel
        self.attempt = attempt
        self.reference = reference
        self.skipped = skipped
    }
}

/// `notification.failed`: one delivery attempt failed. `final` when Liftoff gave up retrying.
public struct NotificationFailed: EventPayload {
    public static let type = EventType.notificationFailed
    public var notification: Int
    public var channel: String
    public var attempt: Int
    public var error: String
    public var final: Bool
    /// What the receiver named before the attempt failed (a GitHub deployment created before its
    /// status was refused), so a retry does not create a second one.
    public var reference: String?

    public init(notification: Int, channel: String, attempt: Int, error: String, final: Bool, reference: String? = nil) {
        self.notification = notification
        self.channel = channel
        self.attempt = attempt
        self.error = error
        self.final = final
        self.reference = reference
    }
}
