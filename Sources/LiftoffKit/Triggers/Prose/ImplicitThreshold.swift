/// In a list of criteria, a threshold is often written without an operator: "Error rate 2-5%
/// sustained for 10+ minutes" (a band whose lower end already counts) and "Latency 2x baseline"
/// (at least twice the baseline). Both read as `>=` the lower end; only lists that something
/// already marks as criteria ask for this reading (docs/runbook-format.md, "Trigger candidates").
enum ImplicitThreshold {
    /// Words before a number that make it a time, not a threshold ("within 30-60 minutes").
    private static let timeWords: Set<String> = ["in", "within", "after", "for", "takes", "about", "around", "every", "by", "at", "next", "last", "past"]

    /// Words that make a band the normal range ("Latency 200-400ms is normal"), never a trigger.
    private static let normalWords: Set<String> = [
        "normal", "normally", "typical", "typically", "usual", "usually", "expected", "target", "ok", "okay", "fine", "healthy",
        "acceptable", "range", "steady",
    ]

    /// The tokens with `>=` put before the threshold, the band's upper end dropped; nil when
    /// the sentence holds no such threshold after a signal name.
    static func rewrite(_ tokens: [TriggerToken]) -> [TriggerToken]? {
        guard let k = tokens.firstIndex(where: { token in
            switch token {
            case .number: return true
            case .word(let w): return isMultiplied(w)
            default: return false
            }
        }), k > 0 else { return nil }
        let before = tokens[..<k].compactMap { token -> String? in if case .word(let w) = token { return w.lowercased() } else { return nil } }
        guard before.contains(where: { $0.first?.quickIsLetter == true }), let last = before.last, !timeWords.contains(last) else { return nil }

        // Words that say the band or multiple is what healthy looks like, the multiple's own
        // reference ("2x normal") aside.
        for (index, token) in tokens.enumerated() where index != k + 1 {
            if case .word(let w) = token, normalWords.contains(w.lowercased()) { return nil }
        }
        // "2x baseline", "1.5× normal".
        if case .word(let w) = tokens[k] {
            guard isMultiplied(w), k + 1 < tokens.count, RelativeValue.read(tokens, from: k) != nil else { return nil }
            return Array(tokens[..<k]) + [.op(.greaterOrEqual)] + Array(tokens[k...])
        }
        // "2-5%", "50-100% of baseline", "2 to 5 %".
        var j = k + 1
        var lowerUnit: TriggerToken?
        if j < tokens.count, case .word(let u) = tokens[j], TriggerSentenceParser.valueUnit(u) != nil { lowerUnit = tokens[j]; j += 1 }
        guard j + 1 < tokens.count, case .word(let dash) = tokens[j], ["-", "–", "to"].contains(dash.lowercased()),
              case .number = tokens[j + 1] else { return nil }
        var rest = j + 2
        var unit = lowerUnit
        if rest < tokens.count, case .word(let u) = tokens[rest], TriggerSentenceParser.valueUnit(u) != nil {
            unit = unit ?? tokens[rest]
            rest += 1
        }
        // A band of minutes or hours is a time window, not a threshold.
        if case .word(let u)? = unit, ["min"].contains(TriggerSentenceParser.valueUnit(u)?.name) { return nil }
        if rest < tokens.count, case .word(let w) = tokens[rest], let factor = TriggerSentenceParser.durationFactor(w), factor >= 60 { return nil }
        return Array(tokens[..<k]) + [.op(.greaterOrEqual), tokens[k]] + (unit.map { [$0] } ?? []) + Array(tokens[rest...])
    }

    /// `2x`, `1.5×`.
    private static func isMultiplied(_ word: String) -> Bool {
        guard let last = word.last, last == "x" || last == "×" else { return false }
        let number = word.dropLast()
        return !number.isEmpty && Double(number) != nil
    }
}

/// "Issue affects > 25% of users", "affecting >10% of customers": the signal is the share of
/// the population affected, whatever the sentence's subject ("issue") was.
enum PopulationShare {
    private static let populations: Set<String> = [
        "users", "customers", "requests", "sessions", "traffic", "accounts", "tenants", "devices", "clients", "members",
        "merchants", "orders", "transactions", "calls", "visitors", "players", "subscribers", "user", "customer",
    ]

    static func signal(after tokens: ArraySlice<TriggerToken>, wordsBefore: [String]) -> String? {
        var i = tokens.startIndex
        guard i < tokens.endIndex, case .word(let of) = tokens[i], of.lowercased() == "of" else { return nil }
        i += 1
        if i < tokens.endIndex, case .word(let w) = tokens[i], ["the", "all", "our", "active"].contains(w.lowercased()) { i += 1 }
        guard i < tokens.endIndex, case .word(let population) = tokens[i], populations.contains(population.lowercased()) else { return nil }
        let affects = wordsBefore.contains { w in
            let lower = w.lowercased()
            return lower.hasPrefix("affect") || lower.hasPrefix("impact")
        }
        return affects ? "\(population.lowercased()) affected" : nil
    }
}
