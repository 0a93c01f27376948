import LiftoffMarkdown

/// Splits a condition into its clauses and reads each: "p99 stays above 300 ms for 3 minutes
/// or 5xx passes 2%" is two rules, "error rate > 1%, p95 > 500ms" two more. A clause without
/// its own subject ("… or above 5%") takes the one before it.
enum ConditionClauses {
    static func parse(_ text: String, defaultSubject: String? = nil) -> [ParsedTrigger] {
        parseWithText(text, defaultSubject: defaultSubject).map(\.condition)
    }

    /// Whether `text` has what any clause read from it needs (`parseWithText` without
    /// `implicitComparison`, on `text` or on pieces of it): a comparison is `<`, `>`, `=`, `≥`,
    /// `≤`, or an operator word before a number or `{{placeholder}}`; a number is ASCII digits
    /// (`Double` reads no others). So: one of `<>={`, an ASCII digit, or a non-ASCII byte.
    static func mayHoldCondition(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x3C || $0 == 0x3E || $0 == 0x3D || $0 == 0x7B || $0 &- 0x30 < 10 || $0 >= 0x80 }
    }

    /// Each clause with the text it was read from, so its line in the file can be found.
    static func parseWithText(_ text: String, defaultSubject: String? = nil, implicitComparison: Bool = false) -> [(condition: ParsedTrigger, text: String)] {
        var results: [(ParsedTrigger, String)] = []
        var subject = defaultSubject
        for (chunk, known) in chunks(of: text) {
            let tokens = known ?? TriggerTokenizer.tokens(of: chunk)
            guard var parsed = TriggerSentenceParser.parse(tokens: tokens, defaultSubject: subject, implicitComparison: implicitComparison) else { continue }
            if parsed.signal.isEmpty, let subject { parsed.signal = subject }
            subject = parsed.signal
            for signal in SlashedSignals.split(parsed.signal) {
                var one = parsed
                one.signal = signal
                results.append((one, chunk))
            }
        }
        return results
    }

    /// The line of a block where a clause is written: the first line, from `from` on, holding
    /// the clause's threshold (its first number or placeholder as written).
    static func line(of clause: String, in lines: [SourceLine], from: Int) -> Int? {
        let words = clause.split(separator: " ")
        guard let key = words.first(where: { $0.contains(where: \.quickIsNumber) || $0.hasPrefix("{{") }) ?? words.first else { return nil }
        let needle = String(key.prefix(while: { $0.quickIsNumber || $0 == "." || $0 == "{" || $0.quickIsLetter || $0 == "_" })).lowercased()
        guard !needle.isEmpty else { return nil }
        for line in lines where line.position.line >= from && line.text.lowercased().contains(needle) {
            return line.position.line
        }
        return nil
    }

    /// Pieces between `,`, `;`, ` or `, ` and `, kept together where the next piece holds no
    /// comparison of its own ("for 5 minutes and rising" stays with its clause). Each piece
    /// comes with its tokens when they were read here (a piece not merged), so they are not
    /// read again.
    static func chunks(of text: String) -> [(text: String, tokens: [TriggerToken]?)] {
        var pieces: [String] = []
        var current = ""
        let chars = Array(text)
        var i = 0
        func flush() {
            let trimmed = current.trimmingCharactersInSpace()
            if !trimmed.isEmpty { pieces.append(trimmed) }
            current = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == ";" || (c == "," && (i + 1 == chars.count || chars[i + 1] == " ")) {
                flush()
                i += 1
                continue
            }
            // ">65% (or >45% for multi-regional instances)": an alternative in an aside.
            if c == "(", matches(chars, at: i, "(or ") {
                flush()
                i += 4
                continue
            }
            if c == " " {
                for word in [" or ", " and "] where matches(chars, at: i, word) {
                    flush()
                    i += word.count - 1
                    break
                }
            }
            current.append(chars[i])
            i += 1
        }
        flush()
        // Merge pieces that hold no threshold into the piece before them.
        var merged: [(text: String, tokens: [TriggerToken]?)] = []
        for piece in pieces {
            let tokens = TriggerTokenizer.tokens(of: piece)
            let hasComparison = tokens.contains { $0.comparison != nil }
            if !hasComparison || startsWithDuration(tokens), let last = merged.popLast() {
                merged.append((last.text + " " + piece, nil))
            } else {
                merged.append((piece, tokens))
            }
        }
        return merged
    }

    private static func startsWithDuration(_ tokens: [TriggerToken]) -> Bool {
        guard let first = tokens.first else { return false }
        if case .op = first, TriggerSentenceParser.isDurationAt(tokens[...], 1) { return true }
        return false
    }

    /// Whether `word` (lowercase ASCII) is written at `index` in any case.
    private static func matches(_ chars: [Character], at index: Int, _ word: String) -> Bool {
        let w = word.utf8
        guard index + w.count <= chars.count else { return false }
        for (k, b) in w.enumerated() {
            let c = chars[index + k]
            // An ASCII Character lowers to its ASCII lowercase; others (the Kelvin sign lowers
            // to "k") take the general test.
            if let a = c.asciiValue {
                if (a &- 0x41 < 26 ? a | 0x20 : a) != b { return false }
            } else if Character(c.lowercased()) != Character(Unicode.Scalar(b)) {
                return false
            }
        }
        return true
    }
}

/// The parts of a sentence that each say what to do and when: split at ", and", ";" or
/// ", but" where the next part names an action and a condition of its own.
enum ActionParts {
    static func split(_ sentence: String) -> [String] {
        // Every separator starts with `,` or `;` (or U+037E, which Foundation's search takes for
        // `;`): without one there is one part, and one part is returned as it is.
        guard sentence.utf8.contains(where: { $0 == 0x2C || $0 == 0x3B || $0 >= 0x80 }) else { return [sentence] }
        var parts: [String] = []
        var rest = Substring(sentence)
        while let cut = [", and ", "; ", ", but ", ", while "].compactMap({ rest.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            parts.append(String(rest[..<cut.lowerBound]))
            rest = rest[cut.upperBound...]
        }
        parts.append(String(rest))
        if parts.count == 1 { return parts }
        // Join pieces that do not name an action and a condition of their own onto the one before.
        var merged: [String] = []
        for piece in parts {
            let lower = piece.lowercased()
            let standsAlone = CriterionAction.of(lower) != nil
                && lower.split(separator: " ").contains { ProseCriteria.conditionals.contains(String($0)) }
            if standsAlone || merged.isEmpty { merged.append(piece) } else { merged[merged.count - 1] += ", " + piece }
        }
        return merged
    }
}

/// "Memory/CPU usage > 90%": one threshold on two signals, one rule each. Only when both
/// halves name signals ("cost/hour" stays one signal).
enum SlashedSignals {
    static func split(_ signal: String) -> [String] {
        let words = signal.split(separator: " ").map(String.init)
        guard let j = words.firstIndex(where: { $0.filter { $0 == "/" }.count == 1 }) else { return [signal] }
        let halves = words[j].split(separator: "/").map(String.init)
        let variants = halves.map { half in
            var copy = words
            copy[j] = half
            return copy.joined(separator: " ")
        }
        guard halves.count == 2, variants.allSatisfy({ SignalDirection.of($0) != nil }) else { return [signal] }
        return variants
    }
}

/// Criteria written in procedure prose, outside any criteria heading: "The on-call will undo
/// the release if p99 stays above 300 ms for 3 minutes or 5xx passes 2%", "Page the DBA when
/// replication lag exceeds 30s", "Don't roll back if fewer than 5% of users are affected".
enum ProseCriteria {
    struct Found {
        var conditions: [ParsedTrigger]
        /// The text of each condition, in the same order.
        var texts: [String] = []
        var action: TriggerAction
        var polarity: CriterionPolarity
    }

    static let conditionals = ["if", "when", "whenever", "once", "unless"]

    /// "We pause the rollout if A, and we roll back if B": each part with its own action and
    /// condition is read on its own, so each rule keeps its own action.
    static func readParts(_ sentence: String, defaultSubject: String? = nil) -> [Found] {
        let parts = ActionParts.split(sentence)
        if parts.count > 1 {
            let found = parts.compactMap { read($0, defaultSubject: defaultSubject) }
            if found.count == parts.count { return found }
        }
        return read(sentence, defaultSubject: defaultSubject).map { [$0] } ?? []
    }

    static func read(_ sentence: String, defaultSubject: String? = nil) -> Found? {
        guard ConditionClauses.mayHoldCondition(sentence) else { return nil }
        // Both readings below need a condition part; finding none (no "if", "when", … and no
        // leading action) is cheaper than reading the action and polarity of the sentence.
        guard let condition = conditionPart(sentence) else { return nil }
        let lower = sentence.lowercased()
        guard let action = CriterionAction.of(lower) else {
            // "Proceed if ✅ p95 < 400ms": a stated healthy condition, no action.
            guard CriterionPolarity.ofSentence(sentence) == .healthy else { return nil }
            let parsed = ConditionClauses.parseWithText(condition, defaultSubject: defaultSubject)
            return parsed.isEmpty ? nil : Found(conditions: parsed.map(\.condition), texts: parsed.map(\.text), action: .alert, polarity: .healthy)
        }
        let parsed = ConditionClauses.parseWithText(condition, defaultSubject: defaultSubject)
        guard !parsed.isEmpty else { return nil }
        let polarity = CriterionPolarity.ofSentence(sentence) == .healthy ? CriterionPolarity.healthy : .firing
        return Found(conditions: parsed.map(\.condition), texts: parsed.map(\.text), action: action, polarity: polarity)
    }

    /// "Alert #releases if any of these hold for 5 minutes:", "Alert Thresholds:", "Rollback
    /// when:": the action comes first, then the conditions. "If ROLLBACK:" says what to do once
    /// it happens, so it introduces steps.
    static func introducesCriteria(_ label: String) -> Bool {
        let lower = label.lowercased()
        let words = lower.split(whereSeparator: { !$0.quickIsLetter && $0 != "-" }).map(String.init)
        guard let actionIndex = words.firstIndex(where: { CriterionAction.of($0) != nil }) else { return false }
        if let conditional = words.firstIndex(where: { conditionals.contains($0) }) { return actionIndex < conditional }
        return words.contains { ["threshold", "thresholds", "criteria", "conditions", "triggers"].contains($0) }
    }

    /// Whether a word of a sentence, lowercased and with `,:;(` trimmed from its ends, is a
    /// conditional. On ASCII this compares bytes (lowering and trimming those single-byte
    /// characters are byte operations there); other words take Foundation's trim, as before.
    static func isConditional(_ word: Substring) -> Bool {
        guard word.utf8.allSatisfy({ $0 < 0x80 }) else {
            return conditionals.contains(word.lowercased().trimmingCharacters(in: ",:;("))
        }
        func trimmed(_ b: UInt8) -> Bool { b == 0x2C || b == 0x3A || b == 0x3B || b == 0x28 }
        var bytes = word.utf8[...]
        while let f = bytes.first, trimmed(f) { bytes.removeFirst() }
        while let l = bytes.last, trimmed(l) { bytes.removeLast() }
        return conditionals.contains { c in
            c.utf8.count == bytes.count && zip(c.utf8, bytes).allSatisfy { $0 == ($1 &- 0x41 < 26 ? $1 | 0x20 : $1) }
        }
    }

    /// The text after the first conditional word ("… if p99 > 300ms" → "p99 > 300ms"); when the
    /// condition comes first ("If p99 > 300ms, roll back") the action after it is left out.
    static func conditionPart(_ sentence: String) -> String? {
        // Without a conditional's bytes there is no conditional word: only the first word matters.
        guard mayHoldConditional(sentence) else {
            return actionLedPart(sentence, firstWord: sentence.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).first)
        }
        let words = sentence.split(separator: " ", omittingEmptySubsequences: true)
        guard let index = words.firstIndex(where: isConditional) else { return actionLedPart(sentence, firstWord: words.first) }
        var rest = words[(index + 1)...].joined(separator: " ")
        // "If p99 > 300ms for 3 minutes, roll back" → cut at the action clause.
        if index == 0, let comma = rest.lastIndex(of: ",") {
            let tail = rest[rest.index(after: comma)...].lowercased()
            if CriterionAction.of(tail) != nil { rest = String(rest[..<comma]) }
        }
        return rest.isEmpty ? nil : rest
    }

    /// The condition of a sentence without a conditional word, led by its action.
    private static func actionLedPart(_ sentence: String, firstWord: Substring?) -> String? {
        // "Alert on: response time > 3 sec, error rate > 1%", "Rollback when: …".
        if sentence.utf8.contains(0x3A), let colon = sentence.firstIndex(of: ":"), CriterionAction.of(String(sentence[..<colon])) != nil {
            let rest = sentence[sentence.index(after: colon)...].trimmingCharactersInSpaceSub()
            return rest.isEmpty ? nil : String(rest)
        }
        // "Alert at 5k", "page at 90%": the action, then its threshold.
        if let first = firstWord, CriterionAction.of(String(first)) != nil, TriggerTokenizer.tokens(of: sentence).first?.comparison != nil {
            return sentence
        }
        return nil
    }

    /// Whether some word of the sentence may be a conditional (`isConditional`): that word is
    /// ASCII (a non-ASCII Character never lowers or trims away), so the conditional's letters are
    /// in the sentence in some ASCII case, with no ASCII letter right before or after them (a word
    /// ends at a space, and only `,:;(` are trimmed off it).
    static func mayHoldConditional(_ sentence: String) -> Bool {
        ["if", "when", "whenever", "once", "unless"].contains { AnchorPrefilter.containsWordIgnoringASCIICase(sentence, $0) }
    }
}
