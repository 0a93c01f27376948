/// Something on a launch's clock: a step of the checklist or a gate. Steps wait for both.
public enum ClockNode: Hashable, Sendable, Comparable, CustomStringConvertible {
    case step(String)
    case gate(String)

    public var id: String {
        switch self {
        case .step(let id), .gate(let id): id
        }
    }

    public var description: String {
        switch self {
        case .step(let id): "step \(id)"
        case .gate(let id): "gate \(id)"
        }
    }
}

/// One thing a step waits for, and why: the runbook said so (`after:`), the step follows the
/// one before it in a numbered procedure, or it comes after a gate.
public struct Dependency: Hashable, Sendable {
    public enum Reason: String, Hashable, Sendable, Codable {
        case explicit, procedure, gate
    }

    public var on: ClockNode
    public var reason: Reason

    public init(on: ClockNode, reason: Reason) {
        self.on = on
        self.reason = reason
    }
}
