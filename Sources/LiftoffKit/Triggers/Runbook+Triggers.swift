import LiftoffMarkdown

/// Every trigger of a runbook ready to evaluate, the ones that cannot be (no signal binding, a
/// variable without a value) and the definitions that cannot be read.
public struct RunbookTriggers: Sendable {
    public var rules: [TriggerRule] = []
    public var unbound: [UnboundTrigger] = []
    public var errors: [TriggerSyntaxError] = []

    public init(rules: [TriggerRule] = [], unbound: [UnboundTrigger] = [], errors: [TriggerSyntaxError] = []) {
        self.rules = rules
        self.unbound = unbound
        self.errors = errors
    }
}

/// A trigger Liftoff will not evaluate, and why: its signal is not bound in the vars file, or a
/// variable in its value or duration has no value. Never guessed.
public struct UnboundTrigger: Hashable, Sendable {
    public var name: String
    public var signal: String
    public var text: String
    public var position: SourcePosition
    /// The `{{VARIABLE}}` that has no value; nil when the signal is what is missing.
    public var missingVariable: String?

    public init(name: String, signal: String, text: String, position: SourcePosition, missingVariable: String?) {
        self.name = name
        self.signal = signal
        self.text = text
        self.position = position
        self.missingVariable = missingVariable
    }
}

extension Runbook {
    /// The triggers a launch evaluates: explicit `trigger` definitions plus the prose candidates
    /// whose signal the vars file binds. Unbound and unreadable ones are left out.
    public func triggers(vars: LaunchVariables?) -> [TriggerRule] {
        triggerRules(vars: vars).rules
    }

    /// Reads `<!-- liftoff: trigger … -->`, `triggers:` lists in `liftoff` blocks and the front
    /// matter, and binds the prose candidates to the signals of `vars`. Ids are stable: an
    /// explicit trigger's is the slug of its name, a candidate's is `section-id/signal`.
    public func triggerRules(vars: LaunchVariables?, source: String? = nil) -> RunbookTriggers {
        let lines = source.map(SourceText.newlineSeparated)
        let visible = (vars?.values ?? [:]).filter { !$0.value.hasPrefix("env:") }
        let parser = TriggerParser(values: visible)
        var result = RunbookTriggers()
        var ids = IDAllocator()

        func start(section: Int, step: String?) -> TimeOffset {
            if let step, let window = self.step(step)?.window { return window.start }
            return sections.indices.contains(section) ? sections[section].window?.start ?? .zero : .zero
        }
        func add(_ text: String, at position: SourcePosition, origin: TriggerOrigin, annotation: Annotation) {
            if AlertTriggerParser.isAlertTrigger(text) {
                addAlert(text, at: position, origin: origin, annotation: annotation)
                return
            }
            let definition: TriggerDefinition
            do {
                definition = try parser.parse(text, context: TriggerParser.Context(file: file, position: position))
            } catch {
                result.errors.append(error)
                return
            }
            let query: String
            if definition.quotedSignal {
                query = definition.signal
            } else if let bound = vars?.binding(for: definition.signal) {
                query = bound
            } else if !definition.signal.contains(" ") {
                query = definition.signal
            } else {
                result.unbound.append(UnboundTrigger(name: definition.name, signal: definition.signal.lowercased(), text: text, position: position, missingVariable: nil))
                return
            }
            result.rules.append(TriggerRule(
                id: ids.allocate(Slug.make(definition.name)), name: definition.name, signal: definition.signal, query: query, op: definition.op,
                threshold: definition.threshold, unit: definition.unit, forSeconds: definition.forSeconds, keepSeconds: definition.keepSeconds,
                everySeconds: definition.everySeconds, nodata: definition.nodata, maxErrors: definition.maxErrors, action: definition.action,
                origin: origin, text: text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "),
                position: position, section: annotation.section, step: annotation.step,
                activeFrom: start(section: annotation.section, step: annotation.step)))
        }

        /// `trigger SEV1: alert severity="critical" then rollback`: moved by incoming alerts, never queried.
        func addAlert(_ text: String, at position: SourcePosition, origin: TriggerOrigin, annotation: Annotation) {
            let definition: AlertTriggerDefinition
            do {
                definition = try AlertTriggerParser.parse(PlaceholderScanner.substitute(text, visible), context: TriggerParser.Context(file: file, position: position))
            } catch {
                result.errors.append(error)
                return
            }
            var rule = TriggerRule(
                id: ids.allocate(Slug.make(definition.name)), name: definition.name, signal: "alert", query: "", op: .equal, threshold: 1,
                action: definition.action, origin: origin,
                text: text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "),
                position: position, section: annotation.section, step: annotation.step, activeFrom: start(section: annotation.section, step: annotation.step))
            rule.alert = definition.matchers
            result.rules.append(rule)
        }

        for annotation in annotations {
            switch annotation.form {
            case .comment:
                guard TriggerParser.isTrigger(annotation.text) else { continue }
                add(annotation.text, at: Self.textStart(of: annotation, in: lines), origin: .annotation, annotation: annotation)
            case .block, .frontMatter:
                do {
                    for entry in try TriggerYAMLReader.entries(annotation.document) {
                        add(entry.text, at: absolute(entry.line, entry.column, in: annotation), origin: .yaml, annotation: annotation)
                    }
                } catch {
                    if case .entry(let line, let column, let message, let hint) = error {
                        result.errors.append(TriggerSyntaxError(file: file, position: absolute(line, column, in: annotation), column: column, message: message, hint: hint))
                    }
                }
            }
        }

        // Prose candidates: one id per section and signal; a signal with an alert and a
        // rollback level in the same section gets the action in its id.
        func base(_ c: TriggerCandidate) -> String {
            let section = sections.indices.contains(c.section) ? sections[c.section].id : "runbook"
            return "\(section)/\(Slug.make(c.signal))"
        }
        var actionsPerBase: [String: Set<TriggerAction>] = [:]
        for c in triggers { actionsPerBase[base(c), default: []].insert(c.action) }
        // A trigger written out for a signal says what the prose of its section means (a `for`
        // window, an interval), so it replaces that section's candidate for the same signal.
        let written = Set(result.rules.map { "\($0.section)|\($0.signal.lowercased())|\($0.action.rawValue)" })
        for c in triggers {
            // Relative to a baseline: reported by lint (relative-trigger), never evaluated as a number.
            if c.relative != nil { continue }
            if written.contains("\(c.section)|\(c.signal.lowercased())|\(c.action.rawValue)") { continue }
            var candidate = c
            if let name = candidate.valueVariable, let raw = visible[name], let number = Double(raw.trimmingCharactersInSpace()) {
                candidate.value = candidate.unit.map { TriggerSentenceParser.inBaseUnits(number, unit: $0) } ?? number
                candidate.valueVariable = nil
            }
            if let name = candidate.forVariable, let raw = visible[name], let number = Double(raw.trimmingCharactersInSpace()), number.isFinite, abs(number) < 1e9 {
                candidate.forSeconds = Int(number * Double(candidate.forVariableUnit ?? 60))
                candidate.forVariable = nil
            }
            let missing = candidate.valueVariable ?? candidate.forVariable
            guard let query = vars?.binding(for: candidate.signal), missing == nil, let value = candidate.value else {
                result.unbound.append(UnboundTrigger(name: candidate.signal, signal: candidate.signal, text: PlaceholderScanner.substitute(candidate.text, visible), position: candidate.position, missingVariable: missing))
                continue
            }
            var id = base(candidate)
            if (actionsPerBase[id]?.count ?? 0) > 1 { id += "-\(candidate.action.rawValue)" }
            result.rules.append(TriggerRule(
                id: ids.allocate(id), name: candidate.signal, signal: candidate.signal, query: query, op: candidate.op, threshold: value,
                unit: candidate.unit == "min" ? "m" : candidate.unit, forSeconds: max(0, candidate.forSeconds ?? 0), action: candidate.action,
                origin: .prose, text: PlaceholderScanner.substitute(candidate.text, visible), position: candidate.position, section: candidate.section,
                activeFrom: start(section: candidate.section, step: nil), activeForSeconds: candidate.activeForSeconds))
        }
        // Alert sentences ("Any SEV1 or SEV2 alert fires"): bound by `signals: { NAME: 'alert …' }`.
        let writtenAlerts = Set(result.rules.filter { $0.alert != nil }.map { "\($0.section)|\($0.action.rawValue)" })
        for c in alertCandidates where !writtenAlerts.contains("\(c.section)|\(c.action.rawValue)") {
            guard let binding = vars?.binding(for: c.name), AlertTriggerParser.isAlertTrigger("\(c.name): \(binding)") else {
                result.unbound.append(UnboundTrigger(name: c.name, signal: c.name, text: c.text, position: c.position, missingVariable: nil))
                continue
            }
            let definition: AlertTriggerDefinition
            do {
                definition = try AlertTriggerParser.parse(PlaceholderScanner.substitute("\(c.name): \(binding) then \(c.action.rawValue)", visible),
                                                          context: TriggerParser.Context(file: file, position: c.position))
            } catch {
                result.errors.append(TriggerSyntaxError(file: file, position: c.position, column: 1, message: "the binding of '\(c.name)': \(error.message)", hint: error.hint))
                continue
            }
            let section = sections.indices.contains(c.section) ? sections[c.section].id : "runbook"
            var rule = TriggerRule(
                id: ids.allocate("\(section)/\(Slug.make(c.name))"), name: c.name, signal: "alert", query: "", op: .equal, threshold: 1, action: c.action,
                origin: .prose, text: PlaceholderScanner.substitute(c.text, visible), position: c.position, section: c.section,
                activeFrom: start(section: c.section, step: nil), activeForSeconds: c.activeForSeconds)
            rule.alert = definition.matchers
            result.rules.append(rule)
        }
        return result
    }
}
