/// How long the runbook says a step takes, where it says so: a `Duration` cell ("15 min",
/// "~1h"), `duration=` on the step, or the step's own words ("Run migrations (~15 min)",
/// "takes 10 minutes", "Duration: 30m"). See docs/runbook-format.md, "Durations".
public enum RunbookDurations {
    /// A whole cell or value: `15 min`, `~15 min`, `≈ 1h`, `about 1h 30m` (a note in parentheses may follow).
    public static func read(_ text: String) -> Int? {
        var s = Substring(text.trimmingCharactersInSpace())
        s = s.drop { $0 == "~" || $0 == "≈" || $0 == " " }
        if s.lowercased().hasPrefix("about ") { s = s.dropFirst(6) }
        if s.lowercased().hasPrefix("approx. ") { s = s.dropFirst(8) }
        guard let found = DurationParser.parsePrefix(s), found.seconds > 0 else { return nil }
        let rest = s.dropFirst(found.length).trimmingCharacters(in: .whitespaces)
        return rest.isEmpty || rest.hasPrefix("(") ? found.seconds : nil
    }

    /// A duration stated inside a step's text: after `~` or `≈`, "takes", "duration:", "est.",
    /// or in parentheses on its own ("(15 min)"). A bare number of minutes in prose
    /// ("wait 5 minutes for the caches") is an instruction, not the step's length, so it is left alone.
    public static func inProse(_ text: String) -> Int? {
        let lower = text.lowercased()
        let markers = ["~", "≈", "takes ", "takes about ", "duration:", "duration ", "est.", "est:", "estimated "]
        for marker in markers {
            var search = lower.startIndex..<lower.endIndex
            while let range = lower.range(of: marker, range: search) {
                let after = lower[range.upperBound...].drop { $0 == " " }
                if let found = DurationParser.parsePrefix(after), found.seconds > 0 { return found.seconds }
                search = range.upperBound..<lower.endIndex
            }
        }
        var search = lower.startIndex..<lower.endIndex
        while let open = lower.range(of: "(", range: search) {
            let inside = lower[open.upperBound...].prefix { $0 != ")" }
            if inside.count < lower[open.upperBound...].count, let seconds = read(String(inside)) { return seconds }
            search = open.upperBound..<lower.endIndex
        }
        return nil
    }
}
