import Foundation

/// One status update as the launch's state keeps it (from `status.posted`).
public struct PostedStatus: Hashable, Sendable, Codable {
    /// The seq of the `status.posted` event: the outbox id its deliveries refer to.
    public var seq: Int
    public var status: StatusLevel
    public var message: String
    public var by: String
    public var at: Date
    public var milestone: String?
    public var channels: [String]
    /// What was published for customers; nil for internal updates.
    public var notice: PublicNotice? = nil
    /// Why it went out (`status.posted`'s cause); nil for people's posts and older logs.
    public var cause: StatusCause? = nil
    /// The decision it asks for, offered as buttons in Slack.
    public var decision: StatusDecision? = nil
}
