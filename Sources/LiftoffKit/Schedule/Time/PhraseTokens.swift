/// Words and numbers of a heading for relative-phrase matching. A token's `breakAfter` is true
/// when punctuation other than spaces or hyphens (or the end) follows it.
struct PhraseToken {
    var text: String
    var start: Int
    var end: Int
    var number: ScannedNumber?
    var breakAfter: Bool
}

extension PhraseToken {
    static func tokenize(_ sc: AnchorScanner) -> [PhraseToken] {
        var tokens: [PhraseToken] = []
        var i = 0
        while let c = sc[i] {
            if AnchorScanner.isDigit(c), let n = sc.number(i) {
                tokens.append(PhraseToken(text: sc.text(i, n.end), start: i, end: n.end, number: n, breakAfter: false))
                i = n.end
            } else if c.quickIsLetter {
                let (w, e) = sc.word(i)
                tokens.append(PhraseToken(text: w, start: i, end: e, number: nil, breakAfter: false))
                i = e
            } else {
                if !(c.quickIsWhitespace || c == "-"), !tokens.isEmpty { tokens[tokens.count - 1].breakAfter = true }
                i += 1
            }
        }
        if !tokens.isEmpty { tokens[tokens.count - 1].breakAfter = true }
        return tokens
    }
}

/// Token-level matching helpers over a tokenized heading.
struct PhraseMatcher {
    let t: [PhraseToken]

    func word(_ k: Int) -> String? { k >= 0 && k < t.count ? t[k].text : nil }

    /// Index after a launch word (launch, go-live, go live, golive, release, deployment, cutover).
    func launchWord(_ k: Int) -> Int? {
        guard let w = word(k) else { return nil }
        if let p = word(k - 1), p == "pre" || p == "post" { return nil }
        switch w {
        case "launch", "golive", "release", "deployment", "cutover": return k + 1
        case "go": return word(k + 1) == "live" && !t[k].breakAfter ? k + 2 : nil
        default: return nil
        }
    }

    /// A count (digits, or `a`/`an`/`one`…`twelve`) at `k` and the index after it.
    func count(_ k: Int) -> (ScannedNumber, Int)? {
        guard k < t.count else { return nil }
        if let n = t[k].number { return (n, k + 1) }
        let words = ["a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                     "eleven", "twelve"]
        guard let idx = words.firstIndex(of: t[k].text) else { return nil }
        return (ScannedNumber(integer: max(1, idx - 1), fraction: 0, hasFraction: false, end: 0), k + 1)
    }

    /// A quantity: a count then a unit (count optional when `countOptional`; bare units must be words).
    func quantity(_ k: Int, countOptional: Bool) -> (ScannedNumber, TimeUnit, Int)? {
        if let (n, j) = count(k), let w = word(j), let u = TimeUnit(word: w), u != .second {
            return (n, u, j + 1)
        }
        guard countOptional, let w = word(k), w.count >= 3, let u = TimeUnit(word: w), u != .second else { return nil }
        return (ScannedNumber(integer: 1, fraction: 0, hasFraction: false, end: 0), u, k + 1)
    }

    /// Skips an optional `the`.
    func skipThe(_ k: Int) -> Int { word(k) == "the" ? k + 1 : k }
}
