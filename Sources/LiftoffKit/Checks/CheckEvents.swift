import Foundation

// Payloads of the events a check run records (docs/launches.md, "Events"; docs/checks.md).

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
