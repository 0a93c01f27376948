import LiftoffMarkdown

/// What a runbook says a signal normally reads: "baseline is ~350ms", "p99 latency baseline:
/// 350 ms", "Crash rate > 2% (baseline: 0.3%)", "normally around 0.2%". `lint` checks the
/// runbook's triggers against these (a trigger its own baseline satisfies would fire at once).
enum BaselineStatement {
    private static let markers: Set<String> = ["baseline", "normally", "typically", "usually", "currently", "today"]
    private static let fillers: Set<String> = ["is", "are", "of", "at", "~", "≈", "around", "about", "approximately", "approx", "roughly", ":", "=", "sits", "runs", "reads"]

    static func isBaseline(_ text: String) -> Bool {
        read(text, defaultSubject: "signal") != nil
    }

    /// The baseline as a statement `signal == value`, or nil when the sentence states none.
    static func read(_ sentence: String, defaultSubject: String?) -> ParsedTrigger? {
        // A baseline has a value, and the tokenizer makes numbers only of ASCII digits.
        guard AnchorPrefilter.hasASCIIDigit(sentence) else { return nil }
        // It also needs a marker word: a word token is a run of the sentence's own Characters,
        // and only ASCII letters lower to the markers' ASCII letters (the Kelvin sign lowers to
        // "k", which none holds), so the marker's bytes are in the sentence in some ASCII case.
        guard markers.contains(where: { AnchorPrefilter.containsIgnoringASCIICase(sentence, $0) }) else { return nil }
        return scan(sentence, defaultSubject: defaultSubject)
    }

    /// `read` without its byte-level prefilters (the tests hold the two equal).
    static func scan(_ sentence: String, defaultSubject: String?) -> ParsedTrigger? {
        let tokens = TriggerTokenizer.tokens(of: sentence)
        for (index, token) in tokens.enumerated() {
            guard case .word(let w) = token, markers.contains(w.lowercased()) else { continue }
            var i = index + 1
            while i < tokens.count {
                if case .word(let f) = tokens[i], fillers.contains(f.lowercased()) { i += 1; continue }
                if tokens[i].comparison == .equal { i += 1; continue }
                break
            }
            guard i < tokens.count, case .number(let n) = tokens[i] else { continue }
            var value = n
            var unit: String?
            if i + 1 < tokens.count, case .word(let u) = tokens[i + 1], let found = TriggerSentenceParser.valueUnit(u) {
                unit = found.name
                value = TriggerSentenceParser.inBaseUnits(n, unit: found.name)
            }
            let subject = subjectBefore(tokens, index) ?? defaultSubject
            guard let subject, !subject.isEmpty else { return nil }
            return ParsedTrigger(signal: subject, op: .equal, value: value, unit: unit)
        }
        return nil
    }

    /// "p99 latency baseline is …" → "p99 latency"; "Crash rate > 2% (baseline: 0.3%)" → "crash rate".
    private static func subjectBefore(_ tokens: [TriggerToken], _ index: Int) -> String? {
        if let parsed = TriggerSentenceParser.parse(sentenceText(tokens[..<index])), parsed.value != nil {
            return parsed.signal
        }
        var words: [String] = []
        for token in tokens[..<index].reversed() {
            guard case .word(let w) = token, w.first?.quickIsLetter == true || w.first?.quickIsNumber == true else { break }
            let lower = w.lowercased()
            if ["the", "a", "our", "its", "their", "and", "with", "—"].contains(lower) { break }
            words.insert(lower, at: 0)
            if words.count == 4 { break }
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    private static func sentenceText(_ tokens: ArraySlice<TriggerToken>) -> String {
        tokens.map { token -> String in
            switch token {
            case .word(let w): w
            case .number(let n): String(n)
            case .placeholder(let p): "{{\(p)}}"
            case .op(let o): o.rawValue
            }
        }.joined(separator: " ")
    }
}

/// The signal an item names for the criteria nested under it: "3. **Queue depth**",
/// "**Error rate** (5xx):", "p99 latency:" — a short name with no threshold of its own.
enum SignalSubject {
    static func of(_ inlines: [Inline]) -> String? {
        var name: String
        if let first = inlines.first, case .strong(let bold) = first {
            name = bold.plainText
        } else {
            name = inlines.plainText
            guard name.trimmingCharactersInSpace().hasSuffix(":") else { return nil }
        }
        name = SignalName.fromMetricColumn(TitleText.withoutNumbering(TitleText.collapsed(name)))
        while let last = name.last, last == ":" || last == " " { name.removeLast() }
        let tokens = TriggerTokenizer.tokens(of: name)
        let words = name.split(separator: " ")
        guard !name.isEmpty, words.count <= 5, !tokens.contains(where: { $0.comparison != nil }),
              !tokens.contains(where: { if case .number = $0 { return true }; return false }) else { return nil }
        return name
    }
}
