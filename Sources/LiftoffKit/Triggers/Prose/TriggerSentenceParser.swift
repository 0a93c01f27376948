import Foundation

/// A trigger read from one sentence, before it is tied to a place in the runbook.
struct ParsedTrigger: Hashable, Sendable {
    var signal: String
    var op: ComparisonOperator
    /// In base units (fraction for %, seconds for ms/s/min); nil when a `{{VARIABLE}}` stands there.
    var value: Double?
    var valueVariable: String?
    var unit: String?
    var forSeconds: Int?
    var forVariable: String?
    /// Seconds per unit of `forVariable` ("{{N}} minutes" → 60).
    var forVariableUnit: Int?
    /// The value as written when it is relative to a baseline ("3x baseline", "baseline + 10%"):
    /// `value` is then nil, and the candidate is reported, never evaluated as an absolute number.
    var relative: String?
}

/// Reads sentences such as "Error rate > 1% for 5 minutes", "p99 latency exceeds 800ms",
/// "P95 > 500ms sustained for 2+ minutes", "Error rate > {{RATE}}% for {{MIN}} consecutive minutes".
/// Anything it cannot read with confidence gives nil: candidates are never guessed.
enum TriggerSentenceParser {
    /// `implicitComparison`: in a list of criteria, "Error rate 2-5%" and "Latency 2x baseline"
    /// state a threshold without an operator (see `ImplicitThreshold`).
    static func parse(_ sentence: String, defaultSubject: String? = nil, implicitComparison: Bool = false) -> ParsedTrigger? {
        parse(tokens: TriggerTokenizer.tokens(of: sentence), defaultSubject: defaultSubject, implicitComparison: implicitComparison)
    }

    /// `parse` of a sentence already tokenized (`TriggerTokenizer.tokens(of:)`).
    static func parse(tokens sentenceTokens: [TriggerToken], defaultSubject: String? = nil, implicitComparison: Bool = false) -> ParsedTrigger? {
        var tokens = sentenceTokens
        if implicitComparison, !tokens.contains(where: { $0.comparison != nil }), let rewritten = ImplicitThreshold.rewrite(tokens) {
            tokens = rewritten
        }
        guard let opIndex = tokens.firstIndex(where: { $0.comparison != nil }),
              let op = tokens[opIndex].comparison else { return nil }

        // "Resource exhaustion (CPU/Memory >95%)": the aside holding the comparison names its signal.
        var subject = signalInsideParenthesis(tokens[..<opIndex]) ?? signalName(from: tokens[..<opIndex])
        var i = opIndex + 1
        if i < tokens.count, case .word("~") = tokens[i] { i += 1 }
        guard i < tokens.count else { return nil }

        // "> 3x baseline", "< baseline + 10%", "4× normal": relative to something not written here.
        if let relative = RelativeValue.read(tokens, from: i) {
            guard !subject.isEmpty || defaultSubject?.isEmpty == false else { return nil }
            var result = ParsedTrigger(signal: subject.isEmpty ? defaultSubject ?? "" : subject, op: op, value: nil, unit: nil)
            result.relative = relative
            if let duration = forDuration(in: tokens[i...], afterThreshold: true) {
                result.forSeconds = duration.seconds
                result.forVariable = duration.variable
                result.forVariableUnit = duration.variable == nil ? nil : duration.unit
            }
            return result
        }

        var value: Double?
        var variable: String?
        switch tokens[i] {
        case .number(let n): value = n
        case .placeholder(let name): variable = name
        default: return nil
        }
        i += 1
        var unit: String?
        if i < tokens.count, case .word(let w) = tokens[i], let u = valueUnit(w) {
            unit = u.name
            if let v = value { value = inBaseUnits(v, unit: u.name) }
            i += 1
        }
        // "50% increase", "-10% from baseline": relative to something we cannot observe directly.
        if i < tokens.count, case .word(let w) = tokens[i], ["increase", "decrease", "from", "drop", "growth"].contains(w.lowercased()) {
            return nil
        }
        // "Issue affects > 25% of users": the affected share of a population is the signal.
        let wordsBeforeOp = tokens[..<opIndex].compactMap { token -> String? in if case .word(let w) = token { return w } else { return nil } }
        if unit == "%", let share = PopulationShare.signal(after: tokens[i...], wordsBefore: wordsBeforeOp) { subject = share }
        // "> 50% error rate": the signal written after its threshold, unless what follows is only
        // the threshold's unit ("< 500 messages") and the context names the signal.
        if subject.isEmpty {
            let trailing = trailingSignalName(tokens[i...])
            if defaultSubject?.isEmpty != false || SignalDirection.of(trailing) != nil { subject = trailing }
        }
        if subject.isEmpty {
            guard let fallback = defaultSubject, !fallback.isEmpty else { return nil }
            subject = fallback
        }

        var result = ParsedTrigger(signal: subject, op: op, value: value, valueVariable: variable, unit: unit)
        let wordsBefore = tokens[..<opIndex].compactMap { token -> String? in if case .word(let w) = token { return w } else { return nil } }.joined(separator: " ")
        if RelativeValue.isChange(signal: wordsBefore + " " + subject, unit: unit), let v = value {
            result.value = nil
            let change = RelativeValue.changeDirection(wordsBefore + " " + subject)
            result.relative = unit == "%" ? "\((v * 100).numberText)% \(change)" : "\(v.numberText)\(unit.map { $0 == "ms" || $0 == "min" ? "s" : $0 } ?? "") \(change)"
            result.signal = RelativeValue.withoutChangeVerb(subject)
        }
        if let duration = forDuration(in: tokens[i...], afterThreshold: true) {
            result.forSeconds = duration.seconds
            result.forVariable = duration.variable
            result.forVariableUnit = duration.variable == nil ? nil : duration.unit
        }
        return result
    }

    /// Words right after a threshold that name its signal ("> 50% error rate"), up to the
    /// first word that starts a duration or a new clause.
    private static func trailingSignalName(_ tokens: ArraySlice<TriggerToken>) -> String {
        var words: [String] = []
        let stops: Set<String> = ["for", "sustained", "over", "lasting", "during", "within", "in", "on", "at", "after", "or", "and", "then", "(", "—", "-", ":", "→"]
        // "> 25% of users unable to access the system": a share's population may take more words.
        var limit = 4
        if case .word(let w)? = tokens.first, w.lowercased() == "of" { limit = 7 }
        for token in tokens {
            guard case .word(let w) = token else { break }
            let lower = w.lowercased()
            if stops.contains(lower) || !(lower.first?.quickIsLetter == true || lower.first?.quickIsNumber == true) { break }
            words.append(lower)
            if words.count > limit { return "" }
        }
        let filler: Set<String> = ["of", "the", "a", "an"]
        while let first = words.first, filler.contains(first) { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// Dividing (not multiplying by 0.01) keeps `70%` exactly `0.7`.
    static func inBaseUnits(_ value: Double, unit: String) -> Double {
        switch unit {
        case "%": value / 100
        case "ms": value / 1000
        case "min": value * 60
        default: value
        }
    }

    /// Units a threshold value may carry, with the factor to base units.
    static func valueUnit(_ word: String) -> (name: String, factor: Double)? {
        switch word.lowercased() {
        case "%", "percent": ("%", 0.01)
        case "ms", "msec", "millisecond", "milliseconds": ("ms", 0.001)
        case "s", "sec", "secs", "second", "seconds": ("s", 1)
        case "min", "mins", "minute", "minutes": ("min", 60)
        default: nil
        }
    }

    /// `for 5 minutes`, `for > 1 minute`, `sustained for 2+ minutes`, `(sustained 3+ min)`,
    /// `over a 10-minute window`, `lasting 5 min`, `for {{X}} consecutive minutes`.
    /// `afterThreshold`: the tokens follow a threshold, where "within one hour" is the window of a count.
    static func forDuration(in tokens: ArraySlice<TriggerToken>, afterThreshold: Bool = false) -> (seconds: Int?, variable: String?, unit: Int)? {
        let leads: Set<String> = ["for", "sustained", "over", "lasting", "persisting", "persists", "during"]
        var searchFrom = tokens.startIndex
        while let leadIndex = tokens[searchFrom...].firstIndex(where: { if case .word(let w) = $0 { return leads.contains(w.lowercased()) }; return false }) {
            searchFrom = leadIndex + 1
            if let found = durationAfter(tokens, leadIndex + 1) { return found }
        }
        // "more than 20 reviews within one hour": a count over a window. "Within 15 minutes of
        // the shift" is a bound on when the rule applies (`TimeBound`), not a duration.
        // Only after a threshold: "roll back if any of these happen within 30 minutes:" bounds a list.
        if afterThreshold, let within = tokens.firstIndex(of: .word("within")), let found = durationAfter(tokens, within + 1),
           let unitIndex = tokens[(within + 1)...].firstIndex(where: { if case .word(let w) = $0 { return durationFactor(w) != nil }; return false }) {
            let next = unitIndex + 1 < tokens.endIndex ? tokens[unitIndex + 1] : nil
            if ![TriggerToken.word("of"), .word("after"), .word("following"), .word("from"), .word("since")].contains(where: { $0 == next }) {
                return found
            }
        }
        // "p99 > 2s (5 min)", "error rate > 1% (15-minute window)": an aside that is only a duration.
        if afterThreshold {
            for k in tokens.indices where tokens[k] == .word("(") && isDurationAt(tokens, k + 1) {
                if let found = durationAfter(tokens, k + 1) { return found }
            }
        }
        // "> 1% over 10 minutes": "over" before a number was read as a second operator.
        for k in tokens.indices where tokens[k].comparison != nil && isDurationAt(tokens, k + 1) {
            if let found = durationAfter(tokens, k + 1) { return found }
        }
        return nil
    }

    /// A number followed by a time unit (`10 minutes`, `2+ h`): a duration, not a threshold.
    static func isDurationAt(_ tokens: ArraySlice<TriggerToken>, _ index: Int) -> Bool {
        guard index < tokens.endIndex, case .number = tokens[index] else { return false }
        var i = index + 1
        while i < tokens.endIndex, tokens[i] == .word("+") || tokens[i] == .word("-") { i += 1 }
        guard i < tokens.endIndex, case .word(let w) = tokens[i] else { return false }
        return durationFactor(w) != nil
    }

    private static func durationAfter(_ tokens: ArraySlice<TriggerToken>, _ start: Int) -> (seconds: Int?, variable: String?, unit: Int)? {
        var i = start
        let fillers: Set<String> = ["at", "least", "more", "than", "a", "an", "the", "for", "over", "of"]
        while i < tokens.endIndex {
            if tokens[i].comparison != nil { i += 1; continue }
            if case .word(let w) = tokens[i], fillers.contains(w.lowercased()) { i += 1; continue }
            break
        }
        guard i < tokens.endIndex else { return nil }
        var amount: Double?
        var variable: String?
        switch tokens[i] {
        case .number(let n): amount = n
        case .placeholder(let name): variable = name
        case .word(let w) where numberWords[w.lowercased()] != nil: amount = numberWords[w.lowercased()]
        default: return nil
        }
        i += 1
        while i < tokens.endIndex, tokens[i] == .word("+") || tokens[i] == .word("-") || tokens[i] == .word("consecutive") || tokens[i] == .word("straight") || tokens[i] == .word("continuous") {
            i += 1
        }
        guard i < tokens.endIndex, case .word(let unitWord) = tokens[i], let factor = durationFactor(unitWord) else { return nil }
        guard let amount else { return (nil, variable, Int(factor)) }
        let seconds = amount * factor
        guard seconds.isFinite, seconds >= 0, seconds < 1e9 else { return nil }
        return (Int(seconds.rounded()), nil, Int(factor))
    }

    /// "for two minutes", "within one hour".
    private static let numberWords: [String: Double] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "fifteen": 15, "twenty": 20, "thirty": 30,
    ]

    static func durationFactor(_ word: String) -> Double? {
        switch word.lowercased() {
        case "s", "sec", "secs", "second", "seconds": 1
        case "m", "min", "mins", "minute", "minutes": 60
        case "h", "hr", "hrs", "hour", "hours": 3600
        case "d", "day", "days": 86400
        default: nil
        }
    }

    /// The words between an open parenthesis and the operator inside it, or nil when the
    /// operator is not inside one.
    private static func signalInsideParenthesis(_ tokens: ArraySlice<TriggerToken>) -> String? {
        guard let open = tokens.lastIndex(of: .word("(")), !tokens[open...].contains(.word(")")) else { return nil }
        let name = signalName(from: tokens[(open + 1)...])
        return name.isEmpty ? nil : name
    }

    /// The words before the operator, as a symbolic signal name: "p99 latency", "error rate".
    private static func signalName(from tokens: ArraySlice<TriggerToken>) -> String {
        var words: [String] = []
        var depth = 0
        for token in tokens {
            switch token {
            case .word("("): depth += 1
            case .word(")"): depth = max(0, depth - 1)
            case .word(let w) where depth == 0:
                if w.first?.quickIsLetter == true || w.first?.quickIsNumber == true || w.contains("/") { words.append(w.lowercased()) }
            case .number(let n) where depth == 0:
                words.append(n.numberText)
            default: break
            }
        }
        let leading: Set<String> = ["if", "when", "any", "the", "a", "an", "and", "or", "rollback", "alert", "page", "warning", "critical", "warn", "crit",
                                    "it", "this", "that", "they", "its"]
        let trailing: Set<String> = ["is", "are", "was", "goes", "rises", "remains", "stays", "sustained", "of", "than", "rate:",
                                     "increases", "increase", "grows", "climbs", "to", "be", "gets", "becomes", "reaches", "hits"]
        while let first = words.first, leading.contains(first) { words.removeFirst() }
        while let last = words.last, trailing.contains(last) { words.removeLast() }
        guard !words.isEmpty, words.count <= 6 else { return "" }
        return words.joined(separator: " ")
    }
}

enum TriggerToken: Hashable {
    case word(String)
    case number(Double)
    case placeholder(String)
    case op(ComparisonOperator)

    var comparison: ComparisonOperator? {
        if case .op(let o) = self { return o }
        return nil
    }
}

/// Splits a sentence into words, numbers, `{{VARIABLES}}` and comparison operators
/// (symbols and the words people write for them: "exceeds", "drops below", "greater than").
enum TriggerTokenizer {
    static func tokens(of sentence: String) -> [TriggerToken] {
        var raw: [TriggerToken] = []
        let chars = Array(sentence)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.quickIsWhitespace || c == "," || c == ";" || c == "*" || c == "`" || c == "\"" || ((c == "$" || c == "€" || c == "£") && i + 1 < chars.count && chars[i + 1].quickIsNumber) {
                i += 1
            } else if c == "{", i + 1 < chars.count, chars[i + 1] == "{" {
                var j = i + 2
                var name = ""
                while j < chars.count, chars[j] != "}" { name.append(chars[j]); j += 1 }
                raw.append(.placeholder(name.trimmingCharacters(in: .whitespaces)))
                i = min(chars.count, j + 2)
            } else if "<>=≥≤!".contains(c) {
                var symbol = String(c)
                if i + 1 < chars.count, chars[i + 1] == "=" { symbol.append("="); i += 1 }
                i += 1
                switch symbol {
                case ">": raw.append(.op(.greater))
                case ">=", "≥": raw.append(.op(.greaterOrEqual))
                case "<": raw.append(.op(.less))
                case "<=", "≤": raw.append(.op(.lessOrEqual))
                case "==", "=": raw.append(.op(.equal))
                case "!=": raw.append(.op(.notEqual))
                default: raw.append(.word(symbol))
                }
            } else if c.quickIsNumber || (c == "." && i + 1 < chars.count && chars[i + 1].quickIsNumber) {
                var j = i
                var text = ""
                while j < chars.count, chars[j].quickIsNumber || chars[j] == "." || (chars[j] == "," && j + 1 < chars.count && chars[j + 1].quickIsNumber && text.count < 4) {
                    if chars[j] != "," { text.append(chars[j]) }
                    j += 1
                }
                // "10k", "2.5K": thousands.
                if j < chars.count, chars[j] == "k" || chars[j] == "K", j + 1 == chars.count || !(chars[j + 1].quickIsLetter || chars[j + 1].quickIsNumber),
                   let n = Double(text), n.isFinite {
                    raw.append(.number(n * 1000))
                    i = j + 1
                    continue
                }
                // A number glued to letters ("p99", "5xx", "SEV1") is a word, not a value.
                if j < chars.count, chars[j].quickIsLetter, !isUnitStart(chars, j) {
                    var word = text
                    while j < chars.count, chars[j].quickIsLetter || chars[j].quickIsNumber { word.append(chars[j]); j += 1 }
                    raw.append(.word(word))
                } else if let n = Double(text), n.isFinite {
                    raw.append(.number(n))
                } else {
                    raw.append(.word(text))
                }
                i = j
            } else if c.quickIsLetter {
                var j = i
                var word = ""
                while j < chars.count, chars[j].quickIsLetter || chars[j].quickIsNumber || chars[j] == "-" || chars[j] == "_" || chars[j] == "/" || chars[j] == "'" {
                    word.append(chars[j]); j += 1
                }
                while word.hasSuffix("-") || word.hasSuffix("/") { word.removeLast() }
                raw.append(.word(word))
                i = j
            } else {
                raw.append(.word(String(c)))
                i += 1
            }
        }
        return mergeWordOperators(raw)
    }

    /// A unit written right after a number (`800ms`, `5m`, `1%`): the letters are a unit only
    /// when the whole letter run is one.
    private static func isUnitStart(_ chars: [Character], _ j: Int) -> Bool {
        var k = j
        var letters = ""
        while k < chars.count, chars[k].quickIsLetter { letters.append(chars[k]); k += 1 }
        if k < chars.count, chars[k].quickIsNumber { return false }
        return TriggerSentenceParser.valueUnit(letters) != nil || TriggerSentenceParser.durationFactor(letters) != nil
    }

    private static let phrases: [([String], ComparisonOperator)] = [
        (["is", "greater", "than"], .greater), (["greater", "than"], .greater),
        (["more", "than"], .greater), (["higher", "than"], .greater),
        (["exceeds"], .greater), (["exceed"], .greater), (["exceeding"], .greater),
        (["is", "above"], .greater), (["goes", "above"], .greater), (["rises", "above"], .greater),
        (["above"], .greater), (["over"], .greater),
        (["passes"], .greater), (["pass"], .greater), (["surpasses"], .greater), (["tops"], .greater), (["crosses"], .greater),
        (["spikes", "above"], .greater), (["climbs", "above"], .greater), (["jumps", "above"], .greater),
        (["stays", "above"], .greater), (["remains", "above"], .greater),
        (["hits"], .greaterOrEqual), (["reaches"], .greaterOrEqual), (["at", "least"], .greaterOrEqual),
        // "alert at 5k", "page at 90%": an action's threshold.
        (["alert", "at"], .greaterOrEqual), (["page", "at"], .greaterOrEqual), (["warn", "at"], .greaterOrEqual),
        (["rollback", "at"], .greaterOrEqual), (["halt", "at"], .greaterOrEqual), (["abort", "at"], .greaterOrEqual),
        (["stays", "below"], .less), (["remains", "below"], .less), (["dips", "below"], .less),
        (["at", "most"], .lessOrEqual), (["no", "more", "than"], .lessOrEqual),
        (["less", "than"], .less), (["lower", "than"], .less), (["drops", "below"], .less),
        (["falls", "below"], .less), (["is", "below"], .less), (["below"], .less), (["under"], .less),
    ]

    /// The words an operator phrase can start with: a token that is none of them starts none.
    private static let phraseFirstWords = Set(phrases.compactMap(\.0.first))

    private static func mergeWordOperators(_ tokens: [TriggerToken]) -> [TriggerToken] {
        // Each word lowered once, not once per phrase tried.
        let lowered: [String?] = tokens.map { token in
            if case .word(let w) = token { return w.lowercased() }
            return nil
        }
        var out: [TriggerToken] = []
        var i = 0
        outer: while i < tokens.count {
            guard let first = lowered[i], phraseFirstWords.contains(first) else {
                out.append(tokens[i])
                i += 1
                continue
            }
            // An operator word only counts before a value: "over the past hour" is not a threshold.
            for (words, op) in phrases where i + words.count < tokens.count {
                let matches = words.indices.allSatisfy { k in lowered[i + k] == words[k] }
                guard matches else { continue }
                var next = i + words.count
                if next < tokens.count, tokens[next] == .word("~") { next += 1 }
                guard next < tokens.count else { continue }
                switch tokens[next] {
                case .number, .placeholder:
                    out.append(.op(op))
                    i += words.count
                    continue outer
                default: continue
                }
            }
            out.append(tokens[i])
            i += 1
        }
        return out
    }
}
