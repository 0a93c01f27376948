import Foundation

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
