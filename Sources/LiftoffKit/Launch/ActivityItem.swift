import Foundation

/// One line of the activity feed: who did what, when, in words.
public struct ActivityItem: Hashable, Sendable, Codable {
    public var seq: Int
    public var time: Date
    public var actor: String
    public var type: String
    public var summary: String

    public init(event: LaunchEvent, summary: String) {
        seq = event.seq
        time = event.time
        actor = event.actor
        type = event.type
        self.summary = summary
    }
}
