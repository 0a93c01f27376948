import Foundation

/// One outbox entry on one channel: the status update's seq and the channel's name.
public struct DeliveryKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The seq of the `status.posted` event.
    public var notification: Int
    public var channel: String

    public init(notification: Int, channel: String) {
        self.notification = notification
        self.channel = channel
    }

    public static func < (a: DeliveryKey, b: DeliveryKey) -> Bool {
        (a.notification, a.channel) < (b.notification, b.channel)
    }

    public var description: String { "notification \(notification) to \(channel)" }

    /// `<launch>-<seq>-<channel>`: the same for every attempt, from any process, after any restart.
    /// `launch` should identify the launch beyond one database (see `launchKey(created:)`).
    public func idempotencyKey(launch: String) -> String {
        let safeChannel = String(channel.unicodeScalars.map { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F ? Character($0) : "_" })
        return "\(launch)-\(notification)-\(safeChannel)"
    }

    /// `<id>.<first 8 hex of the launch.created hash>`: launch numbers restart in every database
    /// (a rehearsal and the live launch may both be launch 1); the hash of the first event does not.
    public static func launchKey(created: LaunchEvent) -> String {
        "\(created.launch).\(created.hash.prefix(8))"
    }
}

/// What the log says about one delivery so far.
public struct DeliveryProgress: Hashable, Sendable, Codable {
    /// The highest attempt number recorded (delivered or failed).
    public var attempts: Int = 0
    public var deliveredAt: Date?
    /// Set when a failure was final: Liftoff gave up on this delivery.
    public var gaveUpAt: Date?
    public var lastError: String?
    /// When the last recorded attempt ended.
    public var lastAttemptAt: Date?

    public init() {}

    public var isDelivered: Bool { deliveredAt != nil }
    /// Delivered or given up: nothing more will be sent.
    public var isSettled: Bool { deliveredAt != nil || gaveUpAt != nil }
}

/// A delivery still owed: the dispatcher sends these, oldest first on each channel.
public struct PendingDelivery: Hashable, Sendable {
    public var key: DeliveryKey
    /// When the status update was posted.
    public var postedAt: Date
    public var progress: DeliveryProgress

    public init(key: DeliveryKey, postedAt: Date, progress: DeliveryProgress) {
        self.key = key
        self.postedAt = postedAt
        self.progress = progress
    }

    /// The number the next attempt carries.
    public var nextAttemptNumber: Int { progress.attempts + 1 }

    /// The earliest time to try again: at once when never tried, else after the policy's backoff
    /// counted from the last failed attempt. `unit` is a random number in [0, 1) for the jitter.
    public func earliestAttempt(policy: RetryPolicy, unit: Double) -> Date {
        guard let last = progress.lastAttemptAt, progress.attempts > 0 else { return postedAt }
        return last.addingTimeInterval(policy.delay(afterAttempt: progress.attempts, unit: unit))
    }
}
