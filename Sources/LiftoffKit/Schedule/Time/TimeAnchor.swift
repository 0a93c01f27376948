/// A time anchor read from runbook text: an interval [start, end] relative to T-0.
/// A point in time has `start == end`.
public struct TimeAnchor: Hashable, Sendable, Codable {
    public var start: TimeOffset
    public var end: TimeOffset
    /// The matched source text of the anchor itself (without skipped leading `*`, `(` or spaces).
    public var text: String
    /// Characters of the input from its start up to the end of the anchor, so a caller can
    /// compute where the rest of the line begins (`input.dropFirst(matchedLength)`).
    public var matchedLength: Int
    /// Set for a time of day ("07:30"): `start`/`end` mean nothing until it is placed against
    /// the launch's time of day (see `WallClock`).
    public var wallClock: WallClock?

    public init(start: TimeOffset, end: TimeOffset, text: String, matchedLength: Int) {
        self.start = start
        self.end = end
        self.text = text
        self.matchedLength = matchedLength
    }

    /// True when the anchor is a single instant.
    public var isPoint: Bool { start == end }
}
