import Foundation

/// One recorded event of a launch: the envelope every event type shares (DESIGN §8).
///
/// `hash` chains the log: `SHA-256(previous hash ‖ canonical JSON of this event)`, where the
/// canonical JSON covers every field here except `hash` itself (see `EventChain`).
public struct LaunchEvent: Hashable, Sendable {
    public var launch: Int64
    /// Per launch, gapless, starting at 1.
    public var seq: Int
    /// Server time, whole milliseconds.
    public var time: Date
    /// The participant (user name) who caused it, or `system`, or `local:USER` for the CLI without a token.
    public var actor: String
    /// An `EventType` raw value; unknown types from newer versions are kept as they are.
    public var type: String
    public var payload: JSONValue
    /// Lowercase hex SHA-256.
    public var hash: String

    public init(launch: Int64, seq: Int, time: Date, actor: String, type: String, payload: JSONValue, hash: String) {
        self.launch = launch
        self.seq = seq
        self.time = CanonicalTime.rounded(time)
        self.actor = actor
        self.type = type
        self.payload = payload
        self.hash = hash
    }

    public var eventType: EventType? { EventType(rawValue: type) }

    /// The JSON object that is hashed: everything but the hash.
    public var canonicalBody: JSONValue {
        .object([
            "actor": .string(actor),
            "launch": .int(launch),
            "payload": payload,
            "seq": .int(Int64(seq)),
            "time": .string(CanonicalTime.string(time)),
            "type": .string(type),
        ])
    }

    /// Decodes the payload as its typed form.
    public func decode<P: EventPayload>(_: P.Type) throws -> P {
        try EventCoding.decoder.decode(P.self, from: Data(CanonicalJSON.bytes(payload)))
    }
}

/// An event before the store gives it a sequence number, a time and a hash.
public struct EventDraft: Hashable, Sendable {
    public var actor: String
    public var type: String
    public var payload: JSONValue

    public init(actor: String, type: String, payload: JSONValue) {
        self.actor = actor
        self.type = type
        self.payload = payload
    }

    public init<P: EventPayload>(actor: String, _ payload: P) {
        self.actor = actor
        type = P.type.rawValue
        self.payload = EventCoding.json(payload)
    }
}
