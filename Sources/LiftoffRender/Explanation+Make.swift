import LiftoffKit
import LiftoffMarkdown

extension Explanation {
    /// Everything the reader took from `source`, put on the line it came from. `diagnostics`
    /// are the lint findings (`Linter.lint`); with `vars`, owners and roles are shown filled
    /// and triggers as bound or not to the vars file's signals.
    public static func make(_ runbook: Runbook, source: String, diagnostics: [Diagnostic], vars: LaunchVariables? = nil) -> Explanation {
        var notes = ExplanationNotes(runbook: vars.map { runbook.substituting($0) } ?? runbook, original: runbook, vars: vars)
        notes.title(source)
        notes.sections()
        notes.gates()
        notes.steps()
        notes.commands()
        notes.triggers()
        notes.readAs()
        notes.placeholders()
        notes.annotationsAndHelp()
        for d in diagnostics {
            // A fix already given beside the line is not repeated under its finding.
            let given = Set((notes.byLine[d.line] ?? []).compactMap(\.hint))
            let hint = d.hint.flatMap { given.contains($0) ? nil : $0 }
            notes.add(d.line, Note(.diagnostic, "\(d.severity.rawValue): \(d.message) [\(d.code)]", severity: d.severity, hint: hint))
        }
        let sourceLines = SourceText.lines(of: source)
        let order = Dictionary(uniqueKeysWithValues: Note.Kind.allCases.enumerated().map { ($0.element, $0.offset) })
        var lines: [Line] = []
        lines.reserveCapacity(sourceLines.count)
        for (index, text) in sourceLines.enumerated() {
            let number = index + 1
            // Stable: notes of one kind keep the order they were found in.
            let sorted = (notes.byLine[number] ?? []).enumerated().sorted {
                (order[$0.element.kind] ?? 0, $0.offset) < (order[$1.element.kind] ?? 0, $1.offset)
            }.map(\.element)
            lines.append(Line(number: number, text: String(text), notes: sorted))
        }
        return Explanation(file: runbook.file, title: runbook.title, lines: lines, summary: TextReport.summary(runbook, diagnostics: diagnostics))
    }
}

/// Collects the notes line by line; one method per kind of thing the reader finds.
struct ExplanationNotes {
    let runbook: Runbook
    /// Before variables were filled: trigger binding reads the candidates as written.
    let original: Runbook
    let vars: LaunchVariables?
    var byLine: [Int: [Explanation.Note]] = [:]
    /// Lines where a trigger was read, so an unread criterion can be told apart.
    private var triggerLines = Set<Int>()

    init(runbook: Runbook, original: Runbook, vars: LaunchVariables?) {
        self.runbook = runbook
        self.original = original
        self.vars = vars
    }

    mutating func add(_ line: Int, _ note: Explanation.Note) {
        byLine[line, default: []].append(note)
    }

    private var hasPhases: Bool { runbook.sections.contains { $0.anchor != nil || $0.window != nil } }

    static func window(_ w: TimeWindow) -> String {
        w.start == w.end ? w.start.description : "\(w.start) … \(w.end)"
    }

    static func quoted(_ text: String, limit: Int = 48) -> String {
        "'" + (text.count > limit ? String(text.prefix(limit - 1)) + "…" : text) + "'"
    }

    // MARK: Structure

    /// The first level-1 heading is the runbook's title, not a section.
    mutating func title(_ source: String) {
        guard let title = runbook.title else { return }
        // The runbook's own section (index 0) sits at 1:1 whatever is written there.
        let sectionLines = Set(runbook.sections.dropFirst().map(\.position.line))
        for block in MarkdownParser.parse(source).children {
            if case .heading(let level, _) = block.kind, level == 1, !sectionLines.contains(block.position.line) {
                add(block.position.line, .init(.title, "title \(Self.quoted(title, limit: 60))"))
                return
            }
        }
    }

    mutating func sections() {
        for (index, section) in runbook.sections.enumerated() where index > 0 {
            var parts: [String] = []
            if let anchor = section.anchor {
                parts.append("phase \(Self.window(TimeWindow(anchor)))")
            } else if let window = section.window {
                parts.append("section · in \(Self.window(window))")
            } else {
                parts.append("section")
            }
            let parentOwner = section.parent.flatMap { runbook.sections.indices.contains($0) ? runbook.sections[$0].owner : nil }
            if let owner = section.owner, owner != parentOwner { parts.append("owner \(owner)") }
            parts += Self.roleWords(section.roles)
            add(section.position.line, .init(section.anchor != nil ? .phase : .section, parts.joined(separator: " · ")))
        }
    }

    static func roleWords(_ roles: SectionRoles) -> [String] {
        var words: [String] = []
        if roles.contains(.rollback) { words.append("rollback procedure") }
        if roles.contains(.gate) { words.append("go/no-go") }
        if roles.contains(.triggers) { words.append("trigger criteria") }
        if roles.contains(.contacts) { words.append("contacts/references: lists here are not steps") }
        if roles.contains(.metrics) { words.append("metrics: lists here are not steps") }
        if roles.contains(.procedure), !roles.contains(.rollback) { words.append("procedure: bullets here are steps") }
        if roles.contains(.healthy) { words.append("success criteria: statements of health, never triggers") }
        if roles.contains(.content) { words.append("content: lists here are not steps") }
        return words
    }

    mutating func gates() {
        for gate in runbook.gates {
            var text = "gate \(Self.quoted(gate.title))"
            text += gate.roles.isEmpty ? " · no approvers" : " · roles \(gate.roles.joined(separator: ", "))"
            if let window = gate.window { text += " · at \(Self.window(window))" }
            add(gate.position.line, .init(.gate, text, hint: gate.roles.isEmpty ? "add a list under it: Required approvals from: / - Release Manager" : nil))
        }
    }

    // MARK: Steps

    mutating func steps() {
        let timed = hasPhases
        for step in runbook.steps {
            var parts = [step.parent == nil ? "step" : "sub-step"]
            switch step.kind {
            case .task, .numbered, .item: break
            case .tableRow: parts[0] += " (table row)"
            case .heading: parts[0] += " (heading)"
            case .outline: parts[0] += " (outline)"
            }
            parts.append(step.owner.map { "owner \($0)" } ?? "no owner")
            if let window = step.window {
                parts.append("due \(Self.window(window))")
            } else if timed {
                parts.append("no due time")
            }
            if step.done { parts.append("done") }
            if step.rollback { parts.append("rollback") }
            add(step.position.line, .init(.step, parts.joined(separator: " · "), hint: Self.stepHint(step, timed: timed)))
        }
    }

    /// The annotation that gives a step what it lacks. An outline item cannot hold a comment;
    /// it is named by a `liftoff` block's `step:` key instead.
    /// Sub-steps inherit from their step, so the fix goes on the step; a rollback procedure
    /// runs when it is needed, so its steps are not asked for a time.
    static func stepHint(_ step: Step, timed: Bool) -> String? {
        guard step.parent == nil else { return nil }
        var pairs: [String] = []
        if step.owner == nil { pairs.append("owner=\"…\"") }
        if step.window == nil, timed, !step.rollback { pairs.append("at=T-…") }
        guard !pairs.isEmpty else { return nil }
        if step.kind == .outline {
            let keys = pairs.map { $0.hasPrefix("owner") ? "owner: …" : "at: T-…" }.joined(separator: ", ")
            return "a liftoff block with step: \(step.id) and \(keys)"
        }
        return "<!-- liftoff: \(pairs.joined(separator: " ")) -->"
    }

    mutating func commands() {
        for command in runbook.commands {
            let owner: String
            if let id = command.step, let step = runbook.step(id) {
                owner = "step \(Self.quoted(step.text, limit: 40))"
            } else if runbook.sections.indices.contains(command.section), command.section > 0 {
                owner = "section \(Self.quoted(runbook.sections[command.section].title, limit: 40))"
            } else {
                owner = "the runbook"
            }
            add(command.position.line, .init(.command, "command (\(command.language)) for \(owner)"))
        }
    }

    // MARK: Triggers

    static func condition(_ c: TriggerCandidate) -> String {
        var s = "\(c.signal) \(c.op.rawValue) "
        if let value = c.value {
            s += TriggerRule.display(value, unit: c.unit)
        } else if let name = c.valueVariable {
            s += "{{\(name)}}"
        }
        if let seconds = c.forSeconds, seconds > 0 {
            s += " for \(TriggerRule.durationText(seconds))"
        } else if let name = c.forVariable {
            s += " for {{\(name)}}"
        }
        if let within = c.activeForSeconds { s += " (within \(TriggerRule.durationText(within)))" }
        return s
    }

    mutating func triggers() {
        let result = original.triggerRules(vars: vars)
        var seen = Set<SourcePosition>()
        for rule in result.rules {
            var text = "trigger \(rule.action.rawValue): \(rule.conditionText)"
            if let within = rule.activeForSeconds { text += " (within \(TriggerRule.durationText(within)))" }
            text += rule.origin == .prose ? " · bound to the vars file's signal" : " · written out"
            add(rule.position.line, .init(.trigger, text))
            triggerLines.insert(rule.position.line)
            seen.insert(rule.position)
        }
        for unbound in result.unbound {
            let candidate = runbook.triggers.first { $0.position == unbound.position && $0.signal == unbound.signal }
            let condition = candidate.map(Self.condition) ?? unbound.text
            let action = candidate.map { "trigger \($0.action.rawValue)" } ?? "trigger"
            let why: String
            let hint: String
            if let missing = unbound.missingVariable {
                why = "waits for {{\(missing)}}"
                hint = "add `\(missing): …` to the vars file"
            } else {
                why = "unbound"
                hint = "bind it in the vars file: signals: { \(unbound.signal): '<PromQL>' }"
            }
            add(unbound.position.line, .init(.trigger, "\(action): \(condition) · \(why)", hint: hint))
            triggerLines.insert(unbound.position.line)
            seen.insert(unbound.position)
        }
        // Relative to a baseline: reported, never evaluated as a number.
        for candidate in runbook.triggers where candidate.relative != nil {
            add(candidate.position.line, .init(.trigger, "trigger candidate \(candidate.signal) \(candidate.op.rawValue) \(candidate.relative ?? "") · relative to a baseline, not evaluated",
                                               hint: "<!-- liftoff: trigger \(candidate.signal): \"<query> / <baseline query>\" \(candidate.op.rawValue) 3 for 5m then \(candidate.action.rawValue) -->"))
            triggerLines.insert(candidate.position.line)
            seen.insert(candidate.position)
        }
        // Statements of the healthy side: kept, never triggers.
        for statement in runbook.healthy {
            let value = statement.value.map { TriggerRule.display($0, unit: statement.unit) } ?? "?"
            let what = statement.kind == .baseline ? "baseline" : "healthy side"
            add(statement.position.line, .init(.read, "\(what): \(statement.signal) \(statement.op.rawValue) \(value) · never a trigger as written"))
        }
        // A prose candidate that a trigger written out in its section replaces.
        for candidate in runbook.triggers where !seen.contains(candidate.position) {
            add(candidate.position.line, .init(.trigger, "trigger candidate \(Self.condition(candidate)) · replaced by the trigger written out in its section"))
            triggerLines.insert(candidate.position.line)
        }
    }

    // MARK: Not steps

    mutating func readAs() {
        for item in runbook.readAs {
            let line = item.position.line
            switch item.what {
            case .criterion where !triggerLines.contains(line):
                add(line, .init(.read, "criterion Liftoff could not read as a condition", hint: "<!-- liftoff: trigger NAME: SIGNAL > VALUE for 5m then rollback -->"))
            case .criterion:
                break
            case .ownerLine:
                let section = runbook.sections.indices.contains(item.section) ? runbook.sections[item.section] : nil
                var text = "owner line"
                if let owner = section?.owner { text += " · owner \(owner)" }
                if let window = section?.window, section?.anchor == nil { text += " · due \(Self.window(window))" }
                if let title = section?.title, item.section > 0 { text += " for section \(Self.quoted(title, limit: 40))" }
                add(line, .init(.read, text))
            case .content:
                add(line, .init(.ignored, "ignored: content — a plain bullet outside a procedure, checklist or timed phase", hint: "make it a task item (- [ ] …) if it is work to track"))
            default:
                add(line, .init(item.what.isIgnored ? .ignored : .read, item.what.isIgnored ? "ignored: \(item.what.rawValue)" : item.what.rawValue))
            }
        }
    }

    mutating func placeholders() {
        var perLine: [Int: [String]] = [:]
        for placeholder in runbook.placeholders {
            let state = vars.map { $0.values[placeholder.name] == nil ? " (no value)" : " (filled)" } ?? ""
            for position in placeholder.positions where perLine[position.line]?.contains(where: { $0.hasPrefix("{{\(placeholder.name)}}") }) != true {
                perLine[position.line, default: []].append("{{\(placeholder.name)}}\(state)")
            }
        }
        for (line, names) in perLine {
            add(line, .init(.placeholder, (names.count == 1 ? "placeholder " : "placeholders ") + names.joined(separator: ", ")))
        }
    }

    mutating func annotationsAndHelp() {
        for annotation in runbook.annotations {
            let target = annotation.step.flatMap { runbook.step($0) }.map { "step \(Self.quoted($0.text, limit: 40))" } ?? "its section"
            let form: String
            switch annotation.form {
            case .comment: form = "annotation"
            case .block: form = "liftoff block"
            case .frontMatter: form = "front-matter liftoff key"
            }
            add(annotation.position.line, .init(.annotation, "\(form) for \(target)"))
        }
        for help in runbook.guidance {
            let section = runbook.sections.indices.contains(help.section) && help.section > 0 ? Self.quoted(runbook.sections[help.section].title, limit: 40) : "the runbook"
            add(help.position.line, .init(.help, "help text for \(section)"))
        }
    }
}
