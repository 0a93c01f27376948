import Foundation

/// A calendar window in which no launch may shift traffic (DESIGN §1, "freeze"), from the vars
/// file or the front matter: every week (`freeze: Fri 16:00 – Mon 08:00 Europe/Oslo`) or between
/// dates (`freeze: 2026-12-21 – 2027-01-04`, a bare end date counting whole). The zone is the
/// launch's unless one is written last. See docs/runbook-format.md, "Freeze windows".
public struct FreezeWindow: Hashable, Sendable {
    public enum Span: Hashable, Sendable {
        /// Minutes of the week counted from Sunday 00:00 local time; the end may wrap past Saturday.
        case weekly(start: Int, end: Int)
        case dates(start: Date, end: Date)
    }

    public var span: Span
    public var timeZone: TimeZone
    /// As written.
    public var text: String

    static let week = 7 * 1440
    static let days = ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]

    public func contains(_ date: Date) -> Bool {
        switch span {
        case .dates(let start, let end):
            return start <= date && date < end
        case .weekly(let start, let end):
            let m = minuteOfWeek(date)
            return start < end ? (start <= m && m < end) : (m >= start || m < end)
        }
    }

    /// Whether any instant of [start, end] is frozen.
    public func overlaps(_ start: Date, _ end: Date) -> Bool {
        guard end > start else { return contains(start) }
        switch span {
        case .dates(let s, let e):
            return s < end && start < e
        case .weekly(let s, _):
            if contains(start) || end.timeIntervalSince(start) >= Double(Self.week) * 60 { return true }
            // Otherwise the freeze must begin inside the interval.
            let ahead = ((s - minuteOfWeek(start)) % Self.week + Self.week) % Self.week
            return Double(ahead) * 60 <= end.timeIntervalSince(start)
        }
    }

    func minuteOfWeek(_ date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        return ((c.weekday ?? 1) - 1) * 1440 + (c.hour ?? 0) * 60 + (c.minute ?? 0)
    }

    public struct ParseError: Error, Hashable, Sendable {
        public var message: String
        public var hint: String { "write it as `freeze: Fri 16:00 – Mon 08:00 Europe/Oslo` or `freeze: 2026-12-21 – 2027-01-04`" }
    }

    public static func parse(_ text: String, timeZone: TimeZone) throws(ParseError) -> FreezeWindow {
        var body = text.trimmingCharactersInSpace()
        var zone = timeZone
        if let last = body.split(separator: " ").last, last.contains("/") || last == "UTC", let named = TimeZone(identifier: String(last)) {
            zone = named
            body = String(body.dropLast(last.count)).trimmingCharactersInSpace()
        }
        var parts: [String] = []
        for separator in [" – ", "–", " — ", "—", " to ", " - "] where parts.isEmpty {
            let split = body.components(separatedBy: separator)
            if split.count == 2 { parts = split.map { $0.trimmingCharactersInSpace() } }
        }
        guard parts.count == 2 else { throw ParseError(message: "freeze '\(text)' needs a start and an end, separated by '–' or 'to'") }
        if let start = weekly(parts[0]), let end = weekly(parts[1]) {
            guard start != end else { throw ParseError(message: "freeze '\(text)' starts where it ends") }
            return FreezeWindow(span: .weekly(start: start, end: end), timeZone: zone, text: text)
        }
        guard let start = Schedule.parseLocalDateTime(parts[0], timeZone: zone),
              var end = Schedule.parseLocalDateTime(parts[1], timeZone: zone) else {
            throw ParseError(message: "freeze '\(text)' is neither weekdays with times nor dates")
        }
        // A bare end date is the whole of that day.
        if !parts[1].contains(":") { end = Schedule.instant(of: .days(1), t0: end, timeZone: zone) }
        guard end > start else { throw ParseError(message: "freeze '\(text)' ends before it starts") }
        return FreezeWindow(span: .dates(start: start, end: end), timeZone: zone, text: text)
    }

    /// `Fri 16:00`, `friday 4:00`, `Mon` (midnight): minutes of the week.
    static func weekly(_ text: String) -> Int? {
        let words = text.lowercased().split(separator: " ")
        guard let first = words.first, first.count >= 3, let day = days[String(first.prefix(3))] else { return nil }
        guard words.count <= 2 else { return nil }
        var minute = 0
        if words.count == 2 {
            let hm = words[1].split(separator: ":")
            guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0...59).contains(m) else { return nil }
            minute = h * 60 + m
        }
        return (day * 1440 + minute) % week
    }
}
