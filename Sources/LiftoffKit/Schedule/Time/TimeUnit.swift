/// A unit written after a number in an anchor or duration (`7 days`, `30min`, `2w`).
enum TimeUnit: Sendable, Hashable {
    case second, minute, hour, day, week

    /// Looks up a lowercased unit word; nil when it is not a unit.
    init?(word: String) {
        switch word {
        case "s", "sec", "secs", "second", "seconds": self = .second
        case "m", "min", "mins", "minute", "minutes": self = .minute
        case "h", "hr", "hrs", "hour", "hours": self = .hour
        case "d", "day", "days": self = .day
        case "w", "wk", "wks", "week", "weeks": self = .week
        default: return nil
        }
    }

    /// Exact length in seconds (a day counted as 86400 s).
    var seconds: Int {
        switch self {
        case .second: 1
        case .minute: 60
        case .hour: 3600
        case .day: 86_400
        case .week: 604_800
        }
    }

    /// Calendar days per unit for `.day`/`.week`; nil for exact units.
    var calendarDays: Int? {
        switch self {
        case .day: 1
        case .week: 7
        default: nil
        }
    }
}

/// Largest offset accepted from text, in days (about 270 years); larger numbers are rejected.
let maxAnchorDays = 100_000

/// A number in an anchor: an integer part and an optional fraction.
struct ScannedNumber: Sendable, Hashable {
    var integer: Int
    var fraction: Double
    var hasFraction: Bool
    var end: Int

    var value: Double { Double(integer) + fraction }

    /// Converts `self × unit` into an offset, or nil when it is fractional days or out of range.
    func offset(unit: TimeUnit, negative: Bool) -> TimeOffset? {
        if let perUnit = unit.calendarDays {
            guard !hasFraction, integer <= maxAnchorDays / perUnit else { return nil }
            let d = integer * perUnit
            return TimeOffset(days: negative ? -d : d)
        }
        let total = value * Double(unit.seconds)
        guard total.isFinite, total <= Double(maxAnchorDays) * 86_400 else { return nil }
        let s = Int(total.rounded())
        return TimeOffset(seconds: negative ? -s : s)
    }
}
