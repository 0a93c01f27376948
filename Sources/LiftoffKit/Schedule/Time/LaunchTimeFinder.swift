/// Finds the launch's time of day where a runbook states it, so its wall-clock times can be
/// placed (docs/runbook-format.md, "Phases and times"):
/// - a key line or cell whose key names the launch: `**Launch:** 09:00 CET`, `- Go-live time: 10:00`,
///   `| Cutover start | 22:00 UTC |`, `T-0: 06:00`;
/// - prose: "Go-live at 10:00", "the cutover starts at 22:00";
/// - the go-live window stated up front (before any timed heading): `**Window**: 6:00 AM - 12:00 PM`
///   (its start), under any key, since a window is what the launch is.
enum LaunchTimeFinder {
    private static let launchKeys = PhraseSet(["launch", "go-live", "go live", "golive", "cutover", "cut-over", "t-0", "t0", "kickoff", "kick-off", "start time", "deployment time", "release time", "migration start", "maintenance window", "window"])

    static func find(_ lines: [Substring]) -> Int? {
        var inFence = false
        var sawTimedHeading = false
        var windowStart: Int?
        for raw in lines {
            let line = raw.trimmingCharactersInSpaceSub()
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle(); continue }
            if inFence { continue }
            if line.hasPrefix("#") {
                // Once one is seen, later headings cannot change the answer.
                guard !sawTimedHeading else { continue }
                let title = String(line.drop(while: { $0 == "#" }))
                if TimeAnchorParser.findAnywhere(title) != nil || WallClockParser.findAnywhere(title) != nil { sawTimedHeading = true }
                continue
            }
            // Both readers below need a clock time in the line (`WallClockParser.parseLeading`),
            // and a clock time needs a digit.
            guard AnchorPrefilter.hasASCIIDigit(line) else { continue }
            guard let (key, value) = keyValue(String(line)) else {
                if let m = prose(String(line)) { return m }
                continue
            }
            // The value's clock first: most key lines hold none, and then the key does not matter.
            guard let clock = WallClockParser.parseLeading(Substring(value))?.wallClock else { continue }
            let k = TitleText.normalized(key)
            if launchKeys.anyOccurs(in: k), !k.utf8Contains("lunch") { return clock.startMinute }
            if !sawTimedHeading, windowStart == nil, clock.endMinute > clock.startMinute { windowStart = clock.startMinute }
        }
        return windowStart
    }

    /// `**Key:** value`, `Key: value`, `- Key: value`, `| Key | value |`.
    static func keyValue(_ line: String) -> (String, String)? {
        var s = Substring(line)
        while let f = s.first, f == "-" || f == "*" || f == "+" || f == " " { s.removeFirst() }
        if s.hasPrefix("|") {
            let cells = s.split(separator: "|").map { $0.trimmingCharactersInSpaceSub() }.filter { !$0.isEmpty }
            guard cells.count == 2 else { return nil }
            return (strip(String(cells[0])), strip(String(cells[1])))
        }
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let key = strip(String(s[..<colon]))
        guard !key.isEmpty, key.split(separator: " ").count <= 5, !key.contains(where: \.quickIsNumber) || key.lowercased().hasPrefix("t") else { return nil }
        return (key, strip(String(s[s.index(after: colon)...])))
    }

    private static func strip(_ s: String) -> String {
        s.trimmingCharacters(in: "*_ \t:")
    }

    /// "Go-live at 10:00", "launch starts at 9:00 AM".
    static func prose(_ line: String) -> Int? {
        let lower = line.lowercased()
        // A byte search first: Foundation's search below is slow, and most lines name none.
        for word in ["launch", "go-live", "go live", "cutover", "release"] where lower.utf8Contains(word) {
            var from = lower.startIndex
            while let r = lower.range(of: word, range: from..<lower.endIndex) {
                from = r.upperBound
                let after = lower[r.upperBound...].drop(while: { $0 == " " })
                for lead in ["at ", "starts at ", "begins at ", "time is ", "is at "] where after.hasPrefix(lead) {
                    let rest = line[line.index(line.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: after.startIndex) + lead.count)...]
                    if let clock = WallClockParser.parseLeading(Substring(rest))?.wallClock {
                        return clock.startMinute
                    }
                }
            }
        }
        return nil
    }
}
