import LiftoffMarkdown

/// Criteria written as a config map in a YAML / JSON / JS / TOML fence under a criteria heading:
///
///     rollback_triggers:            const alertThresholds = {
///       error_rate:                   warning: {
///         value: 5%   # >5%             errorRate: 2,   // > 2% error rate
///         action: rollback              cpuUsage: 80,   // > 80% CPU usage
///
/// Each numeric entry is one criterion. Its signal is its key, or its group's key when the key
/// only says "value" / "threshold" / "failures"; its operator comes from a comment or value
/// that states one, else from the key (`max_…`, `min_…`) or from which way the signal goes bad;
/// its action from an `action:` sibling, a severity group (`warning` alerts) or the context.
/// Deliberately not a YAML/JSON parser: indentation and `key: value` lines, as people write them
/// (docs/runbook-format.md, "Criteria in code fences").
enum ThresholdMap {
    struct Entry: Equatable {
        var parsed: ParsedTrigger
        var position: SourcePosition
        var text: String
        /// From an `action:` sibling.
        var action: TriggerAction?
        /// From an enclosing key naming one (`rollback_triggers:`, `alertThresholds`).
        var keyAction: TriggerAction?
        /// A `warning:` / `critical:` group.
        var severity: Severity?
        /// From an enclosing key such as `success_criteria:` or `abort_if:`.
        var polarity: CriterionPolarity?
        /// The operator was written (comment, value, `op:` sibling, `max_`/`min_` key), not taken
        /// from which way the signal goes bad.
        var opStated: Bool = false
        /// The entry itself says it is a threshold (an operator in a comment or value, an
        /// action, a threshold or trigger key), not just a number in a config.
        var stated: Bool
    }

    enum Severity: Equatable {
        case warning, critical
    }

    private static let languages: Set<String> = ["yaml", "yml", "json", "jsonc", "json5", "js", "javascript", "ts", "typescript", "toml"]

    static func isConfig(info: String?) -> Bool {
        guard let info else { return false }
        let first = info.split(whereSeparator: { $0 == " " || $0 == "{" || $0 == "," }).first.map { $0.lowercased() } ?? ""
        return languages.contains(first)
    }

    // MARK: Lines to a tree

    final class Node {
        var key: String?
        var value: String
        var comment: String?
        var position: SourcePosition
        var indent: Int
        var children: [Node] = []

        init(key: String?, value: String, comment: String?, position: SourcePosition, indent: Int) {
            self.key = key
            self.value = value
            self.comment = comment
            self.position = position
            self.indent = indent
        }

        var isContainer: Bool { !children.isEmpty || value.isEmpty }
    }

    static func tree(_ lines: [SourceLine]) -> Node {
        let root = Node(key: nil, value: "", comment: nil, position: lines.first?.position ?? SourcePosition(line: 1, column: 1), indent: -1)
        var stack: [Node] = [root]
        for line in lines {
            var indent = 0
            for c in line.text {
                if c == " " { indent += 1 } else if c == "\t" { indent += 4 } else { break }
            }
            let (code, comment) = splitComment(String(line.text))
            var body = code.trimmingCharactersInSpace()
            while let last = body.last, ",;".contains(last) { body.removeLast() }
            body = body.trimmingCharactersInSpace()
            if body.allSatisfy({ "{}[]()".contains($0) }) {
                // A comment alone on its line belongs to the entry before it ("value: 5  \n  # >5%" is rare; skip).
                continue
            }
            var isItem = false
            if body.hasPrefix("- ") {
                isItem = true
                body = String(body.dropFirst(2)).trimmingCharactersInSpace()
            }
            guard let (key, value) = keyValue(body) else { continue }
            while let top = stack.last, top.indent >= indent, stack.count > 1 { stack.removeLast() }
            let position = line.position
            if isItem {
                // `- metric: error_rate` opens an anonymous group holding this and the lines below.
                let group = Node(key: nil, value: "", comment: nil, position: position, indent: indent)
                stack.last?.children.append(group)
                stack.append(group)
                indent += 2
            }
            let node = Node(key: key, value: value, comment: comment, position: position, indent: indent)
            stack.last?.children.append(node)
            // `errors: { max: 5, window: 5m }` on one line.
            if value.hasPrefix("{"), value.hasSuffix("}") {
                node.value = ""
                for pair in value.dropFirst().dropLast().split(separator: ",") {
                    if let (k, v) = keyValue(String(pair).trimmingCharactersInSpace()) {
                        node.children.append(Node(key: k, value: v, comment: nil, position: position, indent: indent + 1))
                    }
                }
            }
            if node.value.isEmpty { stack.append(node) }
        }
        return root
    }

    /// The code and its trailing comment (`# …` or `// …`), quotes respected.
    static func splitComment(_ line: String) -> (String, String?) {
        let chars = Array(line)
        var quote: Character?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#", i == 0 || chars[i - 1] == " " || chars[i - 1] == "\t" {
                return (String(chars[..<i]), String(chars[(i + 1)...]).trimmingCharactersInSpace())
            } else if c == "/", i + 1 < chars.count, chars[i + 1] == "/", i == 0 || chars[i - 1] != ":" {
                return (String(chars[..<i]), String(chars[(i + 2)...]).trimmingCharactersInSpace())
            }
            i += 1
        }
        return (line, nil)
    }

    /// `key: value`, `"key": value`, `key = value`, `const name = {`; nil for anything else.
    static func keyValue(_ body: String) -> (String, String)? {
        guard let sep = body.firstIndex(where: { $0 == ":" || $0 == "=" }) else { return nil }
        var key = String(body[..<sep]).trimmingCharactersInSpace()
        for prefix in ["export ", "const ", "let ", "var "] where key.hasPrefix(prefix) { key = String(key.dropFirst(prefix.count)) }
        key = key.trimmingCharacters(in: "\"'` ")
        guard !key.isEmpty, key.count <= 60,
              key.allSatisfy({ $0.quickIsLetter || $0.quickIsNumber || "_-. /".contains($0) }),
              key.split(separator: " ").count <= 4 else { return nil }
        var value = String(body[body.index(after: sep)...]).trimmingCharactersInSpace()
        if value.hasPrefix("=") { return nil }  // `==`: code, not a map
        if value == "{" || value == "[" || value == "|" || value == ">" { value = "" }
        return (key, value.trimmingCharacters(in: "\"'`"))
    }

    // MARK: Tree to entries

    private static let genericValueKeys: Set<String> = [
        "value", "threshold", "thresholds", "limit", "max", "min", "maximum", "minimum", "above", "below", "gt", "lt", "gte", "lte",
        "level", "trigger", "when", "if", "upper", "lower", "ceiling", "floor",
    ]
    private static let countKeys: Set<String> = [
        "failures", "failure", "failed", "errors", "count", "attempts", "occurrences", "consecutive failures", "failure count", "max failures",
    ]
    private static let durationKeys: Set<String> = [
        "for", "duration", "window", "sustained", "sustain", "over", "period", "hold", "evaluation window", "for duration",
    ]
    private static let actionKeys: Set<String> = ["action", "then", "on breach", "on failure", "response", "do", "on trigger"]
    private static let signalKeys: Set<String> = ["metric", "signal", "name", "indicator", "kpi"]
    private static let operatorKeys: Set<String> = ["op", "operator", "comparison", "condition", "direction"]
    /// Numbers in a config that are settings, never thresholds.
    private static let settingKeys: Set<String> = [
        "interval", "timeout", "replicas", "port", "version", "weight", "retries", "step", "steps", "percentage", "percent",
        "traffic", "canary weight", "batch", "batch size", "delay", "wait", "cooldown", "pause", "backoff", "ttl", "priority",
        "id", "max surge", "max unavailable", "instances", "min replicas", "max replicas", "initial delay seconds", "period seconds",
    ]
    /// Keys that mark what is inside as thresholds.
    private static let thresholdWords = [
        "threshold", "trigger", "alert", "abort", "rollback", "roll back", "halt", "page", "critical", "warning", "warn", "crit",
        "criteria", "condition", "limits", "slo", "target", "sev", "severity", "if", "when", "breach",
    ]

    static func entries(_ lines: [SourceLine]) -> [Entry] {
        var out: [Entry] = []
        visit(tree(lines), path: [], inherited: Inherited(), into: &out)
        return out
    }

    private struct Inherited {
        var action: TriggerAction?
        var severity: Severity?
        var polarity: CriterionPolarity?
        var thresholdKey = false
    }

    /// Keys as words: `errorRate` → "error rate", `lcp_threshold` → "lcp threshold".
    static func words(_ key: String) -> [String] {
        var out = ""
        var previous: Character?
        for c in key {
            if c == "_" || c == "-" || c == "." || c == " " {
                out.append(" ")
            } else {
                if c.isUppercase, let p = previous, p.isLowercase || p.quickIsNumber { out.append(" ") }
                out.append(contentsOf: c.lowercased())
            }
            previous = c
        }
        return out.split(separator: " ").map(String.init)
    }

    private static func visit(_ node: Node, path: [Node], inherited: Inherited, into out: inout [Entry]) {
        var here = inherited
        if let key = node.key {
            let phrase = words(key).joined(separator: " ")
            if let action = CriterionAction.of(phrase) { here.action = action }
            if let severity = severity(of: phrase) { here.severity = severity }
            if let polarity = CriterionPolarity.ofTitle(phrase) { here.polarity = polarity }
            if thresholdWords.contains(where: { phrase.containsPhrase($0) }) { here.thresholdKey = true }
        }
        let leaves = node.children.filter { !$0.isContainer }
        var siblingAction: TriggerAction?
        var siblingFor: Int?
        var siblingSignal: String?
        var siblingOp: ComparisonOperator?
        for leaf in leaves {
            let phrase = words(leaf.key ?? "").joined(separator: " ")
            if actionKeys.contains(phrase) { siblingAction = CriterionAction.of(leaf.value) }
            if durationKeys.contains(phrase) {
                siblingFor = TriggerSentenceParser.forDuration(in: TriggerTokenizer.tokens(of: "for " + leaf.value)[...])?.seconds
            }
            if signalKeys.contains(phrase), Double(leaf.value) == nil { siblingSignal = words(leaf.value).joined(separator: " ") }
            if operatorKeys.contains(phrase) { siblingOp = comparison(leaf.value) }
        }
        for leaf in leaves {
            guard let key = leaf.key else { continue }
            let keyWords = words(key)
            let phrase = keyWords.joined(separator: " ")
            if actionKeys.contains(phrase) || durationKeys.contains(phrase) || signalKeys.contains(phrase) || operatorKeys.contains(phrase)
                || settingKeys.contains(phrase) { continue }
            let parentWords = node.key.map(words) ?? []
            var signalWords: [String]
            var position = leaf.position
            if let siblingSignal {
                signalWords = siblingSignal.split(separator: " ").map(String.init)
                position = node.position
            } else if genericValueKeys.contains(phrase), !parentWords.isEmpty {
                signalWords = parentWords
                position = node.position
            } else if countKeys.contains(phrase), !parentWords.isEmpty, severity(of: parentWords.joined(separator: " ")) == nil {
                signalWords = parentWords + keyWords
                position = node.position
            } else {
                signalWords = keyWords
            }
            guard var entry = entry(leaf: leaf, keyPhrase: phrase, signalWords: signalWords, parentWords: parentWords, siblingOp: siblingOp) else { continue }
            entry.position = position
            if entry.parsed.forSeconds == nil { entry.parsed.forSeconds = siblingFor }
            entry.action = siblingAction
            entry.keyAction = here.action
            entry.severity = here.severity
            entry.polarity = here.polarity
            entry.stated = entry.stated || siblingAction != nil || here.thresholdKey
            out.append(entry)
        }
        for child in node.children where child.isContainer {
            visit(child, path: path + [node], inherited: here, into: &out)
        }
    }

    private static func severity(of phrase: String) -> Severity? {
        if ["warning", "warn", "minor", "medium", "low", "info", "notice"].contains(phrase) { return .warning }
        if ["critical", "crit", "high", "major", "emergency", "p0", "p1", "sev1", "sev 1", "sev2", "sev 2"].contains(phrase) { return .critical }
        return nil
    }

    private static func comparison(_ text: String) -> ComparisonOperator? {
        switch text.lowercased().trimmingCharacters(in: "\"' ") {
        case ">", "gt", "above", "greater", "greater than", "over": .greater
        case ">=", "gte", "ge", "at least": .greaterOrEqual
        case "<", "lt", "below", "less", "less than", "under": .less
        case "<=", "lte", "le", "at most": .lessOrEqual
        default: nil
        }
    }

    private static let unitSuffixes: [String: String] = [
        "ms": "ms", "millis": "ms", "milliseconds": "ms", "pct": "%", "percent": "%", "percentage": "%",
        "seconds": "s", "secs": "s", "sec": "s", "minutes": "min", "mins": "min",
    ]

    /// One leaf read as a threshold, or nil when its value is not a number.
    private static func entry(leaf: Node, keyPhrase: String, signalWords: [String], parentWords: [String], siblingOp: ComparisonOperator?) -> Entry? {
        var words = signalWords
        var keyUnit: String?
        var hintedOp: ComparisonOperator?
        if let first = words.first, ["max", "maximum"].contains(first) { hintedOp = .greater; words.removeFirst() }
        if let first = words.first, ["min", "minimum"].contains(first) { hintedOp = .less; words.removeFirst() }
        if let last = words.last, let unit = unitSuffixes[last], words.count > 1 { keyUnit = unit; words.removeLast() }
        while let last = words.last, ["threshold", "thresholds", "limit", "max", "min"].contains(last), words.count > 1 {
            if last == "max" { hintedOp = .greater }
            if last == "min" { hintedOp = .less }
            words.removeLast()
        }
        if ["max", "maximum", "upper", "ceiling", "above", "gt"].contains(keyPhrase) { hintedOp = .greater }
        if ["min", "minimum", "lower", "floor", "below", "lt"].contains(keyPhrase) { hintedOp = .less }
        let signal = words.joined(separator: " ")
        guard !signal.isEmpty else { return nil }

        let raw = leaf.value
        let statesOp = TriggerTokenizer.tokens(of: raw).contains { $0.comparison != nil }
        guard var parsed = TriggerSentenceParser.parse(statesOp ? raw : "> " + raw, defaultSubject: signal),
              parsed.value != nil || parsed.valueVariable != nil else { return nil }
        // The value must be the whole of what is written (`3000ms`, `5%`, `"> 2%"`), not prose.
        guard TriggerTokenizer.tokens(of: raw).count <= 4 else { return nil }
        parsed.signal = signal
        if parsed.unit == nil, let keyUnit, let v = parsed.value {
            parsed.unit = keyUnit
            parsed.value = TriggerSentenceParser.inBaseUnits(v, unit: keyUnit)
        }
        var stated = statesOp
        var opStated = statesOp
        if let comment = leaf.comment, let said = TriggerSentenceParser.parse(comment, defaultSubject: signal), said.value != nil {
            stated = true
            opStated = true
            if !statesOp { parsed.op = said.op }
            // `errorRate: 5  // > 5% error rate`: the comment carries the unit the number lacks.
            if parsed.unit == nil, said.unit != nil { parsed.value = said.value; parsed.unit = said.unit }
            if parsed.forSeconds == nil { parsed.forSeconds = said.forSeconds }
        } else if !statesOp {
            if let op = siblingOp ?? hintedOp {
                parsed.op = op
                stated = true
                opStated = true
            } else if countKeys.contains(keyPhrase) {
                // `failures: 3` trips at the third failure; `failures: 0` at the first.
                parsed.op = parsed.value == 0 ? .greater : .greaterOrEqual
            } else if SignalDirection.of(signal) == .lowerIsWorse {
                parsed.op = .less
            }
        }
        return Entry(parsed: parsed, position: leaf.position, text: "\(leaf.key ?? ""): \(raw)" + (leaf.comment.map { "  # \($0)" } ?? ""),
                     action: nil, keyAction: nil, severity: nil, polarity: nil, opStated: opStated, stated: stated)
    }
}
