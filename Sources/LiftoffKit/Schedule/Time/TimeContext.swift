/// Times whose meaning depends on the rest of the runbook (docs/runbook-format.md, "Phases and
/// times"):
/// - a unitless `T-4` under a `T-5 Days` section takes the section's unit (days), not minutes;
/// - in a runbook that counts a `Day 0`, that is launch day and `Day N` is [N d, (N+1) d];
///   otherwise launch day is Day 1.
enum TimeContext {
    static func adjusted(_ anchor: TimeAnchor, dayZero: Bool, within enclosing: TimeAnchor?) -> TimeAnchor {
        var a = anchor
        // `Day 0…` already counts from launch day; `Day N` (N ≥ 1) moves a day later.
        if dayZero, a.wallClock == nil, a.text.lowercased().hasPrefix("day"), !countsFromLaunchDay(a.text) {
            a.start.days += 1
            a.end.days += 1
        }
        if let enclosing, let unit = unit(of: enclosing.text), unit != .minute {
            let sc = AnchorScanner(a.text)
            if let p = RawPoint.parse(sc, at: 0), p.prefix == .t, p.effectiveUnit == nil, p.end == sc.count,
               let o = p.resolve(unitless: unit) {
                a.start = o
                a.end = o
            }
        }
        return a
    }

    /// `Day 0`, `Day 0-2`, `Day -1`: written from launch day, so counting from Day 0 does not move them.
    static func countsFromLaunchDay(_ text: String) -> Bool {
        let t = TitleText.normalized(text)
        // `Day -1`, `Day +2` count from launch day already.
        if let sign = text.lowercased().drop(while: { $0.isLetter }).drop(while: { $0 == " " }).first, "-+−–".contains(sign) { return true }
        return t == "day 0" || t.hasPrefix("day 0 ") || t.hasPrefix("day 0-")
    }

    /// The unit an anchor is written in (`T-5 Days` → day), nil when none is written.
    static func unit(of text: String) -> TimeUnit? {
        let sc = AnchorScanner(text)
        return RawPoint.parse(sc, at: 0)?.effectiveUnit
    }

    /// Whether the runbook counts from `Day 0`.
    static func usesDayZero(_ lines: [Substring]) -> Bool {
        lines.contains { line in
            guard line.utf8Contains("ay 0") else { return false }
            let sc = AnchorScanner(line)
            for i in 0..<sc.count where sc.isWordStart(i) && sc.hasPrefix("day", at: i) {
                let j = sc.skipSpaces(i + 3)
                if sc[j] == "0", sc.isBoundary(j + 1) { return true }
            }
            return false
        }
    }
}
