/// Finds the launch's calendar date where a runbook states it, so its calendar dates can be
/// placed relative to T-0 (docs/runbook-format.md, "Phases and times"):
/// - a key line or cell whose key names the launch: `| Launch Date | March 10, 2026 |`,
///   `Launch: Monday 16 March 2026, 09:00 CET`, `**Go-live date:** 2026-04-01`;
/// - else a period stated up front (before any timed heading): `**Monitoring Period:**
///   2026-02-08 00:00 - 2026-02-09 00:00 UTC` (its start);
/// - else the first dated line that says the release itself happened ("v2.0 released",
///   "goes live", "general availability"), never a pre-release (alpha, beta, rc).
/// The date needs its year. The time of day written with it, if any, comes along.
enum LaunchDateFinder {
    struct Found: Equatable {
        /// Days since 1970-01-01.
        var day: Int
        var minute: Int?
    }

    private static let launchKeys = PhraseSet(["launch", "go-live", "go live", "golive", "cutover", "cut-over", "release date", "ga date", "ship date", "t-0", "t0"])
    private static let periodKeys = PhraseSet(["period", "window"])
    private static let releasedWords = ["released", "goes live", "go live", "go-live", "went live", "general availability", "ga release"]
    private static let preRelease = ["alpha", "beta", "rc", "preview", "candidate", "pre-release", "prerelease", "nightly"]

    static func find(_ lines: [Substring]) -> Found? {
        var inFence = false
        var sawTimedHeading = false
        var period: Found?
        var released: Found?
        for raw in lines {
            let line = raw.trimmingCharactersInSpaceSub()
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle(); continue }
            if inFence { continue }
            if line.hasPrefix("#") {
                let title = String(line.drop(while: { $0 == "#" }))
                if TimeAnchorParser.findAnywhere(title) != nil { sawTimedHeading = true }
                continue
            }
            // Both readers below need a calendar date with its year in the line, and a year is
            // four ASCII digits in a row (`CalendarDateParser`).
            guard AnchorPrefilter.hasFourDigitRun(line) else { continue }
            if let (key, value) = LaunchTimeFinder.keyValue(String(line)),
               let (date, _) = CalendarDateParser.find(value), let year = date.year {
                let k = TitleText.normalized(key)
                let found = Found(day: CivilTime.days(year: year, month: date.month, day: date.day), minute: date.minute)
                if launchKeys.anyOccurs(in: k), !k.utf8Contains("lunch") { return found }
                if !sawTimedHeading, period == nil, periodKeys.anyOccurs(in: k) { period = found }
                continue
            }
            if released == nil, let found = releaseLine(String(line)) { released = found }
        }
        return period ?? released
    }

    /// "**Wednesday 27th August 2025**: Kubernetes v1.34.0 released", a schedule row saying so.
    static func releaseLine(_ line: String) -> Found? {
        let lower = TitleText.normalized(line)
        guard releasedWords.contains(where: { lower.containsPhrase($0) }),
              !preRelease.contains(where: { lower.containsPhrase($0) || lower.utf8Contains("-\($0)") }),
              let (date, _) = CalendarDateParser.find(line), let year = date.year else { return nil }
        return Found(day: CivilTime.days(year: year, month: date.month, day: date.day), minute: nil)
    }
}

/// A calendar date placed against the launch date: whole days between them, plus the time of
/// day when both are written with one (docs/runbook-format.md, "Phases and times").
enum DatePlacement {
    static func anchor(in text: String, launchDay: Int?, launchMinute: Int?) -> TimeAnchor? {
        guard let launchDay, let (date, column) = CalendarDateParser.find(text) else { return nil }
        let start = date.dayNumber(near: launchDay) - launchDay
        let end = date.endDay.map { date.dayNumber(near: launchDay, day: $0) - launchDay } ?? start
        guard abs(start) <= maxAnchorDays, abs(end) <= maxAnchorDays else { return nil }
        var seconds = 0
        if let m = date.minute, let launchMinute, date.endDay == nil { seconds = (m - launchMinute) * 60 }
        return TimeAnchor(start: TimeOffset(days: start, seconds: seconds), end: TimeOffset(days: max(start, end), seconds: seconds),
                          text: String(text.dropFirst(column).prefix(40)), matchedLength: text.count)
    }
}
