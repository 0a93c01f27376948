import LiftoffMarkdown

/// The explicit order a runbook writes down: `after:` on a step, naming the steps (or gates)
/// it waits for by id or by the words a person would type.
///
/// ```markdown
/// - [ ] Flip DNS <!-- liftoff: after="smoke tests pass", "Go/No-Go" -->
/// - [ ] Warm caches <!-- liftoff: after: Deploy green, Run migrations -->
/// ```
/// and in a `liftoff` block under the step: `after: [Deploy green, Run migrations]`.
/// See docs/runbook-format.md, "Dependencies".
enum DependencyReader {
    struct Wanted: Hashable {
        var step: String
        var name: String
        var position: SourcePosition
    }

    struct Edge: Hashable {
        var on: ClockNode
        var position: SourcePosition
    }

    struct Resolved {
        var edges: [String: [Edge]] = [:]
        var diagnostics: [Diagnostic] = []
    }

    static func read(_ runbook: Runbook) -> Resolved {
        var out = Resolved()
        for wanted in wanted(runbook, diagnostics: &out.diagnostics) {
            switch resolve(wanted, in: runbook) {
            case .node(let node):
                if !(out.edges[wanted.step]?.contains { $0.on == node } ?? false) {
                    out.edges[wanted.step, default: []].append(Edge(on: node, position: wanted.position))
                }
            case .problem(let diagnostic):
                out.diagnostics.append(diagnostic)
            }
        }
        return out
    }

    /// Every name written after `after`, with the step it belongs to.
    static func wanted(_ runbook: Runbook, diagnostics: inout [Diagnostic]) -> [Wanted] {
        var out: [Wanted] = []
        for annotation in runbook.annotations {
            let names: [(String, SourcePosition)]
            switch annotation.form {
            case .comment: names = commentNames(annotation.text).map { ($0, annotation.position) }
            case .block: names = blockNames(annotation)
            case .frontMatter: names = []
            }
            guard !names.isEmpty else { continue }
            guard let step = annotation.step else {
                diagnostics.append(Diagnostic(.warning, "annotation-without-step", "after: belongs to a step, and this annotation is on none",
                                              hint: "put it on the step's own line (- [ ] Flip DNS <!-- liftoff: after=\"Deploy green\" -->) or add `step:` to the block", at: annotation.position))
                continue
            }
            out += names.map { Wanted(step: step, name: $0.0, position: $0.1) }
        }
        return out
    }

    /// `after="a", b` among other `key=value` pairs, or a comment that is `after: a, b`.
    static func commentNames(_ text: String) -> [String] {
        let trimmed = text.trimmingCharactersInSpace()
        if trimmed.lowercased().hasPrefix("after:") {
            return split(String(trimmed.dropFirst("after:".count)))
        }
        guard trimmed.utf8Contains("after=") else { return [] }
        // `after="a", "b"`: the pairs reader stops at the comma, so read the list from the key on.
        guard let range = trimmed.range(of: "after=") else { return [] }
        var rest = Substring(trimmed[range.upperBound...])
        var names: [String] = []
        while true {
            rest = rest.drop { $0 == " " }
            guard let first = rest.first else { break }
            let name: Substring
            if first == "\"" || first == "'" {
                let body = rest.dropFirst()
                name = body.prefix { $0 != first }
                rest = body.dropFirst(name.count + 1)
            } else {
                name = rest.prefix { $0 != "," && $0 != " " }
                rest = rest.dropFirst(name.count)
            }
            names += split(String(name))
            rest = rest.drop { $0 == " " }
            guard rest.first == "," else { break }
            rest = rest.dropFirst()
        }
        return names
    }

    static func blockNames(_ annotation: Annotation) -> [(String, SourcePosition)] {
        guard annotation.text.utf8Contains("after:"), let node = annotation.document.root,
              let value = node.mapping?["after"] else { return [] }
        let position = SourcePosition(line: annotation.position.line + (value.mark?.line ?? 1) - 1,
                                      column: annotation.position.column + (value.mark?.column ?? 1) - 1)
        if let list = value.sequence {
            return list.compactMap(\.string).flatMap(split).map { ($0, position) }
        }
        return split(value.string ?? "").map { ($0, position) }
    }

    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharactersInSpaceSub().trimmingCharacters(in: ["\"", "'"]) }.filter { !$0.isEmpty }
    }

    /// A step by id or words (itself left out), else a gate by id or title.
    enum Resolution {
        case node(ClockNode)
        case problem(Diagnostic)
    }

    static func resolve(_ wanted: Wanted, in runbook: Runbook) -> Resolution {
        let steps = runbook.steps.filter { $0.id != wanted.step }.map { NameMatcher.Candidate(id: $0.id, text: $0.text) }
        switch NameMatcher.match(wanted.name, in: steps) {
        case .found(let id): return .node(.step(id))
        case .ambiguous(let hits):
            let some = hits.prefix(3).map { "'\($0.text)' (\($0.id))" }.joined(separator: ", ")
            return .problem(Diagnostic(.error, "ambiguous-dependency", "after: '\(wanted.name)' could be any of \(hits.count) steps: \(some)\(hits.count > 3 ? ", …" : "")",
                                       hint: "name the step by its id, or by more of its words", at: wanted.position))
        case .none: break
        }
        let gates = runbook.gates.map { NameMatcher.Candidate(id: $0.id, text: $0.title) }
        if case .found(let id) = NameMatcher.match(wanted.name, in: gates) { return .node(.gate(id)) }
        return .problem(Diagnostic(.error, "unknown-dependency", "after: '\(wanted.name)' names no step or gate of this runbook",
                                   hint: "use a step's id or words of its text (`liftoff lint --format json` lists the ids)", at: wanted.position))
    }
}
