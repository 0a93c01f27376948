import LiftoffMarkdown

/// One trigger as written, before its signal is bound to a query.
public struct TriggerDefinition: Hashable, Sendable {
    public var name: String
    /// The signal as written (quotes removed).
    public var signal: String
    /// Written in quotes: a query, never a symbolic name.
    public var quotedSignal: Bool
    public var op: ComparisonOperator
    public var threshold: Double
    public var unit: String?
    public var forSeconds: Int = 0
    public var keepSeconds: Int = 0
    public var everySeconds: Int = TriggerRule.defaultEverySeconds
    public var nodata: NoDataPolicy = .hold
    public var maxErrors: Int = TriggerRule.defaultMaxErrors
    public var action: TriggerAction
}

/// Reads the trigger language (DESIGN §6):
///
///     trigger NAME: SIGNAL OP VALUE [for DURATION] [keep DURATION] [every DURATION]
///                   [nodata=pass|fail|hold] [errors=N] then alert|rollback|page|halt
///
///     trigger high errors: error rate > 1% for 5m then rollback
///     trigger slow: "histogram_quantile(0.99, sum by (le) (rate(x_bucket[1m])))" > 800ms for 2m keep 5m then page
///     trigger down: up{job="api"} == 0 every 30s nodata=fail then alert
///
/// Values take `%` (÷100), `ms`, `s`, `m`, `h`, `d`; durations are read by `DurationParser`.
/// `{{VARIABLES}}` in values and durations are filled from `values` first.
public struct TriggerParser: Sendable {
    /// Non-secret variable values.
    public var values: [String: String]

    public init(values: [String: String] = [:]) {
        self.values = values
    }

    public struct Context: Sendable {
        public var file: String
        /// Where the trigger text starts in the file.
        public var position: SourcePosition

        public init(file: String, position: SourcePosition) {
            self.file = file
            self.position = position
        }
    }

    /// Whether an annotation text is a trigger (others are checks, gates, ids…).
    public static func isTrigger(_ text: String) -> Bool {
        text.split(whereSeparator: { $0.quickIsWhitespace }).first.map { $0.lowercased() == "trigger" || $0.lowercased() == "trigger:" } ?? false
    }

    static let hint = "e.g. trigger high errors: error rate > 1% for 5m then rollback"
    private static let operators: [String: ComparisonOperator] = [">": .greater, ">=": .greaterOrEqual, "<": .less, "<=": .lessOrEqual, "==": .equal, "!=": .notEqual, "=": .equal]

    public func parse(_ text: String, context: Context) throws(TriggerSyntaxError) -> TriggerDefinition {
        var tokens: [CheckToken]
        do {
            tokens = try CheckTokenizer.tokenize(text)
        } catch {
            throw failure(context, at: error.token, "unterminated quoted string", hint: "close the query with the quote it opened with")
        }
        tokens = Self.splittingOperators(tokens)
        var reader = Reader(tokens: tokens, endColumn: text.count + 1)
        if let t = reader.peek, t.isWord("trigger") { reader.advance() }

        // NAME: words up to one that ends with a colon.
        var nameWords: [String] = []
        var named = false
        while let t = reader.next() {
            if !t.quoted, t.text.hasSuffix(":") {
                let word = String(t.text.dropLast())
                if !word.isEmpty { nameWords.append(word) }
                named = true
                break
            }
            nameWords.append(t.text)
        }
        let name = nameWords.joined(separator: " ")
        guard named, !name.isEmpty else {
            throw failure(context, atColumn: named ? reader.lastEnd : 1, "expected the trigger's name and a colon", hint: Self.hint)
        }

        // SIGNAL: a quoted query, or words up to the operator.
        guard let first = reader.peek else {
            throw failure(context, atColumn: reader.lastEnd, "expected a signal after '\(name):'", hint: Self.hint)
        }
        var signalWords: [String] = []
        let quoted = first.quoted
        if quoted {
            signalWords = [first.text]
            reader.advance()
        } else {
            while let t = reader.peek, t.quoted || Self.operators[t.text] == nil {
                if Self.keywords.contains(t.text.lowercased()), !signalWords.isEmpty { break }
                signalWords.append(t.quoted ? "\"\(t.text)\"" : t.text)
                reader.advance()
            }
        }
        let signal = signalWords.joined(separator: " ")
        guard !signal.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw failure(context, at: first, "expected a signal (a quoted PromQL query or a signal name), found '\(first.text)'", hint: Self.hint)
        }
        guard let opToken = reader.next() else {
            throw failure(context, atColumn: reader.lastEnd, "expected an operator (>, >=, <, <=, ==, !=) after the signal", hint: Self.hint)
        }
        guard !opToken.quoted, let op = Self.operators[opToken.text] else {
            throw failure(context, at: opToken, "expected an operator (>, >=, <, <=, ==, !=), found '\(opToken.text)'", hint: quoted ? Self.hint : "quote a query that contains spaces: \"sum(rate(x[5m]))\" > 1")
        }
        guard let valueToken = reader.next() else {
            throw failure(context, atColumn: reader.lastEnd, "expected a value after '\(op.rawValue)'", hint: "a number with an optional unit: 1%, 500ms, 2s, 0.99")
        }
        let filled = fill(valueToken.text)
        guard let (threshold, unit) = Self.quantity(filled) else {
            let missing = PlaceholderScanner.names(in: filled).first
            throw failure(context, at: valueToken, missing.map { "{{\($0)}} has no value" } ?? "expected a number with an optional unit, found '\(valueToken.text)'",
                          hint: missing.map { "add `\($0): …` to the vars file" } ?? "a number with an optional unit: 1%, 500ms, 2s, 0.99")
        }
        var definition = TriggerDefinition(name: name, signal: signal, quotedSignal: quoted, op: op, threshold: threshold, unit: unit, action: .alert)
        var action: TriggerAction?
        while let t = reader.next() {
            let word = t.quoted ? "" : t.text.lowercased()
            switch word {
            case "for", "keep", "every":
                let seconds = try duration(after: t, &reader, context)
                if word == "for" { definition.forSeconds = seconds }
                if word == "keep" { definition.keepSeconds = seconds }
                if word == "every" {
                    guard seconds > 0 else { throw failure(context, at: t, "'every' needs a duration above zero", hint: "e.g. every 15s") }
                    definition.everySeconds = seconds
                }
            case "then":
                guard let a = reader.next() else {
                    throw failure(context, atColumn: reader.lastEnd, "expected alert, rollback, page or halt after 'then'", hint: Self.hint)
                }
                guard !a.quoted, let parsed = TriggerAction(rawValue: a.text.lowercased()) else {
                    throw failure(context, at: a, "expected alert, rollback, page or halt after 'then', found '\(a.text)'", hint: Self.hint)
                }
                action = parsed
            default:
                if word.hasPrefix("nodata=") {
                    let value = String(word.dropFirst("nodata=".count))
                    guard let policy = NoDataPolicy(rawValue: value) else {
                        throw failure(context, at: t, "nodata must be pass, fail or hold, not '\(value)'", hint: "nodata=hold keeps the state while the signal has no data")
                    }
                    definition.nodata = policy
                } else if word.hasPrefix("errors=") {
                    let value = String(word.dropFirst("errors=".count))
                    guard let n = Int(value), n >= 0, n <= 10_000 else {
                        throw failure(context, at: t, "errors must be a whole number, not '\(value)'", hint: "errors=4: more than 4 consecutive query errors is an error state")
                    }
                    definition.maxErrors = n
                } else {
                    throw failure(context, at: t, "unexpected '\(t.text)'", hint: "after the value: for, keep, every, nodata=, errors=, then alert|rollback|page|halt")
                }
            }
        }
        guard let action else {
            throw failure(context, atColumn: reader.endColumn, "expected 'then alert', 'then rollback', 'then page' or 'then halt' at the end", hint: Self.hint)
        }
        definition.action = action
        return definition
    }

    private static let keywords: Set<String> = ["for", "keep", "every", "then"]

    /// `5m`, `10 minutes`, `1h 30m`, `{{MINUTES}}m`: one token, or a number and a unit word.
    private func duration(after keyword: CheckToken, _ reader: inout Reader, _ context: Context) throws(TriggerSyntaxError) -> Int {
        guard let t = reader.next(), !t.quoted else {
            throw failure(context, atColumn: reader.lastEnd, "expected a duration after '\(keyword.text)'", hint: "e.g. \(keyword.text.lowercased()) 5m")
        }
        let text = fill(t.text)
        // The longer reading first: `1h 30m`, `10 minutes`.
        if let unit = reader.peek, !unit.quoted, let seconds = DurationParser.parse(text + " " + fill(unit.text)) {
            reader.advance()
            return seconds
        }
        if let seconds = DurationParser.parse(text) { return seconds }
        let missing = PlaceholderScanner.names(in: text).first
        throw failure(context, at: t, missing.map { "{{\($0)}} has no value" } ?? "expected a duration after '\(keyword.text)', found '\(t.text)'",
                      hint: missing.map { "add `\($0): …` to the vars file" } ?? "durations: 30s, 5m, 10 minutes, 1h")
    }

    private func fill(_ text: String) -> String {
        text.contains("{{") ? PlaceholderScanner.substitute(text, values) : text
    }

    /// `1%` → 0.01, `500ms` → 0.5, `2s` → 2, `5m` → 300, `0.99` → 0.99. Dividing keeps `7%` exactly 0.07.
    public static func quantity(_ text: String) -> (value: Double, unit: String?)? {
        let units: [(String, Double, Bool)] = [("ms", 1000, true), ("min", 60, false), ("s", 1, false), ("m", 60, false), ("h", 3600, false), ("d", 86400, false), ("%", 100, true)]
        for (unit, factor, divide) in units where text.hasSuffix(unit) {
            let number = String(text.dropLast(unit.count))
            if let value = Double(number), value.isFinite, !number.isEmpty, number.last?.quickIsLetter != true {
                return (divide ? value / factor : value * factor, unit == "min" ? "m" : unit)
            }
        }
        if let value = Double(text), value.isFinite { return (value, nil) }
        return nil
    }

    /// `>1%` and `rate>0.5` become separate tokens, so operators need no spaces around them.
    static func splittingOperators(_ tokens: [CheckToken]) -> [CheckToken] {
        var out: [CheckToken] = []
        for t in tokens {
            let lower = t.text.lowercased()
            guard !t.quoted, !t.text.contains("{"), !t.text.contains("("), !lower.hasPrefix("nodata="), !lower.hasPrefix("errors="),
                  let start = t.text.firstIndex(where: { "<>=!".contains($0) }) else {
                out.append(t)
                continue
            }
            var end = start
            while end < t.text.endIndex, "<>=!".contains(t.text[end]) { end = t.text.index(after: end) }
            let before = String(t.text[..<start])
            let op = String(t.text[start..<end])
            let after = String(t.text[end...])
            guard operators[op] != nil else {
                out.append(t)
                continue
            }
            var column = t.column
            func piece(_ s: String) {
                guard !s.isEmpty else { return }
                out.append(CheckToken(text: s, quoted: false, column: column, line: t.line, lineColumn: t.lineColumn + (column - t.column)))
                column += s.count
            }
            piece(before)
            piece(op)
            piece(after)
        }
        return out
    }

    func failure(_ context: Context, at token: CheckToken, _ message: String, hint: String?) -> TriggerSyntaxError {
        let position = token.line == 0
            ? SourcePosition(line: context.position.line, column: context.position.column + token.column - 1)
            : SourcePosition(line: context.position.line + token.line, column: token.lineColumn)
        return TriggerSyntaxError(file: context.file, position: position, column: token.column, message: message, hint: hint)
    }

    func failure(_ context: Context, atColumn column: Int, _ message: String, hint: String?) -> TriggerSyntaxError {
        TriggerSyntaxError(file: context.file, position: SourcePosition(line: context.position.line, column: context.position.column + column - 1), column: column, message: message, hint: hint)
    }
}
