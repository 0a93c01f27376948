import LiftoffMarkdown

/// The top-level keys a `liftoff` block, or the front matter's `liftoff:` key, may hold, and the
/// reader of each — in one list, so a key no reader knows (`trigers:`, a rollback trigger that
/// would silently never exist) is an error pointing at it instead of being ignored. See
/// docs/runbook-format.md, "Help and annotations".
enum AnnotationSchema {
    /// Key → what it is, for the hint.
    static let keys: [String: String] = [
        "checks": "automated checks (docs/checks.md)",
        "triggers": "rollback and alert triggers",
        "shift": "a progressive traffic shift on the step",
        "rollback": "the rollback procedure, its policy and authority",
        "run": "commands the step runs",
        "idempotent": "whether the step's commands may run again after a crash",
        "step": "the step this block belongs to",
        "owner": "the step's owner",
        "at": "when the step is due",
        "after": "what the step waits for",
    ]

    /// The fields of a `rollback:` mapping (a shift's fields are checked by its own reader).
    static let rollbackFields: [String: String] = [
        "steps": "the commands to run", "policy": "auto or manual", "authority": "who confirms",
        "quorum": "how many must confirm", "within": "how long they have", "idempotent": "whether the commands may run again",
    ]

    /// Reports keys outside the schema in every block and in the front matter's `liftoff:` key.
    static func check(_ runbook: inout Runbook) {
        for annotation in runbook.annotations where annotation.form != .comment {
            // Text that is not YAML, or not a mapping, is reported by the readers themselves.
            guard let mapping = annotation.document.root?.mapping else { continue }
            for (key, value) in mapping {
                if key.string == "rollback", let fields = value.mapping { checkRollback(fields, in: annotation, &runbook) }
                guard let name = key.string, keys[name] == nil else { continue }
                let position = SourcePosition(line: annotation.position.line + (key.mark?.line ?? 1) - 1,
                                              column: annotation.position.column + (key.mark?.column ?? 1) - 1)
                let known = keys.keys.sorted().joined(separator: ", ")
                let hint = closest(to: name).map { "did you mean '\($0):' (\(keys[$0] ?? ""))? A liftoff block holds \(known)" }
                    ?? "a liftoff block holds \(known)"
                runbook.diagnostics.append(Diagnostic(.error, "unknown-annotation-key", "'\(name)' is not a key Liftoff reads, so this part of the block does nothing",
                                                      hint: hint, at: position))
            }
        }
    }

    /// A rollback's fields and the values Liftoff would otherwise drop without a word.
    static func checkRollback(_ fields: AnnotationNode.Mapping, in annotation: Annotation, _ runbook: inout Runbook) {
        func at(_ node: AnnotationNode) -> SourcePosition {
            SourcePosition(line: annotation.position.line + (node.mark?.line ?? 1) - 1, column: annotation.position.column + (node.mark?.column ?? 1) - 1)
        }
        for (key, value) in fields {
            let name = key.string ?? "?"
            guard rollbackFields[name] != nil else {
                let guess = closest(to: name, in: Array(rollbackFields.keys)).map { "did you mean '\($0):'? " } ?? ""
                runbook.diagnostics.append(Diagnostic(.error, "unknown-annotation-key", "'\(name)' is not a field of a rollback, so it does nothing",
                                                      hint: guess + "a rollback has \(rollbackFields.keys.sorted().joined(separator: ", "))", at: at(key)))
                continue
            }
            let text = value.string?.trimmingCharactersInSpace() ?? ""
            let problem: (String, String)? = switch name {
            case "policy" where RollbackPolicy(rawValue: text.lowercased()) == nil:
                ("policy: \(text) is neither auto nor manual", "policy: manual (a person confirms) or policy: auto (the watcher rolls back)")
            case "quorum" where (Int(text) ?? 0) < 1:
                ("quorum: \(text) is not a number of people", "quorum: 2")
            case "within" where DurationParser.parse(text) == nil:
                ("within: \(text) is not a duration", "within: 15m")
            default: nil
            }
            if let (message, hint) = problem {
                runbook.diagnostics.append(Diagnostic(.error, "invalid-annotation", message, hint: hint, at: at(value)))
            }
        }
    }

    /// The known key within two edits of `name`, if exactly one is that close.
    static func closest(to name: String, in candidates: [String] = Array(keys.keys)) -> String? {
        let lower = name.lowercased()
        let near = candidates.filter { distance(lower, $0) <= min(2, max(1, $0.count / 3)) }
        return near.count == 1 ? near.first : nil
    }

    /// Levenshtein distance (the keys are short).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
