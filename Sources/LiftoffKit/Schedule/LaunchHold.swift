import Foundation

/// One move of T-0 and why.
public struct LaunchReschedule: Hashable, Sendable, Codable {
    public var from: Date
    public var to: Date
    public var reason: String
    public var by: String
    public var at: Date
    /// The seq of the `launch.rescheduled` event: what came before it in the log saw the old T-0,
    /// even an event logged in the same millisecond.
    public var seq: Int

    public init(from: Date, to: Date, reason: String, by: String, at: Date, seq: Int) {
        self.from = from
        self.to = to
        self.reason = reason
        self.by = by
        self.at = at
        self.seq = seq
    }
}

/// A stop of all automated action on a launch (DESIGN §1, "hold"), until someone resumes it.
public struct LaunchHold: Hashable, Sendable, Codable {
    public var reason: String
    public var by: String
    public var at: Date

    public init(reason: String, by: String, at: Date) {
        self.reason = reason
        self.by = by
        self.at = at
    }
}
