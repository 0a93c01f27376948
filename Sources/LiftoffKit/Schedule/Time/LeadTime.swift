import LiftoffMarkdown

/// A time at the start of a paragraph or item (docs/runbook-format.md, "Phases and times"):
/// `**T-30min:** Freeze deploys`, `**T-50m** - Merge`, `**T**: Publish`, `**Thursday (T-4)**`,
/// `**2:00 AM: Pre-Launch Preparation**`, and without bold `T+2h: Check dashboards` or
/// `9:00 AM: Team standup`, `09:00 Freeze merges` (after a quantity-like time a separator must
/// follow, so "10 minutes later" is not a time).
enum LeadTime {
    /// `plain`: also read an unbolded time (list items; a paragraph needs the bold).
    static func split(_ inlines: [Inline], plain allowPlain: Bool) -> (anchor: TimeAnchor, rest: String)? {
        guard let first = inlines.first else { return nil }
        if case .strong(let bold) = first {
            let boldText = TitleText.collapsed(bold.plainText).trimmingCharactersInSpace()
            let after = TitleText.collapsed(Array(inlines.dropFirst()).plainText).trimmingCharactersInSpace()
            if let anchor = boldAnchor(boldText) {
                // The bold text may hold the title too: `**2:00 AM: Pre-Launch Preparation**`.
                let inside = label(after: anchor, in: boldText)
                let rest = [inside, strippedSeparator(after)].filter { !$0.isEmpty }.joined(separator: " ")
                return (anchor, rest)
            }
            return nil
        }
        guard allowPlain else { return nil }
        let plain = TitleText.collapsed(inlines.plainText).trimmingCharactersInSpace()
        if let anchor = TimeAnchorParser.parseLeading(Substring(plain)) {
            guard anchor.matchedLength < plain.count else { return nil }
            let tail = String(plain.dropFirst(anchor.matchedLength))
            let trimmed = tail.trimmingCharactersInSpace()
            guard separated(trimmed) || (tail.first?.quickIsWhitespace == true && readsAsTimeAlone(anchor)) else { return nil }
            return (anchor, strippedSeparator(trimmed))
        }
        return phraseLead(plain)
    }

    /// "2 hours before launch: Snapshot the database", "30 minutes after go-live, post an
    /// update": a phrase window before a separator or a comma, and the text after it.
    static func phraseLead(_ plain: String) -> (anchor: TimeAnchor, rest: String)? {
        guard let phrase = TimeAnchorParser.leadingRelativePhrase(plain), phrase.matchedLength < plain.count else { return nil }
        let trimmed = String(plain.dropFirst(phrase.matchedLength)).trimmingCharactersInSpace()
        guard separated(trimmed) || trimmed.hasPrefix(", ") else { return nil }
        return (phrase, strippedSeparator(trimmed.hasPrefix(", ") ? String(trimmed.dropFirst(2)) : trimmed))
    }

    /// A separator after a lead time: `:`, a spaced dash, `|`.
    private static func separated(_ text: String) -> Bool {
        text.hasPrefix(":") || text.hasPrefix("- ") || text.hasPrefix("– ") || text.hasPrefix("— ") || text.hasPrefix("|")
    }

    /// A time that cannot be a quantity, so no separator is needed after it: a clock time
    /// (`09:00 Freeze merges`, `9 AM standup`) or a T-anchor (`T-2h check dashboards`). "10
    /// minutes later" and "Day 1 metrics" still need one.
    private static func readsAsTimeAlone(_ anchor: TimeAnchor) -> Bool {
        if anchor.wallClock != nil { return anchor.text.contains(":") || anchor.text.lowercased().contains("m") }
        return HeadingTime.isPrefixed(anchor.text) && anchor.text.first.map { $0 == "T" || $0 == "H" } == true
    }

    /// `T-50m`, `T+1hr`, `T`, `2:00 AM: …`, or a short label with its anchor in parentheses
    /// (`Thursday (T-4)`, `Saturday 9:30 PM CET (T-12 hours)`).
    static func boldAnchor(_ text: String) -> TimeAnchor? {
        let t = text.hasSuffix(":") ? String(text.dropLast()) : text
        if t == "T" || t == "T0" { return TimeAnchor(start: .zero, end: .zero, text: t, matchedLength: t.count) }
        if let anchor = TimeAnchorParser.parseLeading(Substring(text)) {
            // "**Day 1 metrics collected**" is a title that starts with a period's name; a
            // T-anchor ("**T-2h Final checks**") or a separator ("**Day 1: …**") is a time.
            let rest = text.dropFirst(anchor.matchedLength).trimmingCharactersInSpaceSub()
            let namedPeriod = anchor.wallClock == nil && !HeadingTime.isPrefixed(anchor.text)
            if !namedPeriod || rest.first.map({ ":-–—|(".contains($0) }) ?? true { return anchor }
        }
        // "**2 hours before launch:**", "**The day before go-live – Final checks**".
        if let phrase = TimeAnchorParser.leadingRelativePhrase(text) {
            let rest = text.dropFirst(phrase.matchedLength).trimmingCharactersInSpaceSub()
            if rest.first.map({ ":-–—|".contains($0) }) ?? true { return phrase }
        }
        guard t.split(separator: " ").count <= 6, let open = t.firstIndex(of: "("), t.hasSuffix(")") else { return nil }
        let inner = String(t[t.index(after: open)..<t.index(before: t.endIndex)])
        guard let found = TimeAnchorParser.findAnywhere(inner), found.column == 0 else { return nil }
        var anchor = TimeAnchor(start: found.anchor.start, end: found.anchor.end, text: found.anchor.text, matchedLength: t.count)
        // A weekday beside a unitless `T-4` counts days: "Thursday (T-4)".
        if namesWeekday(String(t[..<open])), found.anchor.isPoint, TimeContext.unit(of: found.anchor.text) == nil,
           let days = RawPoint.parse(AnchorScanner(found.anchor.text), at: 0)?.resolve(unitless: .day) {
            anchor.start = days
            anchor.end = days
        }
        return anchor
    }

    /// The words of a bold lead-in after its time: `2:00 AM: Pre-Launch Preparation` → the title.
    private static func label(after anchor: TimeAnchor, in boldText: String) -> String {
        guard anchor.matchedLength < boldText.count else { return "" }
        return strippedSeparator(String(boldText.dropFirst(anchor.matchedLength)))
    }

    static func namesWeekday(_ text: String) -> Bool {
        let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        let t = text.lowercased()
        return days.contains { t.contains($0) }
    }

    /// Whether an item starts with a bold title: "**Bulk Data Export** (1-2 hours)" names a task
    /// and how long it takes, not when it happens.
    static func hasBoldTitle(_ inlines: [Inline]) -> Bool {
        if case .strong? = inlines.first { return true }
        return false
    }

    /// A window in parentheses at the end of an item: "Evening on-call watches (6-18h)".
    static func trailingWindow(_ text: String) -> TimeAnchor? {
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return nil }
        let paren = String(text[open...])
        guard let found = TimeAnchorParser.findAnywhere(paren), found.column == 0, found.anchor.matchedLength == paren.count else { return nil }
        return found.anchor
    }

    /// A clock time in parentheses closing a step's title: "Step 1: Initialize Canary (08:15)",
    /// "Step 3: Validate (08:25 - 08:45)".
    static func trailingClock(_ text: String) -> TimeAnchor? {
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return nil }
        let paren = text[open...]
        guard let clock = WallClockParser.parseLeading(paren), clock.matchedLength == paren.count else { return nil }
        return clock
    }

    static func strippedSeparator(_ s: String) -> String {
        var t = Substring(s.trimmingCharactersInSpace())
        while let f = t.first, ":-–—|".contains(f) { t.removeFirst() }
        return String(t).trimmingCharactersInSpace()
    }
}
