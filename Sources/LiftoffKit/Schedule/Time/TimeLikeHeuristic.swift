extension TimeAnchorParser {
    /// True for text that looks like it meant a time but yields no anchor or phrase, for a lint
    /// warning: `T-? days`, `T-x: Prep`, `H+:15`, `T- days`, `T minus 3`, `Day one`, a clock time
    /// (`09:00 Kickoff`), a time of day (`(Morning)`, `Evening`), or `2 hours before the meeting`.
    /// False for ordinary headings (`T-shirts`, `Tier 1`, `Post-Launch Monitoring`).
    public static func looksTimeLike(_ s: String) -> Bool {
        guard AnchorPrefilter.mayLookTimeLike(s) else { return false }
        return scanTimeLike(s)
    }

    /// `looksTimeLike` without its byte-level prefilter (the tests hold the two equal).
    static func scanTimeLike(_ s: String) -> Bool {
        // One scanner and one tokenizing for all the readers below: `findAnywhere` and
        // `findRelativePhrase` would each build their own from the same text.
        let sc = AnchorScanner(s)
        if AnchorPrefilter.mayHoldAnchor(s), scanAnywhere(sc) != nil { return false }
        let m = PhraseMatcher(t: PhraseToken.tokenize(sc))
        if relativePhrase(sc, m) != nil { return false }
        for i in 0..<sc.count where sc.isWordStart(i) {
            if brokenPrefixedAnchor(sc, at: i) || clockTime(sc, at: i) { return true }
        }
        for k in m.t.indices {
            let w = m.t[k].text
            if ["morning", "afternoon", "evening", "tonight", "overnight", "midnight", "noon", "eod"].contains(w) {
                return true
            }
            if w == "t", m.word(k + 1) == "minus" { return true }
            if w == "end", m.word(k + 1) == "of", m.word(k + 2) == "day" { return true }
            if ["day", "week"].contains(w), let n = m.word(k + 1), m.t[k + 1].number == nil, m.count(k + 1) != nil,
               n != "a", n != "an" {
                return true
            }
            if m.t[k].number != nil, m.quantity(k, countOptional: false) != nil,
               relation(m, at: k + 2) != nil {
                return true
            }
        }
        return false
    }

    /// An uppercase `T`/`H`/`L`/`D` with a sign and then a placeholder, a colon, a unit or digits.
    static func brokenPrefixedAnchor(_ sc: AnchorScanner, at i: Int) -> Bool {
        guard i < sc.original.count, ["T", "H", "L", "D"].contains(sc.original[i]) else { return false }
        let j = sc.skipSpaces(i + 1)
        guard let sign = sc[j], sign == "-" || sign == "+" else { return false }
        let k = sc.skipSpaces(j + 1)
        guard let c = sc[k] else { return true }
        if AnchorScanner.isDigit(c) || "?:{[<#_".contains(c) { return true }
        let (w, e) = sc.word(k)
        if TimeUnit(word: w) != nil { return true }
        return ["x", "n", "xx", "nn"].contains(w) && sc.isBoundary(e)
    }

    /// `hh:mm` (hh ≤ 23, mm ≤ 59) at a word start, or `9am`/`5 pm`.
    static func clockTime(_ sc: AnchorScanner, at i: Int) -> Bool {
        guard let h = sc.number(i), !h.hasFraction, h.integer <= 23, h.end - i <= 2 else { return false }
        if sc[h.end] == ":", let m = sc.number(h.end + 1), !m.hasFraction, m.end - h.end == 3, m.integer <= 59 {
            return sc.isBoundary(m.end)
        }
        let (w, e) = sc.word(sc.skipSpaces(h.end))
        return (w == "am" || w == "pm") && sc.isBoundary(e) && h.integer >= 1 && h.integer <= 12
    }
}
