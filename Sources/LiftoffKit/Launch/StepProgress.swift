import Foundation

public enum StepState: String, Hashable, Sendable, Codable {
    case pending, done, skipped, failed, blocked

    /// Done or skipped: nothing more is expected of the step.
    public var isSettled: Bool { self == .done || self == .skipped }
}

/// Where one step stands, and who put it there.
public struct StepProgress: Hashable, Sendable, Codable {
    public var state: StepState
    public var by: String?
    public var at: Date?
    public var note: String?
    /// When someone said they began it (`step.started`); kept when the step is marked done or
    /// failed, so its duration is known. Nil in snapshots written before steps could be started.
    public var startedAt: Date?
    public var startedBy: String?

    public init(state: StepState = .pending, by: String? = nil, at: Date? = nil, note: String? = nil) {
        self.state = state
        self.by = by
        self.at = at
        self.note = note
    }

    /// Started and not yet done, skipped or failed.
    public var inProgress: Bool { startedAt != nil && state != .done && state != .skipped && state != .failed }
}
