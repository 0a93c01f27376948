import Foundation
import LiftoffMarkdown

/// Every check a runbook defines, attached to its step and section, with the errors of the
/// ones that cannot be read.
public struct RunbookChecks: Sendable {
    public var checks: [Check]
    public var errors: [CheckSyntaxError]

    public init(checks: [Check] = [], errors: [CheckSyntaxError] = []) {
        self.checks = checks
        self.errors = errors
    }
}

extension Runbook {
    /// Reads `<!-- liftoff: check … -->` annotations, `checks:` lists in `liftoff` blocks and the
    /// front matter, and `# Expected: X` after shell commands (a `command` check with
    /// `stdout ~ X`). With `vars`, variables are filled and missing ones are errors.
    /// With `source` (the runbook text), errors in comments point at the exact column.
    public func checks(vars: LaunchVariables?, source: String? = nil) -> RunbookChecks {
        let lines = source.map(SourceText.newlineSeparated)
        let parser = CheckParser(vars: vars)
        var result = RunbookChecks()
        var counts: [String: Int] = [:]
        func nextID(section: Int, step: String?) -> String {
            let owner = step ?? (sections.indices.contains(section) ? sections[section].id : "runbook")
            counts[owner, default: 0] += 1
            return "\(owner)#\(counts[owner] ?? 1)"
        }
        func add(_ text: String, _ context: CheckParser.Context) {
            do {
                result.checks.append(try parser.parse(text, context: context))
            } catch {
                result.errors.append(error)
            }
        }
        for annotation in annotations {
            switch annotation.form {
            case .comment:
                guard CheckParser.isCheck(annotation.text) else { continue }
                let start = Self.textStart(of: annotation, in: lines)
                add(annotation.text, CheckParser.Context(file: file, position: start, section: annotation.section, step: annotation.step, origin: .annotation, id: nextID(section: annotation.section, step: annotation.step)))
            case .block, .frontMatter:
                do {
                    for entry in try CheckYAMLReader.entries(annotation.document) {
                        let position = absolute(entry.line, entry.column, in: annotation)
                        add(entry.text, CheckParser.Context(file: file, position: position, section: annotation.section, step: annotation.step, origin: .yaml, id: nextID(section: annotation.section, step: annotation.step)))
                    }
                } catch {
                    switch error {
                    case .yaml(let line, let column, let message):
                        result.errors.append(CheckSyntaxError(file: file, position: absolute(line, column, in: annotation), column: column, message: message, hint: "a liftoff block holds YAML, e.g. checks:\n  - check tls {{DOMAIN}}:443 expect expiry > 90d"))
                    case .entry(let line, let column, let message, let hint):
                        result.errors.append(CheckSyntaxError(file: file, position: absolute(line, column, in: annotation), column: column, message: message, hint: hint))
                    }
                }
            }
        }
        for command in commands {
            guard let expected = command.expected else { continue }
            var literal = expected
            // `# Expected: "available"` means the word, not the quotes; `"a":"b"` keeps them.
            if literal.count >= 2, let q = literal.first, q == "\"" || q == "'", literal.last == q, !literal.dropFirst().dropLast().contains(q) {
                literal = String(literal.dropFirst().dropLast())
            }
            let pattern = NSRegularExpression.escapedPattern(for: literal)
            let escaped = pattern.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            // The expectation is not part of what runs.
            let runnable = command.code.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.trimmingCharacters(in: .whitespaces).drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("expected:") }
                .joined(separator: "\n")
            let code = runnable.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            add("check command \"\(code)\" expect stdout ~ \"\(escaped)\"", CheckParser.Context(file: file, position: command.position, section: command.section, step: command.step, origin: .expectedOutput, id: nextID(section: command.section, step: command.step)))
        }
        return result
    }

    /// Where the text of `<!-- liftoff: TEXT -->` starts: found in the source line when it is
    /// known, else assumed to follow `<!-- liftoff: ` as usually written.
    static func textStart(of annotation: Annotation, in lines: [Substring]?) -> SourcePosition {
        let p = annotation.position
        guard let lines, lines.indices.contains(p.line - 1) else {
            return SourcePosition(line: p.line, column: p.column + "<!-- liftoff: ".count)
        }
        let line = Array(lines[p.line - 1])
        let marker = Array("liftoff:")
        var i = max(0, p.column - 1)
        while i + marker.count <= line.count {
            if String(line[i..<(i + marker.count)]).lowercased() == "liftoff:" {
                var j = i + marker.count
                while j < line.count, line[j] == " " || line[j] == "\t" { j += 1 }
                return SourcePosition(line: p.line, column: j + 1)
            }
            i += 1
        }
        return SourcePosition(line: p.line, column: p.column + "<!-- liftoff: ".count)
    }

    /// A position inside an annotation's YAML as a position in the file.
    func absolute(_ line: Int, _ column: Int, in annotation: Annotation) -> SourcePosition {
        annotation.form == .frontMatter
            ? annotation.position
            : SourcePosition(line: annotation.position.line + line - 1, column: annotation.position.column + column - 1)
    }
}

extension RunbookChecks {
    /// The checks of one section (with the sections under it) or one step, by id or title.
    public func only(_ selector: String, in runbook: Runbook) -> RunbookChecks {
        let exact = only(exactly: selector, in: runbook)
        guard exact.checks.isEmpty else { return exact }
        // Then what a person would type: a prefix or words of a section title or step text.
        let sections = Set(checks.map(\.section)).sorted().map { NameMatcher.Candidate(id: runbook.sections[$0].id, text: runbook.sections[$0].title) }
        let steps = checks.compactMap(\.step).compactMap { id in runbook.step(id).map { NameMatcher.Candidate(id: id, text: $0.text) } }
        switch NameMatcher.match(selector, in: sections + steps) {
        case .found(let id):
            return only(exactly: id, in: runbook)
        case .ambiguous(let hits):
            // Step ids carry their section's slug, so naming a section also matches its steps.
            let sectionHits = hits.filter { hit in sections.contains(hit) }
            if sectionHits.count == 1, let section = sectionHits.first { return only(exactly: section.id, in: runbook) }
            return exact
        case .none:
            return exact
        }
    }

    private func only(exactly selector: String, in runbook: Runbook) -> RunbookChecks {
        let wanted = selector.lowercased()
        let matching = Set(runbook.sections.indices.filter {
            runbook.sections[$0].id.lowercased() == wanted || runbook.sections[$0].title.lowercased() == wanted
        })
        func inside(_ index: Int) -> Bool {
            var current: Int? = index
            while let i = current, runbook.sections.indices.contains(i) {
                if matching.contains(i) { return true }
                current = runbook.sections[i].parent
            }
            return false
        }
        var copy = self
        copy.checks = checks.filter { check in
            check.step?.lowercased() == wanted || check.id.lowercased() == wanted || inside(check.section)
        }
        return copy
    }
}
