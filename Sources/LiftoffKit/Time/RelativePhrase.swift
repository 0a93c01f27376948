extension TimeAnchorParser {
    /// A window phrase anywhere in a heading, mapped only when unambiguous:
    /// - `First 24 Hours` → [0, +24h]; `First Week` → [0, +7d] (bare unit = 1).
    /// - `Within 2 Hours of Launch` → [-2h, 0]; `… before launch` likewise; `… after launch` → [0, +2h].
    /// - `4 Weeks Before Go-Live` → point -28d; `48 Hours Before` (at the end or before punctuation) → -48h;
    ///   `1 Hour After Launch` → +1h; `Day Before Go-Live` → point -1d (a launch word is required
    ///   when there is no number).
    /// - `Launch Day`, `Go-Live Day`, `Day of Launch` → point 0.
    /// `After Launch`, `Post-Launch`, `(Morning)` and the like give nil.
    /// Launch words: launch, go-live, go live, golive, release, deployment, cutover.
    public static func findRelativePhrase(_ s: String) -> TimeAnchor? {
        let sc = AnchorScanner(s)
        let m = PhraseMatcher(t: PhraseToken.tokenize(sc))
        for k in m.t.indices {
            if let (start, end, last) = phrase(m, at: k) {
                return TimeAnchor(start: start, end: end, text: sc.text(m.t[k].start, m.t[last].end),
                                  matchedLength: m.t[last].end)
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
