
/// The YAML form of triggers, in a `liftoff` fenced block or the front matter's `liftoff:` key.
/// Other keys (`checks:`, `shift:`, `rollback:`) belong to other readers and are ignored here.
///
/// ```yaml
/// triggers:
///   - trigger high errors: error rate > 1% for 5m then rollback
///   - name: slow checkout
///     signal: p99 latency            # or  query: 'histogram_quantile(…)'
///     when: "> 800ms"
///     for: 2m
///     keep: 5m
///     every: 30s
///     nodata: fail
///     errors: 3
///     then: page
/// ```
/// A mapping entry is written back as the inline form, so both forms mean exactly the same.
enum TriggerYAMLReader {
    struct Entry {
        var text: String
        /// 1-based, relative to the YAML text.
        var line: Int
        var column: Int
    }

    enum Failure: Error {
        case entry(line: Int, column: Int, message: String, hint: String)
    }

    /// Entries of the `triggers:` key. Text that is not YAML gives none: the checks reader
    /// reports it once for the whole block.
    static func entries(_ document: AnnotationDocument) throws(Failure) -> [Entry] {
        guard let node = document.root, let mapping = node.mapping, let triggers = mapping["triggers"] else { return [] }
        guard let list = triggers.sequence else {
            let m = mark(triggers)
            throw .entry(line: m.line, column: m.column, message: "'triggers' must be a list", hint: "triggers:\n  - trigger high errors: error rate > 1% for 5m then rollback")
        }
        var entries: [Entry] = []
        for item in list {
            let m = mark(item)
            if let text = item.string {
                entries.append(Entry(text: TriggerParser.isTrigger(text) ? text : "trigger " + text, line: m.line, column: m.column))
                continue
            }
            // `- trigger slow: p99 > 1s then alert` is read by YAML as a one-key mapping.
            if let fields = item.mapping, fields.count == 1, let (key, value) = fields.first,
               let name = key.string, name.lowercased().hasPrefix("trigger "), let rest = value.string {
                let k = mark(key)
                entries.append(Entry(text: "\(name): \(rest)", line: k.line, column: k.column))
                continue
            }
            guard let fields = item.mapping else {
                throw .entry(line: m.line, column: m.column, message: "a trigger must be a string or a mapping", hint: "- name: high errors\n    signal: error rate\n    when: \"> 1%\"\n    then: rollback")
            }
            entries.append(Entry(text: try inline(fields, at: m), line: m.line, column: m.column))
        }
        return entries
    }

    private static let known: Set<String> = ["name", "signal", "query", "when", "for", "keep", "every", "nodata", "errors", "then", "action"]

    private static func inline(_ fields: AnnotationNode.Mapping, at m: (line: Int, column: Int)) throws(Failure) -> String {
        for (key, _) in fields where !known.contains(key.string?.lowercased() ?? "") {
            let k = mark(key)
            throw .entry(line: k.line, column: k.column, message: "unknown field '\(key.string ?? "?")' in a trigger", hint: "a trigger has name, signal or query, when, for, keep, every, nodata, errors and then")
        }
        func text(_ key: String) -> String? { fields[key].flatMap { $0.string } }
        guard let name = text("name"), !name.isEmpty else {
            throw .entry(line: m.line, column: m.column, message: "a trigger needs a name", hint: "name: high errors")
        }
        var parts = ["trigger \(name.replacingOccurrences(of: ":", with: " ")):"]
        if let query = text("query") {
            parts.append("\"" + query.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"")
        } else if let signal = text("signal") {
            parts.append(signal)
        } else {
            throw .entry(line: m.line, column: m.column, message: "trigger '\(name)' needs a signal or a query", hint: "signal: error rate (bound in the vars file), or query: 'sum(rate(…))'")
        }
        guard let when = text("when") else {
            throw .entry(line: m.line, column: m.column, message: "trigger '\(name)' needs a condition", hint: "when: \"> 1%\"")
        }
        parts.append(when)
        for key in ["for", "keep", "every"] {
            if let value = text(key) { parts.append("\(key) \(value)") }
        }
        if let nodata = text("nodata") { parts.append("nodata=\(nodata)") }
        if let errors = text("errors") { parts.append("errors=\(errors)") }
        guard let action = text("then") ?? text("action") else {
            throw .entry(line: m.line, column: m.column, message: "trigger '\(name)' needs an action", hint: "then: alert, rollback or page")
        }
        parts.append("then \(action)")
        return parts.joined(separator: " ")
    }

    private static func mark(_ node: AnnotationNode) -> (line: Int, column: Int) {
        (node.mark?.line ?? 1, node.mark?.column ?? 1)
    }
}
