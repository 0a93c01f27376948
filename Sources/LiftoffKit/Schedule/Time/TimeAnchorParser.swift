/// Reads time anchors (`T-7 days`, `H+0:15 → H+0:45`, `Day 2-7`, `(0-4h)`, …) from runbook text.
///
/// Grammar (case-insensitive, spaces allowed between tokens; `−` and `–` work as `-`):
/// - `T`/`L` ± number [unit]: units m/min/minute(s), h/hr/hour(s), d/day(s), w/wk/week(s), s/sec;
///   a unitless `T-30` means minutes; `T±h:mm` means hours:minutes.
/// - `H` ± h[:mm] means hours (and minutes) after T-0; an explicit unit is also accepted.
/// - `D-Day` is the point T-0; `D±n` means n calendar days.
/// - `Day N` is the N-th day counting the launch day as Day 1: [(N-1)d, N d]; `Day N-M` is
///   [(N-1)d, M d] (so `Day 1-7` is the first week). `Week N[-M]` likewise in 7-day steps.
/// - Ranges `A → B`, `A -> B`, `A - B`, `A — B`, `A to B` of two anchors; when both ends are
///   unitless `T`/`L` numbers they are days (`T+1 to T+7`); a unitless end takes the other end's unit.
///   Reversed ranges are put in order.
/// - `(0-4h)`: a parenthesised range starting at 0, in the given unit, after T-0. Other
///   parenthesised ranges (`(5-10 minutes)`) are durations, not anchors.
/// Every anchor must end at a word boundary; numbers beyond 100000 days are rejected.
public enum TimeAnchorParser {
    /// An anchor at the start of `s`, after skipping leading spaces, `*`, `_` and `(`.
    public static func parseLeading(_ s: Substring) -> TimeAnchor? {
        // Every form, the wall clock after it too, needs what `findAnywhere` needs.
        guard AnchorPrefilter.mayHoldAnchor(s) else { return nil }
        return scanLeading(s)
    }

    /// `parseLeading` without its byte-level prefilter (the tests hold the two equal).
    static func scanLeading(_ s: Substring) -> TimeAnchor? {
        let sc = AnchorScanner(s)
        var i = 0
        while let c = sc[i] {
            if c.quickIsWhitespace || c == "*" || c == "_" {
                i += 1
            } else if c == "(" {
                if let r = parenRange(sc, at: i) { return makeAnchor(sc, r, from: i) }
                i += 1
            } else {
                break
            }
        }
        guard let r = anchor(sc, at: i, strict: false) else { return WallClockParser.parseLeading(s) }
        return makeAnchor(sc, r, from: i)
    }

    /// The first anchor that starts at a word boundary anywhere in `s`, with its column:
    /// the 0-based count of Characters before it (`s.prefix(column)`). Spaced signs such as
    /// `T - 7` are accepted here only when a unit follows, to avoid reading `Appendix D - 2024`.
    public static func findAnywhere(_ s: String) -> (anchor: TimeAnchor, column: Int)? {
        guard AnchorPrefilter.mayHoldAnchor(s) else { return nil }
        return scanAnywhere(s)
    }

    /// `findAnywhere` without its byte-level prefilter (the tests hold the two equal).
    static func scanAnywhere(_ s: String) -> (anchor: TimeAnchor, column: Int)? {
        scanAnywhere(AnchorScanner(s))
    }

    /// `scanAnywhere` over a scanner already built.
    static func scanAnywhere(_ sc: AnchorScanner) -> (anchor: TimeAnchor, column: Int)? {
        for i in 0..<sc.count where sc.isWordStart(i) {
            guard let c = sc[i], "tlhdwm(".contains(c) else { continue }
            if let r = anchor(sc, at: i, strict: true) {
                return (makeAnchor(sc, r, from: i), i)
            }
        }
        return nil
    }

    // MARK: - Grammar

    struct Match {
        var start: TimeOffset
        var end: TimeOffset
        var endIndex: Int
    }

    static func makeAnchor(_ sc: AnchorScanner, _ m: Match, from i: Int) -> TimeAnchor {
        TimeAnchor(start: m.start, end: m.end, text: sc.text(i, m.endIndex), matchedLength: m.endIndex)
    }

    /// Any anchor form starting exactly at `i`.
    static func anchor(_ sc: AnchorScanner, at i: Int, strict: Bool) -> Match? {
        if sc[i] == "(" { return parenRange(sc, at: i) }
        if let m = numberedPeriod(sc, at: i) { return m }
        guard let a = RawPoint.parse(sc, at: i), !(strict && a.isWeak) else { return nil }
        if let b = rangeEnd(sc, after: a.end), !(strict && b.isWeak) {
            let ua = a.effectiveUnit, ub = b.effectiveUnit
            if let start = a.resolve(unitless: ub ?? .day), let end = b.resolve(unitless: ua ?? .day) {
                return start <= end
                    ? Match(start: start, end: end, endIndex: b.end)
                    : Match(start: end, end: start, endIndex: b.end)
            }
        }
        guard let o = a.resolve(unitless: .minute) else { return nil }
        return Match(start: o, end: o, endIndex: a.end)
    }

    /// The second anchor of a range after a separator (`→`, `->`, `-`, `—`, `to`, `through`, `until`).
    static func rangeEnd(_ sc: AnchorScanner, after j: Int) -> RawPoint? {
        guard let k = separator(sc, at: sc.skipSpaces(j)) else { return nil }
        return RawPoint.parse(sc, at: sc.skipSpaces(k))
    }

    /// The index after a range separator at `k`, or nil.
    static func separator(_ sc: AnchorScanner, at k: Int) -> Int? {
        if sc.hasPrefix("->", at: k) { return k + 2 }
        if let c = sc[k], "→⟶➔—-~".contains(c) { return k + 1 }
        let (w, e) = sc.word(k)
        return ["to", "through", "thru", "until", "till"].contains(w) ? e : nil
    }

    /// `Day N`, `Day N-M`, `Week N`, `Week N-M`.
    static func numberedPeriod(_ sc: AnchorScanner, at i: Int) -> Match? {
        let (w, e) = sc.word(i)
        let perUnit: Int
        switch w {
        case "day", "days": perUnit = 1
        case "week", "weeks": perUnit = 7
        case "month", "months": perUnit = 30
        case "hour", "hours", "minute", "minutes": return clockPeriod(sc, at: e, unit: w.hasPrefix("hour") ? .hour : .minute, singular: !w.hasSuffix("s"))
        default: return nil
        }
        if let signed = signedPeriod(sc, at: sc.skipSpaces(e), word: w, perUnit: perUnit) { return signed }
        // `Day 0` is launch day in runbooks that count from it (see TimeContext).
        guard let n = sc.number(sc.skipSpaces(e)), !n.hasFraction, n.integer >= (perUnit == 1 ? 0 : 1) else { return nil }
        var last = n.integer
        var end = n.end
        if let k = separator(sc, at: sc.skipSpaces(n.end)), let m = sc.number(periodWordSkipped(sc, sc.skipSpaces(k), w)),
           !m.hasFraction, m.integer >= n.integer, sc.isBoundary(m.end) {
            last = m.integer
            end = m.end
        }
        guard sc.isBoundary(end), last <= maxAnchorDays / perUnit else { return nil }
        // `Day 0` (launch day) and `Day 0-2`: counted from launch day itself.
        if n.integer == 0 { return Match(start: .zero, end: .days((last + 1) * perUnit), endIndex: end) }
        return Match(start: .days((n.integer - 1) * perUnit), end: .days(last * perUnit), endIndex: end)
    }

    /// `Day -3`, `Day +2`, `Week -2`, `Day -3 to Day -1`: counted from launch day (day 0), so
    /// `Day -1` is the whole day before it and `Week -2` the week that ends a week before it.
    static func signedPeriod(_ sc: AnchorScanner, at j: Int, word: String, perUnit: Int) -> Match? {
        func signed(_ k: Int) -> (value: Int, end: Int)? {
            guard let sign = sc[k], sign == "-" || sign == "+", let n = sc.number(k + 1), !n.hasFraction,
                  n.integer <= maxAnchorDays / perUnit else { return nil }
            return (sign == "-" ? -n.integer : n.integer, n.end)
        }
        guard let first = signed(j) else { return nil }
        var last = first
        if let k = separator(sc, at: sc.skipSpaces(first.end)), let second = signed(periodWordSkipped(sc, sc.skipSpaces(k), word)),
           second.value >= first.value, sc.isBoundary(second.end) {
            last = second
        }
        guard sc.isBoundary(last.end) else { return nil }
        return Match(start: .days(first.value * perUnit), end: .days((last.value + 1) * perUnit), endIndex: last.end)
    }

    /// After the separator of `Day 0 – Day 1`, `Week 1 to Week 2`: the index past a repeated
    /// period word, else `k` unchanged.
    static func periodWordSkipped(_ sc: AnchorScanner, _ k: Int, _ word: String) -> Int {
        let (w, e) = sc.word(k)
        guard !w.isEmpty, w == word || w + "s" == word || w == word + "s" else { return k }
        return sc.skipSpaces(e)
    }

    /// `Hours 0-6`, `Hours 6-12`: the hours after T-0 from A to B (`Hour 3` alone: the third hour).
    static func clockPeriod(_ sc: AnchorScanner, at e: Int, unit: TimeUnit, singular: Bool) -> Match? {
        guard let a = sc.number(sc.skipSpaces(e)), !a.hasFraction else { return nil }
        if let k = separator(sc, at: sc.skipSpaces(a.end)), let b = sc.number(sc.skipSpaces(k)), !b.hasFraction,
           b.integer >= a.integer, sc.isBoundary(b.end),
           let start = a.offset(unit: unit, negative: false), let end = b.offset(unit: unit, negative: false) {
            return Match(start: start, end: end, endIndex: b.end)
        }
        // A single number only after the singular: `Hour 3`, never "hours 30".
        guard singular, a.integer >= 1, sc.isBoundary(a.end),
              let start = ScannedNumber(integer: a.integer - 1, fraction: 0, hasFraction: false, end: 0).offset(unit: unit, negative: false),
              let end = a.offset(unit: unit, negative: false) else { return nil }
        return Match(start: start, end: end, endIndex: a.end)
    }

    /// `(0-4h)`: a parenthesised range from 0 with a unit; `(6-18h)`, `(48–72h)`: a window of
    /// hours or days after T-0. A range of minutes not from 0 (`(5-10 minutes)`) is how long
    /// something takes, not when.
    static func parenRange(_ sc: AnchorScanner, at i: Int) -> Match? {
        guard sc[i] == "(", let a = sc.number(sc.skipSpaces(i + 1)), !a.hasFraction,
              let k = separator(sc, at: sc.skipSpaces(a.end)),
              let b = sc.number(sc.skipSpaces(k)), b.integer > a.integer,
              let (unit, e) = sc.unit(b.end) else { return nil }
        guard a.integer == 0 || [.hour, .day, .week].contains(unit) else { return nil }
        let close = sc.skipSpaces(e)
        guard sc[close] == ")", let start = a.offset(unit: unit, negative: false), let end = b.offset(unit: unit, negative: false) else { return nil }
        return Match(start: start, end: end, endIndex: close + 1)
    }
}
