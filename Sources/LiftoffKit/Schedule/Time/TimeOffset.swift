/// An offset from T-0: whole calendar `days` in the launch time zone (wall-clock time is kept
/// across DST changes) plus an exact duration in `seconds`.
///
/// `T-7 days` is `days: -7`; `T-168h` is `seconds: -604800`. They differ across a DST change.
public struct TimeOffset: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// Calendar days, applied in the launch time zone.
    public var days: Int
    /// Exact seconds, applied after the days.
    public var seconds: Int

    public init(days: Int = 0, seconds: Int = 0) {
        self.days = days
        self.seconds = seconds
    }

    /// T-0 itself.
    public static let zero = TimeOffset()

    /// `n` calendar days.
    public static func days(_ n: Int) -> TimeOffset { TimeOffset(days: n) }
    /// `n` exact hours (saturating on overflow).
    public static func hours(_ n: Int) -> TimeOffset { TimeOffset(seconds: saturatingMultiply(n, 3600)) }
    /// `n` exact minutes (saturating on overflow).
    public static func minutes(_ n: Int) -> TimeOffset { TimeOffset(seconds: saturatingMultiply(n, 60)) }
    /// `n` exact seconds.
    public static func seconds(_ n: Int) -> TimeOffset { TimeOffset(seconds: n) }

    /// `days * 86400 + seconds`, ignoring DST; for sorting and JSON. Saturates instead of overflowing.
    public var nominalSeconds: Int {
        let d = TimeOffset.saturatingMultiply(days, 86_400)
        let (sum, overflow) = d.addingReportingOverflow(seconds)
        if overflow { return d > 0 ? Int.max : Int.min }
        return sum
    }

    /// The offset with both parts negated (saturating).
    public var negated: TimeOffset {
        TimeOffset(days: days == Int.min ? Int.max : -days, seconds: seconds == Int.min ? Int.max : -seconds)
    }

    /// Orders by nominal seconds, then by days so the order is total and agrees with `==`.
    public static func < (a: TimeOffset, b: TimeOffset) -> Bool {
        (a.nominalSeconds, a.days) < (b.nominalSeconds, b.days)
    }

    /// `T-0`, `T-7d`, `T+1h30m`, `T-1d+2h`.
    public var description: String {
        if days == 0 && seconds == 0 { return "T-0" }
        var out = "T"
        if days != 0 { out += (days < 0 ? "-" : "+") + "\(days.magnitude)d" }
        if seconds != 0 {
            var rest = seconds.magnitude
            out += seconds < 0 ? "-" : "+"
            let h = rest / 3600; rest %= 3600
            let m = rest / 60; rest %= 60
            if h > 0 { out += "\(h)h" }
            if m > 0 { out += "\(m)m" }
            if rest > 0 { out += "\(rest)s" }
        }
        return out
    }

    private enum CodingKeys: String, CodingKey { case days, seconds, nominalSeconds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        days = try c.decodeIfPresent(Int.self, forKey: .days) ?? 0
        seconds = try c.decodeIfPresent(Int.self, forKey: .seconds) ?? 0
    }

    /// Encodes `days`, `seconds` and the derived `nominalSeconds`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(days, forKey: .days)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(nominalSeconds, forKey: .nominalSeconds)
    }

    static func saturatingMultiply(_ a: Int, _ b: Int) -> Int {
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { return (a < 0) != (b < 0) ? Int.min : Int.max }
        return r
    }
}
