extension TimeAnchorParser {
    /// A window phrase anywhere in a heading, mapped only when unambiguous:
    /// - `First 24 Hours` → [0, +24h]; `First Week` → [0, +7d] (bare unit = 1).
    /// - `Within 2 Hours of Launch` → [-2h, 0]; `… before launch` likewise; `… after launch` → [0, +2h].
    /// - `4 Weeks Before Go-Live` → point -28d; `48 Hours Before` (at the end or before punctuation) → -48h;
    ///   `1 Hour After Launch` → +1h; `Day Before Go-Live` → point -1d (a launch word is required
    ///   when there is no number).
    /// - `Launch Day`, `Go-Live Day`, `Day of Launch` → point 0.
    /// - `End of Day`, `End of Day 2`, `End of 24 Hours` → the point that period ends (see `endOf`);
    ///   `24-Hour Mark` → +24h; `48-Hour Advance Notice`, `2-Hour Final Notice`, `24-Hour Reminder` → -48h, -2h, -24h;
    ///   `24-Hour Follow-up` → +24h.
    /// `After Launch`, `Post-Launch`, `(Morning)` and the like give nil.
    /// Launch words: launch, go-live, go live, golive, release, deployment, cutover.
    public static func findRelativePhrase(_ s: String) -> TimeAnchor? {
        let sc = AnchorScanner(s)
        return relativePhrase(sc, PhraseMatcher(t: PhraseToken.tokenize(sc)))
    }

    /// A window phrase that opens `s` ("2 hours before launch: …", "The day before go-live – …",
    /// "30 minutes after cutover, …"), with `matchedLength` at the phrase's end; nil when the
    /// phrase starts later in the text.
    static func leadingRelativePhrase(_ s: String) -> TimeAnchor? {
        guard mayOpenWithPhrase(s), AnchorPrefilter.mayLookTimeLike(s) else { return nil }
        let sc = AnchorScanner(s)
        let m = PhraseMatcher(t: PhraseToken.tokenize(sc))
        let k = m.skipThe(0)
        guard k < m.t.count, sc.text(0, m.t[0].start).allSatisfy({ $0.quickIsWhitespace || $0 == "*" || $0 == "_" }),
              let (start, end, last) = phrase(m, at: k) else { return nil }
        return TimeAnchor(start: start, end: end, text: sc.text(m.t[k].start, m.t[last].end), matchedLength: m.t[last].end)
    }

    /// Whether `s` starts the way a phrase window can (a number, or one of the words a phrase
    /// opens with): most items do not, and they skip the tokenizing.
    private static func mayOpenWithPhrase(_ s: String) -> Bool {
        let body = s.utf8.drop { $0 == 0x20 || $0 == 0x2A || $0 == 0x5F }
        guard let first = body.first else { return false }
        if first &- 0x30 < 10 { return true }
        let word = String(decoding: body.prefix { ($0 | 0x20) &- 0x61 < 26 || $0 == 0x2D }, as: UTF8.self).lowercased()
        return ["the", "first", "within", "end", "day", "launch", "go-live", "go", "golive", "release", "deployment", "cutover"].contains(word)
    }

    /// `findRelativePhrase` over a scanner and its tokens already built.
    static func relativePhrase(_ sc: AnchorScanner, _ m: PhraseMatcher) -> TimeAnchor? {
        for k in m.t.indices {
            if let (start, end, last) = phrase(m, at: k) {
                return TimeAnchor(start: start, end: end, text: sc.text(m.t[k].start, m.t[last].end),
                                  matchedLength: m.t[last].end)
            }
        }
        return nil
    }

    /// An "End of …" point anywhere in a heading (`Checklist - End of Day 1` → +1d), which
    /// outranks the period it names ("Day 1" alone is [0, 1d]).
    public static func findEndOf(_ s: String) -> TimeAnchor? {
        let sc = AnchorScanner(s)
        let m = PhraseMatcher(t: PhraseToken.tokenize(sc))
        for k in m.t.indices where m.t[k].text == "end" && m.word(k + 1) == "of" {
            if let (o, last) = endOf(m, at: m.skipThe(k + 2)) {
                return TimeAnchor(start: o, end: o, text: sc.text(m.t[k].start, m.t[last].end), matchedLength: m.t[last].end)
            }
        }
        return nil
    }

    /// A phrase starting at token `k`: its window and the index of its last token.
    static func phrase(_ m: PhraseMatcher, at k: Int) -> (TimeOffset, TimeOffset, Int)? {
        let w = m.t[k].text
        if w == "first", let (n, u, j) = m.quantity(k + 1, countOptional: true),
           let o = n.offset(unit: u, negative: false) {
            return (.zero, o, j - 1)
        }
        if w == "within", let (n, u, j) = m.quantity(k + 1, countOptional: false), let rel = m.word(j),
           ["of", "before", "after"].contains(rel), let e = m.launchWord(m.skipThe(j + 1)) {
            guard let o = n.offset(unit: u, negative: rel != "after") else { return nil }
            return rel == "after" ? (.zero, o, e - 1) : (o, .zero, e - 1)
        }
        if w == "end", m.word(k + 1) == "of", let (o, last) = endOf(m, at: m.skipThe(k + 2)) {
            return (o, o, last)
        }
        // "24-Hour Mark": the moment that long after T-0; "48-Hour Advance Notice", "24-Hour
        // Reminder": that long before; "24-Hour Follow-up": that long after.
        if let (n, u, q) = m.quantity(k, countOptional: false), case let j = m.word(q) == "final" ? q + 1 : q, let next = m.word(j) {
            let before = ["advance", "notice", "reminder", "warning"].contains(next)
            let after = next == "mark" || next == "followup" || (next == "follow" && m.word(j + 1) == "up")
            if before || after, let o = n.offset(unit: u, negative: before) {
                return (o, o, next == "follow" ? j + 1 : j)
            }
        }
        // Launch day is the whole day that starts at T-0.
        if let e = m.launchWord(k), m.word(e) == "day" {
            return (.zero, .days(1), e)
        }
        if w == "day", m.word(k + 1) == "of", let e = m.launchWord(m.skipThe(k + 2)) {
            return (.zero, .days(1), e - 1)
        }
        if let (n, u, j) = m.quantity(k, countOptional: true), let rel = relation(m, at: j) {
            let hasCount = m.count(k) != nil
            var last = rel.end - 1
            if let e = m.launchWord(m.skipThe(rel.end)) {
                last = e - 1
            } else if !hasCount || !m.t[rel.end - 1].breakAfter {
                return nil
            }
            guard let o = n.offset(unit: u, negative: rel.before) else { return nil }
            return (o, o, last)
        }
        return nil
    }

    /// What "End of …" closes, as a point: `End of Day` (launch day) → +1d, `End of Day 2` → +2d,
    /// `End of Week 1` → +7d, `End of 24 Hours` / `End of the first 24 hours` → +24h,
    /// `End of launch day` → +1d. The offset and the index of the last token.
    static func endOf(_ m: PhraseMatcher, at j: Int) -> (TimeOffset, Int)? {
        if let (n, u, e) = m.quantity(m.word(j) == "first" ? j + 1 : j, countOptional: m.word(j) == "first"),
           let o = n.offset(unit: u, negative: false) {
            return (o, e - 1)
        }
        if let e = m.launchWord(j), m.word(e) == "day" { return (.days(1), e) }
        guard let w = m.word(j) else { return nil }
        let perUnit: Int
        switch w {
        case "day": perUnit = 1
        case "week": perUnit = 7
        default: return nil
        }
        if j + 1 < m.t.count, let n = m.t[j + 1].number, !n.hasFraction, n.integer >= 1, n.integer <= maxAnchorDays / perUnit {
            return (.days(n.integer * perUnit), j + 1)
        }
        return (.days(perUnit), j)
    }

    /// `before`, `after`, `prior to`, `ahead of` at `j`.
    static func relation(_ m: PhraseMatcher, at j: Int) -> (before: Bool, end: Int)? {
        switch m.word(j) {
        case "before": return (true, j + 1)
        case "after": return (false, j + 1)
        case "prior" where m.word(j + 1) == "to": return (true, j + 2)
        case "ahead" where m.word(j + 1) == "of": return (true, j + 2)
        default: return nil
        }
    }
}
