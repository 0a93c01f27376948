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
    static func hasASCIIDigit(_ s: String) -> Bool {
        s.utf8.contains { $0 &- 0x30 < 10 }
    }

    /// What `TimeAnchorParser.findAnywhere` needs: a digit, or the letters `day` in any ASCII
    /// case (`D-Day`, the one anchor without a number; the scanner folds only ASCII `A`–`Z`).
    static func mayHoldAnchor(_ s: String) -> Bool {
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
}
