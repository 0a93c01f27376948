import Foundation

/// The decision a status update asks people for: a gate awaiting votes, or a rollback awaiting
/// confirmation. Stored in `status.posted` (so every delivery of the update offers the same
/// buttons) and carried in the buttons' value, which names only the launch and this reference —
/// no secret (docs/slack.md).
public struct StatusDecision: Hashable, Sendable, Codable {
    /// The gate awaiting votes (its id).
    public var gate: String?
    /// The `rollback.requested` awaiting confirmation (its seq).
    public var rollback: Int?

    public static func gate(_ id: String) -> StatusDecision { StatusDecision(gate: id, rollback: nil) }
    public static func rollback(requestSeq: Int) -> StatusDecision { StatusDecision(gate: nil, rollback: requestSeq) }
}

/// The buttons of a decision in Slack. The `action_id` names the action; the value names the
/// launch and the decision (`SlackActionValue`).
public enum SlackAction: String, Hashable, Sendable, CaseIterable {
    case gateGo = "liftoff_gate_go"
    case gateNoGo = "liftoff_gate_nogo"
    case rollbackConfirm = "liftoff_rollback_confirm"
    case rollbackHold = "liftoff_rollback_hold"

    /// The buttons offered for `decision`.
    public static func offered(for decision: StatusDecision) -> [SlackAction] {
        decision.gate != nil ? [.gateGo, .gateNoGo] : [.rollbackConfirm, .rollbackHold]
    }

    public var label: String {
        switch self {
        case .gateGo: "GO"
        case .gateNoGo: "NO-GO"
        case .rollbackConfirm: "Confirm rollback"
        case .rollbackHold: "Hold"
        }
    }

    /// Slack's button colours: green for going ahead, red for the irreversible or stopping one.
    var style: String? {
        switch self {
        case .gateGo: "primary"
        case .gateNoGo, .rollbackConfirm: "danger"
        case .rollbackHold: nil
        }
    }

    /// Whether the button belongs to `decision` (a GO button cannot name a rollback).
    public func fits(_ decision: StatusDecision) -> Bool {
        switch self {
        case .gateGo, .gateNoGo: decision.gate != nil && decision.rollback == nil
        case .rollbackConfirm, .rollbackHold: decision.rollback != nil && decision.gate == nil
        }
    }
}

/// A button's `value`: `{"gate":"ID","launch":N}` or `{"launch":N,"rollback":SEQ}` in canonical
/// JSON (sorted keys), so the same update always has the same bytes.
public struct SlackActionValue: Hashable, Sendable {
    public var launch: Int64
    public var decision: StatusDecision

    public init(launch: Int64, decision: StatusDecision) {
        self.launch = launch
        self.decision = decision
    }

    public var text: String {
        var fields: [String: JSONValue] = ["launch": .int(launch)]
        if let gate = decision.gate { fields["gate"] = .string(gate) }
        if let seq = decision.rollback { fields["rollback"] = .int(Int64(seq)) }
        return CanonicalJSON.string(.object(fields))
    }

    /// Reads a value; the error names what is wrong with it.
    public static func parse(_ text: String) throws(SlackPayloadError) -> SlackActionValue {
        guard case .object(let fields)? = JSONValue.parse(text) else {
            throw SlackPayloadError(field: "actions[0].value", "must be the JSON a Liftoff button carries, such as {\"gate\":\"…\",\"launch\":1}")
        }
        guard case .int(let launch)? = fields["launch"], launch > 0 else {
            throw SlackPayloadError(field: "actions[0].value.launch", "must be a launch number")
        }
        switch (fields["gate"], fields["rollback"]) {
        case (.string(let gate)?, nil) where !gate.isEmpty:
            return SlackActionValue(launch: launch, decision: .gate(gate))
        case (nil, .int(let seq)?) where seq > 0 && seq <= Int64(Int32.max):
            return SlackActionValue(launch: launch, decision: .rollback(requestSeq: Int(seq)))
        default:
            throw SlackPayloadError(field: "actions[0].value", "must name either a gate (\"gate\": id) or a rollback request (\"rollback\": seq)")
        }
    }
}

/// A Slack interaction payload Liftoff cannot use, with the field at fault.
public struct SlackPayloadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "field '\(field)' \(problem)" }
}
