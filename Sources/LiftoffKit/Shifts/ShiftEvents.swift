import Foundation

// Payloads of the events a traffic shift records (docs/launches.md, "Live launches: triggers,
// rollback, shifts").

public enum ShiftStageState: String, Hashable, Sendable, Codable {
    /// The weight was set; the pause and its analysis begin.
    case started
    /// The analysis held for the whole pause.
    case passed
    /// The command or the analysis failed; the rollback starts.
    case aborted
}

/// `shift.stage`: one stage of a traffic shift step.
public struct ShiftStage: EventPayload {
    public static let type = EventType.shiftStage
    public var step: String
    public var weight: Int
    public var state: ShiftStageState
    public var reason: String?

    public init(step: String, weight: Int, state: ShiftStageState, reason: String?) {
        self.step = step
        self.weight = weight
        self.state = state
        self.reason = reason
    }
}
