/// Cheap byte-level tests that rule a string out before the Character-level anchor readers
/// build their scanner (docs/runbook-format.md, "Phases and times"). Most headings, cells and
/// lines of a runbook hold no time at all, and building an `AnchorScanner` (two arrays of
/// Characters) costs far more than one pass over the UTF-8 bytes.
///
/// Each test only says "cannot match": false means the reader would return nil; true means
/// the reader must look.
enum AnchorPrefilter {
    /// Whether `s` has an ASCII digit. Every numeric anchor (`T-7`, `Day 2`, `(0-4h)`, `09:00`)
    /// reads its number through `AnchorScanner.number`, which accepts only `0`–`9`.
    static func hasASCIIDigit(_ s: some StringProtocol) -> Bool {
        s.utf8.contains { $0 &- 0x30 < 10 }
    }

    /// Whether `s` has four ASCII digits in a row, as every year does.
    static func hasFourDigitRun(_ s: some StringProtocol) -> Bool {
        var run = 0
        for b in s.utf8 {
            run = b &- 0x30 < 10 ? run + 1 : 0
            if run == 4 { return true }
        }
        return false
    }

    /// What `TimeAnchorParser.findAnywhere` needs: a digit, or the letters `day` in any ASCII
    /// case (`D-Day`, the one anchor without a number; the scanner folds only ASCII `A`–`Z`).
    static func mayHoldAnchor(_ s: some StringProtocol) -> Bool {
        var seen: UInt8 = 0  // how much of "day" ends at the previous byte
        for b in s.utf8 {
            if b &- 0x30 < 10 { return true }
            let lower = b | 0x20
            switch (seen, lower) {
            case (_, 0x64): seen = 1               // d
            case (1, 0x61): seen = 2               // a
            case (2, 0x79): return true            // y
            default: seen = 0
            }
        }
        return false
    }

    /// What `TimeAnchorParser.looksTimeLike` needs to say yes: a digit (a clock time, a
    /// quantity before "before"/"after"), a sign after `T`/`H`/`L`/`D` (`-`, `+`, or one of
    /// the non-ASCII dashes the scanner folds to `-`), or one of its words, which the scanner
    /// reads only from ASCII letters in any case ("afternoon" holds "noon"; "tonight",
    /// "overnight", "midnight" hold "night"; "end of day" and "Day one" hold "day").
    static func mayLookTimeLike(_ s: String) -> Bool {
        for b in s.utf8 where b &- 0x30 < 10 || b == 0x2D || b == 0x2B || b >= 0x80 { return true }
        return ["morning", "evening", "noon", "night", "eod", "minus", "day", "week"].contains { containsIgnoringASCIICase(s, $0) }
    }

    /// Whether `s` holds `lowered` (lowercase ASCII letters) with ASCII letters in any case.
    static func containsIgnoringASCIICase(_ s: String, _ lowered: String) -> Bool {
        containsIgnoringASCIICase(s, lowered, asWord: false)
    }

    /// The same, where no ASCII letter stands right before or after the match.
    static func containsWordIgnoringASCIICase(_ s: String, _ lowered: String) -> Bool {
        containsIgnoringASCIICase(s, lowered, asWord: true)
    }

    private static func containsIgnoringASCIICase(_ s: String, _ lowered: String, asWord: Bool) -> Bool {
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
        let hay = s.utf8, needle = Array(lowered.utf8)
        guard let first = needle.first, hay.count >= needle.count else { return needle.isEmpty }
        var i = hay.startIndex
        var previous: UInt8 = 0x20
        let last = hay.index(hay.endIndex, offsetBy: -needle.count)
        while true {
            if hay[i] | 0x20 == first, !asWord || !isLetter(previous) {
                var j = hay.index(after: i), k = 1
                while k < needle.count, hay[j] | 0x20 == needle[k] { j = hay.index(after: j); k += 1 }
                if k == needle.count, !asWord || j == hay.endIndex || !isLetter(hay[j]) { return true }
            }
            if i == last { return false }
            previous = hay[i]
            i = hay.index(after: i)
        }
    }
}
