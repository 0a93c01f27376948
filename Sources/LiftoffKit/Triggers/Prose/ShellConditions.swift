import Foundation
import LiftoffMarkdown

/// Rollback criteria written as the conditions of a shell script:
///
///     ERROR_RATE=$(./scripts/calculate-error-rate.sh)
///     if [ $ERROR_RATE -gt 5 ]; then
///       ./scripts/rollback.sh --immediate
///     fi
///
/// A condition is a criterion only when its branch rolls back (or halts): a command in it says
/// so (`rollback.sh`, `kubectl rollout undo`, `helm rollback`). The signal is the variable's name
/// in words (`error rate`); a `_ms`, `_seconds` or `_pct` suffix is its unit. Read only what is
/// certain: a comparison of one variable with a number, alone or joined by `||` (each side fires
/// by itself); a condition joined by `&&`, negated, or comparing strings is left alone, and an
/// `else` that rolls back turns only a single comparison around (docs/runbook-format.md,
/// "Criteria in code fences").
enum ShellConditions {
    struct Criterion: Equatable {
        var parsed: ParsedTrigger
        var text: String
        var position: SourcePosition
        var action: TriggerAction
    }

    /// One `if`/`elif` condition with what its branch does.
    private struct Branch {
        var comparisons: [(parsed: ParsedTrigger, column: Int)]
        var text: String
        var position: SourcePosition
        var action: TriggerAction?
        /// The condition was something this reader does not take apart (`&&`, `!`, strings).
        var opaque: Bool
    }

    private struct OpenIf {
        var branches: [Branch] = []
        var elseAction: TriggerAction?
        var inElse = false
    }

    static func criteria(_ lines: [SourceLine]) -> [Criterion] {
        // Most fences hold no `if` at all.
        guard lines.contains(where: { $0.text.utf8.contains(0x69) && $0.text.contains("if") }) else { return [] }
        var out: [Criterion] = []
        var stack: [OpenIf] = []
        for line in lines {
            for (statement, offset) in statements(String(line.text)) {
                let position = SourcePosition(line: line.position.line, column: line.position.column + offset)
                var rest = Substring(statement)
                // `then ./rollback.sh`, `else kubectl rollout undo`: a keyword may lead a command.
                while let word = firstWord(rest), ["then", "else", "do", "{"].contains(word) || ["if", "elif", "fi"].contains(word) {
                    rest = rest.dropFirst(word.count).drop { $0 == " " || $0 == "\t" }
                    switch word {
                    case "if", "elif":
                        // A stray `elif` (an excerpt that starts mid-script) opens its own.
                        if word == "if" || stack.isEmpty { stack.append(OpenIf()) }
                        let condition = conditionText(rest)
                        let column = statement.count - rest.count
                        stack[stack.count - 1].branches.append(branch(condition, position: SourcePosition(line: position.line, column: position.column + column)))
                        stack[stack.count - 1].inElse = false
                        rest = rest.dropFirst(condition.count)
                    case "else":
                        if !stack.isEmpty { stack[stack.count - 1].inElse = true }
                    case "fi":
                        if let closed = stack.popLast() { out += criteria(of: closed) }
                    default:
                        break
                    }
                }
                // Only a command inside an `if` can make a criterion.
                guard !rest.isEmpty, !stack.isEmpty, let action = action(of: String(rest)) else { continue }
                // A rollback inside a branch is also inside every branch around it.
                for i in stack.indices {
                    if stack[i].inElse {
                        stack[i].elseAction = stack[i].elseAction ?? action
                    } else if !stack[i].branches.isEmpty {
                        stack[i].branches[stack[i].branches.count - 1].action = stack[i].branches[stack[i].branches.count - 1].action ?? action
                    }
                }
            }
        }
        // A fence that ends inside an `if` (an excerpt) still says what its branches do.
        while let open = stack.popLast() { out += criteria(of: open) }
        return out
    }

    private static func criteria(of open: OpenIf) -> [Criterion] {
        var out: [Criterion] = []
        for branch in open.branches where !branch.opaque {
            guard let action = branch.action else { continue }
            for c in branch.comparisons {
                out.append(Criterion(parsed: c.parsed, text: branch.text, position: SourcePosition(line: branch.position.line, column: c.column), action: action))
            }
        }
        // `if [ $X -lt 5 ]; then …; else rollback; fi`: the else branch fires on the opposite.
        if let action = open.elseAction, open.branches.count == 1, let only = open.branches.first,
           !only.opaque, only.action == nil, only.comparisons.count == 1, var parsed = only.comparisons.first?.parsed {
            parsed.op = parsed.op.negated
            out.append(Criterion(parsed: parsed, text: only.text, position: only.position, action: action))
        }
        return out
    }

    // MARK: statements

    /// The line's statements, split at `;` and `&&`/`||` outside brackets and quotes are kept
    /// (they belong to a condition); a comment ends the line. Each with its column offset.
    private static func statements(_ line: String) -> [(String, Int)] {
        var out: [(String, Int)] = []
        var current = ""
        var start = 0
        var quote: Character?
        var depth = 0
        var previous: Character = " "
        for (i, c) in line.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
                current.append(c)
            } else if c == "\"" || c == "'" {
                quote = c
                current.append(c)
            } else if c == "#", previous == " " || previous == "\t" || current.allSatisfy({ $0 == " " || $0 == "\t" }) {
                break
            } else if c == "[" || c == "(" {
                depth += 1
                current.append(c)
            } else if c == "]" || c == ")" {
                depth = max(0, depth - 1)
                current.append(c)
            } else if c == ";", depth == 0 {
                out.append(trimmed(current, from: start))
                current = ""
                start = i + 1
            } else {
                current.append(c)
            }
            previous = c
        }
        out.append(trimmed(current, from: start))
        return out.filter { !$0.0.isEmpty }
    }

    private static func trimmed(_ s: String, from start: Int) -> (String, Int) {
        let lead = s.prefix { $0 == " " || $0 == "\t" }.count
        var body = String(s.dropFirst(lead))
        while let last = body.last, last == " " || last == "\t" { body.removeLast() }
        return (body, start + lead)
    }

    private static func firstWord(_ s: Substring) -> String? {
        let word = s.prefix { $0 != " " && $0 != "\t" }
        return word.isEmpty ? nil : String(word)
    }

    /// The condition after `if`: the statement up to a trailing `then`.
    private static func conditionText(_ rest: Substring) -> Substring {
        if let range = rest.range(of: " then", options: .backwards), rest[range.upperBound...].allSatisfy({ $0 == " " }) {
            return rest[..<range.lowerBound]
        }
        return rest
    }

    // MARK: conditions

    private static func branch(_ condition: Substring, position: SourcePosition) -> Branch {
        let text = String(condition).trimmingCharactersInSpace()
        var out = Branch(comparisons: [], text: "if " + text, position: position, action: nil, opaque: false)
        // `[ … ] && [ … ]`, `-a`: every part must hold, which no one comparison says alone.
        if text.contains("&&") || text.contains(" -a ") || text.hasPrefix("!") || text.contains("! ") {
            out.opaque = true
            return out
        }
        var offset = 0
        for part in text.components(separatedBy: "||").flatMap({ $0.components(separatedBy: " -o ") }) {
            guard let parsed = comparison(part) else {
                out.opaque = true
                return out
            }
            let lead = part.prefix { $0 == " " }.count
            out.comparisons.append((parsed, position.column + offset + lead))
            offset += part.count + 2
        }
        return out
    }

    /// `[ $ERROR_RATE -gt 5 ]`, `[[ "${P99_MS}" -ge 800 ]]`, `test $X -lt 3`, `(( ERRORS > 10 ))`,
    /// `(( $(echo "$RATE > 0.05" | bc -l) ))`, `[ $(echo "$RATE > 0.05" | bc) -eq 1 ]`.
    static func comparison(_ part: String) -> ParsedTrigger? {
        var s = part.trimmingCharactersInSpace()
        // bc: the comparison is the echoed expression; `-eq 0` asks for its opposite.
        if let echoed = bcExpression(s) {
            guard let inner = arithmetic(echoed.expression) else { return nil }
            return echoed.negated ? flipped(inner, negate: true) : inner
        }
        if s.hasPrefix("test ") { s = "[ " + s.dropFirst(5) + " ]" }
        if s.hasPrefix("((") && s.hasSuffix("))") {
            return arithmetic(String(s.dropFirst(2).dropLast(2)))
        }
        let brackets: [(String, String)] = [("[[", "]]"), ("[", "]")]
        guard let (open, close) = brackets.first(where: { s.hasPrefix($0.0) && s.hasSuffix($0.1) }) else { return nil }
        let words = s.dropFirst(open.count).dropLast(close.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count == 3, let op = testOperator(words[1]) else { return nil }
        return operands(words[0], op, words[2])
    }

    private static func testOperator(_ word: String) -> ComparisonOperator? {
        switch word {
        case "-gt": .greater
        case "-ge": .greaterOrEqual
        case "-lt": .less
        case "-le": .lessOrEqual
        case "-eq": .equal
        case "-ne": .notEqual
        default: nil
        }
    }

    /// `ERRORS > 10`, `$RATE >= 0.05` (arithmetic and bc, where `>` compares numbers).
    private static func arithmetic(_ expression: String) -> ParsedTrigger? {
        let symbols: [(String, ComparisonOperator)] = [(">=", .greaterOrEqual), ("<=", .lessOrEqual), ("==", .equal), ("!=", .notEqual), (">", .greater), ("<", .less)]
        for (symbol, op) in symbols {
            let sides = expression.components(separatedBy: symbol)
            guard sides.count == 2 else { continue }
            let left = sides[0].trimmingCharactersInSpace(), right = sides[1].trimmingCharactersInSpace()
            guard !left.contains(" "), !right.contains(" ") else { return nil }
            return operands(left, op, right)
        }
        return nil
    }

    /// `(( $(echo "$RATE > 0.05" | bc -l) ))` → `$RATE > 0.05`; `[ $(echo "…" | bc) -eq 0 ]` is negated.
    private static func bcExpression(_ s: String) -> (expression: String, negated: Bool)? {
        guard s.contains("bc"), let echo = s.range(of: "echo ") else { return nil }
        let after = s[echo.upperBound...].drop { $0 == " " }
        guard let quote = after.first, quote == "\"" || quote == "'" else { return nil }
        let body = after.dropFirst()
        guard let end = body.firstIndex(of: quote) else { return nil }
        let tail = body[body.index(after: end)...]
        guard tail.drop(while: { $0 == " " }).hasPrefix("|"), tail.contains("bc") else { return nil }
        let result = tail.split(whereSeparator: { $0 == " " || $0 == "]" || $0 == ")" })
        let negated = zip(result, result.dropFirst()).contains { ($0.0 == "-eq" || $0.0 == "=" || $0.0 == "==") && $0.1 == "0" }
        return (String(body[..<end]), negated)
    }

    /// One side a variable, the other a number; a number on the left turns the comparison round.
    private static func operands(_ left: String, _ op: ComparisonOperator, _ right: String) -> ParsedTrigger? {
        if let name = variable(left), let value = number(right) { return trigger(name, op, value) }
        if let name = variable(right), let value = number(left), let parsed = trigger(name, op, value) { return flipped(parsed, negate: false) }
        return nil
    }

    private static func flipped(_ parsed: ParsedTrigger, negate: Bool) -> ParsedTrigger {
        var out = parsed
        if negate {
            out.op = parsed.op.negated
        } else {
            switch parsed.op {
            case .greater: out.op = .less
            case .greaterOrEqual: out.op = .lessOrEqual
            case .less: out.op = .greater
            case .lessOrEqual: out.op = .greaterOrEqual
            case .equal, .notEqual: break
            }
        }
        return out
    }

    /// `$ERROR_RATE`, `"${ERROR_RATE}"`, or a bare name inside `(( ))`; not `$?`, `$1`.
    private static func variable(_ word: String) -> String? {
        var w = Substring(word)
        if w.hasPrefix("\"") && w.hasSuffix("\"") && w.count >= 2 { w = w.dropFirst().dropLast() }
        if w.hasPrefix("$") { w = w.dropFirst() }
        if w.hasPrefix("{") && w.hasSuffix("}") { w = w.dropFirst().dropLast() }
        guard let first = w.first, first.isASCII, first.isLetter || first == "_",
              w.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
        return String(w)
    }

    private static func number(_ word: String) -> Double? {
        var w = Substring(word)
        if w.hasPrefix("\"") && w.hasSuffix("\"") && w.count >= 2 { w = w.dropFirst().dropLast() }
        guard !w.isEmpty, w.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(w), value.isFinite else { return nil }
        return value
    }

    /// `P99_LATENCY_MS` → `p99 latency` in ms; `ERROR_RATE_PCT` → `error rate` in %.
    private static func trigger(_ name: String, _ op: ComparisonOperator, _ value: Double) -> ParsedTrigger? {
        var words = name.lowercased().split(separator: "_").map(String.init)
        var unit: String?
        if words.count > 1, let last = words.last {
            let suffixes = ["pct": "%", "percent": "%", "ms": "ms", "msec": "ms", "millis": "ms", "sec": "s", "secs": "s", "seconds": "s"]
            if let u = suffixes[last] {
                unit = u
                words.removeLast()
            }
        }
        let signal = words.joined(separator: " ")
        guard signal.contains(where: \.isLetter) else { return nil }
        return ParsedTrigger(signal: signal, op: op, value: unit.map { TriggerSentenceParser.inBaseUnits(value, unit: $0) } ?? value, unit: unit)
    }

    // MARK: actions

    /// What a command in a branch does, when it rolls back or halts (`./scripts/rollback.sh`,
    /// `kubectl rollout undo`, `echo "ROLLBACK"`); not `echo "no rollback needed"`.
    private static func action(of command: String) -> TriggerAction? {
        let lower = command.lowercased()
        guard !CriterionPolarity.isNegated(lower) else { return nil }
        let action = CriterionAction.of(lower.replacingOccurrences(of: "_", with: " "))
        return action == .rollback || action == .halt ? action : nil
    }
}
