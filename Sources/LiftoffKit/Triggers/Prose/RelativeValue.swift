/// A threshold written relative to a baseline: "3x baseline", "4× normal", "100% of baseline",
/// "baseline + 10%", "2 times the usual". Such a value is never read as an absolute number
/// (docs/runbook-format.md, "Trigger candidates").
enum RelativeValue {
    private static let references: Set<String> = [
        "baseline", "normal", "usual", "previous", "pre-launch", "pre-deploy", "pre-release", "historical", "typical", "average", "avg",
        "stable", "control",
    ]
    private static let multipliers: Set<String> = ["x", "×", "times", "fold"]

    /// The relative value as written, when the threshold at `start` is one.
    static func read(_ tokens: [TriggerToken], from start: Int) -> String? {
        guard start < tokens.count else { return nil }
        var i = start
        var relative = false
        switch tokens[i] {
        case .word(let w):
            let lower = w.lowercased()
            if references.contains(lower) || isMultiplied(lower) { relative = true }
        case .number:
            i += 1
            if i < tokens.count, case .word(let u) = tokens[i], TriggerSentenceParser.valueUnit(u)?.name == "%" { i += 1 }
            var j = i
            while j < tokens.count, j < i + 3, case .word(let w) = tokens[j] {
                let lower = w.lowercased()
                if multipliers.contains(lower) || references.contains(lower) { relative = true; break }
                guard ["of", "above", "over", "the", "than", "below", "under"].contains(lower) else { break }
                j += 1
            }
        default:
            return nil
        }
        guard relative else { return nil }
        return text(tokens[start..<min(tokens.count, start + 5)])
    }

    /// "Crash rate increase > 50%", "Performance degradation > 50%": a percentage of a change is
    /// relative to what the signal was before.
    static func isChange(signal: String, unit: String?) -> Bool {
        let s = signal.lowercased()
        if changeVerbs.contains(where: { s.containsPhrase($0) }) { return true }
        guard unit == "%" else { return false }
        return ["increase", "degradation", "regression", "spike", "growth", "jump", "decrease"].contains { s.containsPhrase($0) }
    }

    /// "Order volume falls by more than 20%", "p99 latency goes up by > 200ms": the amount of a
    /// change, whatever its unit.
    static let changeVerbs = [
        "falls by", "fall by", "drops by", "drop by", "declines by", "decline by", "dips by", "decreases by", "decrease by",
        "rises by", "rise by", "increases by", "increase by", "grows by", "grow by", "jumps by", "jump by", "spikes by",
        "goes up by", "go up by", "goes down by", "go down by", "is up by", "is down by", "up by", "down by",
    ]

    /// "decrease" for "falls by", "increase" for "goes up by", else "change".
    static func changeDirection(_ signal: String) -> String {
        let s = signal.lowercased()
        guard let verb = changeVerbs.first(where: { s.containsPhrase($0) }) else { return "change" }
        let falling = ["fall", "drop", "decline", "dip", "decrease", "down"]
        return falling.contains { verb.hasPrefix($0) || verb.contains(" " + $0) } ? "decrease" : "increase"
    }

    /// The signal without the change verb it ends with: "order volume falls by" → "order volume".
    static func withoutChangeVerb(_ signal: String) -> String {
        for verb in changeVerbs.sorted(by: { $0.count > $1.count }) where signal.lowercased().hasSuffix(" " + verb) {
            return String(signal.dropLast(verb.count + 1))
        }
        return signal
    }

    /// `3x`, `1.5x`, `4×`.
    private static func isMultiplied(_ word: String) -> Bool {
        guard let last = word.last, last == "x" || last == "×" else { return false }
        let number = word.dropLast()
        return !number.isEmpty && Double(number) != nil
    }

    private static func text(_ tokens: ArraySlice<TriggerToken>) -> String {
        var words: [String] = []
        for token in tokens {
            switch token {
            case .word(let w):
                if ["for", "sustained", "over", "or", "and", "(", ")", "within"].contains(w.lowercased()) { return words.joined(separator: " ") }
                words.append(w)
            case .number(let n): words.append(n.numberText)
            case .placeholder(let p): words.append("{{\(p)}}")
            case .op(let o): words.append(o.rawValue)
            }
        }
        return words.joined(separator: " ")
    }
}
