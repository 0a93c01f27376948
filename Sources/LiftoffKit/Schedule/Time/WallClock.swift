/// A time of day as a runbook writes it ("07:30", "9:00 AM", "4PM", "6:30 - 8:00",
/// "12am-6am"): placed relative to T-0 only once the launch's own time of day is known — the
/// time the runbook states ("Launch: 09:00 CET") or the one `plan --at` gives. See
/// docs/runbook-format.md, "Phases and times".
public struct WallClock: Hashable, Sendable, Codable {
    /// Minutes after midnight.
    public var startMinute: Int
    /// Minutes after midnight of the start's day; past 1440 when the range crosses midnight.
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = max(startMinute, endMinute)
    }

    /// The window relative to T-0 when the launch starts at `launchMinute` on the day `days`
    /// calendar days from launch day.
    public func window(launchMinute: Int, days: Int) -> TimeWindow {
        TimeWindow(start: TimeOffset(days: days, seconds: (startMinute - launchMinute) * 60),
                   end: TimeOffset(days: days, seconds: (endMinute - launchMinute) * 60))
    }

    /// `07:30`, `07:30–09:00`.
    public var description: String {
        func hm(_ m: Int) -> String {
            let h = (m / 60) % 24, mm = m % 60
            return (h < 10 ? "0" : "") + "\(h):" + (mm < 10 ? "0" : "") + "\(mm)"
        }
        return startMinute == endMinute ? hm(startMinute) : "\(hm(startMinute))–\(hm(endMinute))"
    }
}

/// Reads wall-clock times and ranges.
enum WallClockParser {
    /// One clock reading: minutes after midnight, whether it had minutes or am/pm (a bare `6`
    /// counts only as the first end of a range whose other end is clearly a time).
    struct Reading {
        var hour: Int
        var minute: Int
        var meridiem: Character?
        var hasMinutes: Bool
        var end: Int

        var isClear: Bool { hasMinutes || meridiem != nil }

        func minutes(meridiem other: Character? = nil) -> Int? {
            var h = hour
            switch meridiem ?? other {
            case "a": guard h >= 1, h <= 12 else { return nil }; if h == 12 { h = 0 }
            case "p": guard h >= 1, h <= 12 else { return nil }; if h != 12 { h += 12 }
            default: guard h <= 24 else { return nil }
            }
            return h * 60 + minute
        }
    }

    /// A clock time or range starting exactly at `i`, and the index after it.
    static func parse(_ sc: AnchorScanner, at i: Int) -> (WallClock, Int)? {
        guard sc.isWordStart(i), let a = reading(sc, at: i) else { return nil }
        if let k = TimeAnchorParser.separator(sc, at: sc.skipSpaces(a.end)), let b = reading(sc, at: sc.skipSpaces(k)), b.isClear {
            guard let start = a.minutes(meridiem: a.meridiem ?? b.meridiem), var end = b.minutes() else { return nil }
            if end < start { end += 24 * 60 }
            return (WallClock(startMinute: start, endMinute: end), b.end)
        }
        guard a.isClear, let m = a.minutes() else { return nil }
        return (WallClock(startMinute: m, endMinute: m), a.end)
    }

    /// `h`, `h:mm`, with an optional `am`/`pm`/`a.m.`/`p.m.`; ends at a boundary (`12:00+` too).
    static func reading(_ sc: AnchorScanner, at i: Int) -> Reading? {
        guard let h = sc.number(i), !h.hasFraction, h.end - i <= 2 else { return nil }
        var j = h.end
        var minute = 0
        var hasMinutes = false
        if sc[j] == ":", AnchorScanner.isDigit(sc[j + 1]), AnchorScanner.isDigit(sc[j + 2]), !AnchorScanner.isDigit(sc[j + 3]) {
            guard let m = sc.number(j + 1), m.integer < 60 else { return nil }
            minute = m.integer
            hasMinutes = true
            j += 3
        }
        var meridiem: Character?
        let k = sc.skipSpaces(j)
        let (w, e) = sc.word(k)
        if w == "am" || w == "pm", sc.isBoundary(e) {
            meridiem = w.first
            j = e
        } else if (w == "a" || w == "p"), sc[e] == ".", sc[e + 1] == "m", sc[e + 2] == "." {
            meridiem = w.first
            j = e + 3
        }
        guard sc.isBoundary(j) || sc[j] == "+" else { return nil }
        if !hasMinutes, meridiem == nil, sc[j] == ":" { return nil }
        return Reading(hour: h.integer, minute: minute, meridiem: meridiem, hasMinutes: hasMinutes, end: sc[j] == "+" ? j + 1 : j)
    }

    /// A clock time at the start of `s` (after spaces, `*`, `_`, `(`), as an anchor.
    static func parseLeading(_ s: Substring) -> TimeAnchor? {
        // A clock reading starts with its hour, read by `AnchorScanner.number` (ASCII digits).
        guard AnchorPrefilter.hasASCIIDigit(s) else { return nil }
        return scanLeading(s)
    }

    /// `parseLeading` without its byte-level prefilter (the tests hold the two equal).
    static func scanLeading(_ s: Substring) -> TimeAnchor? {
        let sc = AnchorScanner(s)
        var i = 0
        while let c = sc[i], c.quickIsWhitespace || c == "*" || c == "_" || c == "(" { i += 1 }
        guard let (clock, end) = parse(sc, at: i) else { return nil }
        var close = end
        if sc[sc.skipSpaces(end)] == ")" { close = sc.skipSpaces(end) + 1 }
        return TimeAnchor(wallClock: clock, text: sc.text(i, end), matchedLength: close)
    }

    /// The first clock time anywhere in `s` (a heading such as "Phase 2 (6:30 - 8:00)").
    static func findAnywhere(_ s: String) -> TimeAnchor? {
        guard AnchorPrefilter.hasASCIIDigit(s) else { return nil }
        return scanAnywhere(s)
    }

    /// `findAnywhere` without its byte-level prefilter (the tests hold the two equal).
    static func scanAnywhere(_ s: String) -> TimeAnchor? {
        let sc = AnchorScanner(s)
        for i in 0..<sc.count where AnchorScanner.isDigit(sc[i]) && sc.isWordStart(i) {
            // `v1.2`, `3.10`, `1/2` and `x:30` are not clock times.
            if let p = sc[i - 1], p == "." || p == "/" || p == ":" || p == "-" || p == "+" { continue }
            if let (clock, end) = parse(sc, at: i) {
                return TimeAnchor(wallClock: clock, text: sc.text(i, end), matchedLength: end)
            }
        }
        return nil
    }
}

extension TimeAnchor {
    /// A wall-clock anchor, placed later against the launch's time of day.
    init(wallClock: WallClock, text: String, matchedLength: Int) {
        self.init(start: .zero, end: .zero, text: text, matchedLength: matchedLength)
        self.wallClock = wallClock
    }
}
