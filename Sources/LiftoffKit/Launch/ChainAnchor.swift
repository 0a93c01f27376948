import Foundation

/// The head of a launch's hash chain as someone outside the database saw it: `SEQ:HASH`.
///
/// A hash chain proves the events it has were not altered, but not that none were cut off the end.
/// Every status update, notification and report carries the head as it stood, so whoever kept one
/// can later prove the log still reaches it (`liftoff verify LAUNCH --anchor`, docs/launches.md).
public struct ChainAnchor: Hashable, Sendable, CustomStringConvertible {
    /// Nil for a bare hash (the event's seq unknown).
    public var seq: Int?
    public var hash: String

    public init(seq: Int?, hash: String) {
        self.seq = seq
        self.hash = hash.lowercased()
    }

    /// The head of a folded launch: its last event.
    public init(state: LaunchState) {
        self.init(seq: state.seq, hash: state.lastHash)
    }

    public var description: String { seq.map { "\($0):\(hash)" } ?? hash }

    // MARK: Reading anchors

    /// `SEQ:HASH` or a bare 64-hex-digit hash, the whole of `text` (trimmed); nil for anything else.
    public static func parse(_ text: String) -> ChainAnchor? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if isHash(Substring(t)) { return ChainAnchor(seq: nil, hash: t) }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int(parts[0]), seq >= 1, isHash(parts[1]) else { return nil }
        return ChainAnchor(seq: seq, hash: String(parts[1]))
    }

    /// Every `SEQ:HASH` written in a saved report or notification (text, Markdown, HTML or JSON),
    /// in order of appearance, without repeats.
    public static func all(in text: String) -> [ChainAnchor] {
        let bytes = Array(text.utf8)
        var found: [ChainAnchor] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: ":") else { i += 1; continue }
            // Digits right before the colon, not glued to a longer word.
            var start = i
            while start > 0, isDigit(bytes[start - 1]) { start -= 1 }
            let end = i + 1 + 64
            if start < i, start == 0 || !isWordByte(bytes[start - 1]), end <= bytes.count,
               bytes[(i + 1)..<end].allSatisfy(isHexByte), end == bytes.count || !isWordByte(bytes[end]),
               let seq = Int(String(decoding: bytes[start..<i], as: UTF8.self)), seq >= 1 {
                let anchor = ChainAnchor(seq: seq, hash: String(decoding: bytes[(i + 1)..<end], as: UTF8.self))
                if !found.contains(anchor) { found.append(anchor) }
                i = end
            } else {
                i += 1
            }
        }
        return found
    }

    // MARK: Checking a log against an anchor

    public enum Finding: Hashable, Sendable, CustomStringConvertible {
        case holds(seq: Int)
        /// The log ends before the anchored event: events were cut off its end.
        case cut(anchoredSeq: Int, lastSeq: Int)
        /// The anchored seq holds another event: the log was rewritten from there.
        case differs(seq: Int, found: String)
        /// No event has the bare hash.
        case hashNotFound(lastSeq: Int)

        public var holds: Bool {
            if case .holds = self { return true }
            return false
        }

        public var description: String {
            switch self {
            case .holds(let seq): "the log still reaches event \(seq) with that hash"
            case .cut(let anchored, let last): "the anchor names event \(anchored) but the log ends at \(last): events were cut off its end"
            case .differs(let seq, let found): "event \(seq) has hash \(found), not the anchored one: the log was rewritten"
            case .hashNotFound(let last): "none of the log's \(last) events has that hash: it was cut or rewritten"
            }
        }
    }

    /// Whether `events` (a launch's log, in order) still hold this anchor.
    public func check(_ events: [LaunchEvent]) -> Finding {
        let last = events.last?.seq ?? 0
        guard let seq else {
            if let event = events.first(where: { $0.hash == hash }) { return .holds(seq: event.seq) }
            return .hashNotFound(lastSeq: last)
        }
        guard let event = events.first(where: { $0.seq == seq }) else { return .cut(anchoredSeq: seq, lastSeq: last) }
        return event.hash == hash ? .holds(seq: seq) : .differs(seq: seq, found: event.hash)
    }

    // MARK: Bytes

    static func isHash(_ s: Substring) -> Bool { s.utf8.count == 64 && s.utf8.allSatisfy(isHexByte) }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isHexByte(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) }
    static func isWordByte(_ b: UInt8) -> Bool { isHexByte(b) || (b >= 0x67 && b <= 0x7A) || (b >= 0x47 && b <= 0x5A) || b == 0x5F }
}
