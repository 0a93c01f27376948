import Crypto
import Foundation

/// The hash chain over a launch's events: `hash(n) = SHA-256(hash(n-1) ‖ canonical JSON of event n)`,
/// with 32 zero bytes before the first event. Any edit to a stored event breaks its link.
public enum EventChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(previous: String, body: JSONValue) -> String {
        var hasher = SHA256()
        hasher.update(data: bytes(hex: previous) ?? [UInt8](repeating: 0, count: 32))
        hasher.update(data: CanonicalJSON.bytes(body))
        return hex(hasher.finalize())
    }

    /// A draft sealed as event `seq` after the event whose hash is `previous`.
    public static func seal(_ draft: EventDraft, launch: Int64, seq: Int, time: Date, previous: String) -> LaunchEvent {
        var event = LaunchEvent(launch: launch, seq: seq, time: time, actor: draft.actor, type: draft.type, payload: draft.payload, hash: "")
        event.hash = hash(previous: previous, body: event.canonicalBody)
        return event
    }

    /// Where a chain breaks.
    public struct Break: Hashable, Sendable, CustomStringConvertible {
        public var seq: Int
        public var reason: String
        public var description: String { "seq \(seq): \(reason)" }
    }

    /// Recomputes the chain; returns the first broken link, or nil when every event verifies.
    public static func verify(_ events: [LaunchEvent]) -> Break? {
        var previous = genesis
        for (i, event) in events.enumerated() {
            if event.seq != i + 1 {
                return Break(seq: i + 1, reason: "sequence gap: expected \(i + 1), found \(event.seq)")
            }
            let expected = hash(previous: previous, body: event.canonicalBody)
            if expected != event.hash {
                return Break(seq: event.seq, reason: "stored hash \(event.hash.prefix(12))… does not match the recomputed \(expected.prefix(12))…; the event or its predecessor was altered")
            }
            previous = event.hash
        }
        return nil
    }

    public static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let chars = Array(hex.utf8)
        guard chars.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: nil
            }
        }
        var i = 0
        while i < 64 {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
