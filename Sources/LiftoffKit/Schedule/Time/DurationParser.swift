/// Parses durations in prose, for triggers: `5m`, `5 min`, `10 minutes`, `2+ minutes` (at least 2),
/// `30s`, `1h`, `24 hours`, `1.5h`, `1h 30m`, `1 hour and 30 minutes`. A day is 86400 s here.
/// Unitless numbers, ranges (`5-10 minutes`) and milliseconds give nil.
public enum DurationParser {
    /// The duration in whole seconds when all of `s` (trimmed) is a duration.
    public static func parse(_ s: String) -> Int? {
        let sc = AnchorScanner(s)
        let start = sc.skipSpaces(0)
        guard let (seconds, end) = scan(sc, at: start), sc.skipSpaces(end) == sc.count else { return nil }
        return seconds
    }

    /// A duration at the start of `s` (after spaces): whole seconds and Characters consumed.
    public static func parsePrefix(_ s: Substring) -> (seconds: Int, length: Int)? {
        let sc = AnchorScanner(s)
        guard let (seconds, end) = scan(sc, at: sc.skipSpaces(0)) else { return nil }
        return (seconds, end)
    }

    static func scan(_ sc: AnchorScanner, at i: Int) -> (Int, Int)? {
        guard let (first, firstEnd) = term(sc, at: i) else { return nil }
        var total = first
        var end = firstEnd
        while true {
            var k = sc.skipSpaces(end)
            let (w, e) = sc.word(k)
            if w == "and" { k = sc.skipSpaces(e) } else if sc[k] == "," { k = sc.skipSpaces(k + 1) }
            guard let (more, moreEnd) = term(sc, at: k), total <= Int.max - more else { break }
            total += more
            end = moreEnd
        }
        guard total <= maxAnchorDays * 86_400 else { return nil }
        return (total, end)
    }

    /// One `number[+] unit` term.
    static func term(_ sc: AnchorScanner, at i: Int) -> (Int, Int)? {
        guard let n = sc.number(i) else { return nil }
        var j = n.end
        if sc[j] == "+" { j += 1 }
        guard let (unit, e) = sc.unit(j) else { return nil }
        let total = n.value * Double(unit.seconds)
        guard total.isFinite, total <= Double(maxAnchorDays) * 86_400 else { return nil }
        return (Int(total.rounded()), e)
    }
}
