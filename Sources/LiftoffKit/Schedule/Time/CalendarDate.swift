/// A calendar date as runbooks write it ("Monday 19th May 2025", "March 10, 2026", "Feb 21",
/// "2026-02-09 01:00 UTC", "Mar 3-5"): placed relative to T-0 only once the launch date is known
/// (docs/runbook-format.md, "Phases and times").
struct CalendarDate: Hashable, Sendable {
    var year: Int?
    var month: Int
    var day: Int
    /// The last day of a range written in one month ("Mar 3-5").
    var endDay: Int?
    /// A time of day written right after the date ("Mar 3, 10am PT", "2026-02-09 01:00").
    var minute: Int?

    /// Days since 1970-01-01, with a missing year taken from `near` (days since 1970): the year
    /// that puts the date closest to it.
    func dayNumber(near: Int? = nil, day d: Int? = nil) -> Int {
        let dd = d ?? day
        if let year { return CivilTime.days(year: year, month: month, day: dd) }
        guard let near else { return CivilTime.days(year: 2000, month: month, day: dd) }
        let y = CivilTime.date(days: near).year
        return [y - 1, y, y + 1].map { CivilTime.days(year: $0, month: month, day: dd) }
            .min { abs($0 - near) < abs($1 - near) } ?? CivilTime.days(year: y, month: month, day: dd)
    }
}

enum CalendarDateParser {
    private static let months: [(String, Int)] = [
        ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7),
        ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12),
        ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("sep", 9),
        ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    ]

    static func month(_ word: String) -> Int? {
        months.first { $0.0 == word }?.1
    }

    /// The first date anywhere in `s` and the column it starts at.
    static func find(_ s: String) -> (date: CalendarDate, column: Int)? {
        // Every form has a day number, read by `AnchorScanner.number` (ASCII digits).
        guard AnchorPrefilter.hasASCIIDigit(s) else { return nil }
        return scan(s)
    }

    /// `find` without its byte-level prefilter (the tests hold the two equal).
    static func scan(_ s: String) -> (date: CalendarDate, column: Int)? {
        let sc = AnchorScanner(s)
        for i in 0..<sc.count where sc.isWordStart(i) {
            if let (date, end) = iso(sc, at: i) ?? monthFirst(sc, at: i) ?? dayFirst(sc, at: i) {
                var d = date
                d.minute = clockAfter(sc, end)
                return (d, i)
            }
        }
        return nil
    }

    /// `2026-02-09`.
    static func iso(_ sc: AnchorScanner, at i: Int) -> (CalendarDate, Int)? {
        guard let y = sc.number(i), !y.hasFraction, y.end - i == 4, sc[y.end] == "-",
              let m = sc.number(y.end + 1), !m.hasFraction, m.end - y.end == 3, sc[m.end] == "-",
              let d = sc.number(m.end + 1), !d.hasFraction, d.end - m.end == 3 else { return nil }
        // `2026-02-09T01:00` runs straight into its time.
        guard sc.isBoundary(d.end) || sc[d.end] == "t" else { return nil }
        return valid(CalendarDate(year: y.integer, month: m.integer, day: d.integer), end: d.end)
    }

    /// `March 10, 2026`, `Feb 21`, `Aug 27th`, `Mar 3-5`.
    static func monthFirst(_ sc: AnchorScanner, at i: Int) -> (CalendarDate, Int)? {
        guard let (m, afterMonth) = monthWord(sc, at: i) else { return nil }
        let j = sc.skipSpaces(afterMonth)
        guard let d = dayNumber(sc, at: j) else { return nil }
        var date = CalendarDate(year: nil, month: m, day: d.value)
        var end = d.end
        if sc[end] == "-", let k = TimeAnchorParser.separator(sc, at: end),
           let e = dayNumber(sc, at: k), e.value > d.value {
            date.endDay = e.value
            end = e.end
        }
        var k = sc.skipSpaces(end)
        if sc[k] == "," { k = sc.skipSpaces(k + 1) }
        if let y = year(sc, at: k) {
            date.year = y.value
            end = y.end
        }
        return valid(date, end: end)
    }

    /// `Monday 19th May 2025`, `16 March 2026`, `11 March`, `20th of June`.
    static func dayFirst(_ sc: AnchorScanner, at i: Int) -> (CalendarDate, Int)? {
        guard let d = dayNumber(sc, at: i) else { return nil }
        var j = sc.skipSpaces(d.end)
        if sc.word(j).0 == "of" { j = sc.skipSpaces(sc.word(j).1) }
        guard let (m, e) = monthWord(sc, at: j) else { return nil }
        var date = CalendarDate(year: nil, month: m, day: d.value)
        var end = e
        var k = sc.skipSpaces(e)
        if sc[k] == "," { k = sc.skipSpaces(k + 1) }
        if let y = year(sc, at: k) {
            date.year = y.value
            end = y.end
        }
        return valid(date, end: end)
    }

    /// A month name or abbreviation (`Sept.` too) at a word start.
    private static func monthWord(_ sc: AnchorScanner, at i: Int) -> (Int, Int)? {
        let (w, e) = sc.word(i)
        guard let m = month(w), sc.isBoundary(e) else { return nil }
        // "may" is a month only when written as a name.
        if w == "may", sc.original.indices.contains(i), sc.original[i] != "M" { return nil }
        return (m, sc[e] == "." ? e + 1 : e)
    }

    /// `21`, `21st`, `3rd`: 1…31, not followed by more digits or a unit.
    private static func dayNumber(_ sc: AnchorScanner, at i: Int) -> (value: Int, end: Int)? {
        guard let n = sc.number(i), !n.hasFraction, n.end - i <= 2, n.integer >= 1, n.integer <= 31 else { return nil }
        let (w, e) = sc.word(n.end)
        if ["st", "nd", "rd", "th"].contains(w) { return (n.integer, e) }
        guard sc.isBoundary(n.end), sc[n.end] != ":" else { return nil }
        return (n.integer, n.end)
    }

    private static func year(_ sc: AnchorScanner, at i: Int) -> (value: Int, end: Int)? {
        guard let y = sc.number(i), !y.hasFraction, y.end - i == 4, y.integer >= 1900, y.integer <= 2200,
              sc.isBoundary(y.end) else { return nil }
        return (y.integer, y.end)
    }

    /// `, 10am PT`, ` 01:00 UTC`, `T01:00`, ` at 9:00` right after the date.
    private static func clockAfter(_ sc: AnchorScanner, _ end: Int) -> Int? {
        var k = end
        if sc[k] == "t", AnchorScanner.isDigit(sc[k + 1]) { k += 1 }
        k = sc.skipSpaces(k)
        if sc[k] == "," { k = sc.skipSpaces(k + 1) }
        if sc.word(k).0 == "at" { k = sc.skipSpaces(sc.word(k).1) }
        guard let (clock, _) = WallClockParser.parse(sc, at: k) else { return nil }
        return clock.startMinute
    }

    private static func valid(_ date: CalendarDate, end: Int) -> (CalendarDate, Int)? {
        guard (1...12).contains(date.month) else { return nil }
        let max = CivilTime.daysInMonth(year: date.year ?? 2000, month: date.month)
        guard date.day <= max, (date.endDay ?? date.day) <= max else { return nil }
        return (date, end)
    }
}
