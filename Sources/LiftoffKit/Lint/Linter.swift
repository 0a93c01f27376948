/// Findings about a runbook that a release manager should act on before a launch.
public enum Linter {
    /// All diagnostics, sorted by position. `vars` turns missing variables into errors and
    /// lets trigger candidates be checked against the signal bindings.
    /// `source` (the runbook text) lets check errors point at their exact column.
    public static func lint(_ runbook: Runbook, vars: LaunchVariables? = nil, source: String? = nil) -> [Diagnostic] {
        var out = runbook.diagnostics
        out += checkErrors(runbook, vars, source)
        out += triggerErrors(runbook, vars, source)
        out += runbook.shiftSteps(vars: vars).errors.map(\.diagnostic)
        out += placeholders(runbook, vars)
        out += unsafeCommands(runbook, vars)
        out += possiblePlaceholders(runbook)
        out += ownerless(runbook)
        out += unboundTriggers(runbook, vars)
        out += unboundCriteria(runbook, vars)
        out += TriggerSafety.findings(runbook)
        out += DependencyGraph.of(runbook).diagnostics
        out += FreezeWindows.diagnostics(runbook)
        return out.sorted { ($0.line, $0.column, $0.code) < ($1.line, $1.column, $1.code) }
    }

    /// Errors in the check language only: a variable without a value is reported once, by
    /// `placeholders`, so missing ones stand in as `1` here (a valid host, port and number),
    /// and as `http://1` (a URL: `{{GREEN_URL}}/healthz`); an error under only one of the two
    /// comes from the missing value, not from the check.
    private static func checkErrors(_ runbook: Runbook, _ vars: LaunchVariables?, _ source: String?) -> [Diagnostic] {
        func errors(standIn: String) -> [Diagnostic] {
            var values = vars ?? LaunchVariables()
            for placeholder in runbook.placeholders where values.values[placeholder.name] == nil {
                values.values[placeholder.name] = standIn
            }
            return runbook.checks(vars: values, source: source).errors.map(\.diagnostic)
        }
        let asNumbers = errors(standIn: "1")
        guard !asNumbers.isEmpty else { return [] }
        let asURLs = Set(errors(standIn: "http://1"))
        return asNumbers.filter { asURLs.contains($0) }
    }

    /// Errors in the trigger language; missing variables stand in as `1`, as for checks.
    private static func triggerErrors(_ runbook: Runbook, _ vars: LaunchVariables?, _ source: String?) -> [Diagnostic] {
        var values = vars ?? LaunchVariables()
        for placeholder in runbook.placeholders where values.values[placeholder.name] == nil {
            values.values[placeholder.name] = "1"
        }
        return runbook.triggerRules(vars: values, source: source).errors.map(\.diagnostic)
    }

    private static func placeholders(_ runbook: Runbook, _ vars: LaunchVariables?) -> [Diagnostic] {
        runbook.placeholders.compactMap { placeholder in
            guard let first = placeholder.positions.first else { return nil }
            let lines = placeholder.positions.map { String($0.line) }
            let uses = lines.count == 1 ? "line \(lines[0])" : "\(lines.count) places: lines \(lines.prefix(8).joined(separator: ", "))\(lines.count > 8 ? ", …" : "")"
            if let vars {
                guard vars.values[placeholder.name] == nil else { return nil }
                return Diagnostic(.error, "unfilled-placeholder", "{{\(placeholder.name)}} has no value in the vars file (\(uses))", hint: "add `\(placeholder.name): …` to the vars file", at: first)
            }
            return Diagnostic(.warning, "unfilled-placeholder", "{{\(placeholder.name)}} needs a value before a launch (\(uses))", hint: "pass --vars FILE with `\(placeholder.name): …`", at: first)
        }
    }

    private static func possiblePlaceholders(_ runbook: Runbook) -> [Diagnostic] {
        var seen: [String: Int] = [:]
        var order: [PossiblePlaceholder] = []
        for p in runbook.possiblePlaceholders {
            if seen[p.text] == nil { order.append(p) }
            seen[p.text, default: 0] += 1
        }
        return order.map { p in
            let count = seen[p.text] ?? 1
            let name = suggestedName(p.text)
            return Diagnostic(.warning, "possible-placeholder", "\(p.text) looks like a placeholder\(count > 1 ? " (\(count) times)" : "")", hint: "if it is one, write {{\(name)}} so Liftoff can fill it", at: p.position)
        }
    }

    static func suggestedName(_ text: String) -> String {
        var out = ""
        var underscore = false
        for s in text.unicodeScalars {
            if PlaceholderScanner.isNameScalar(s) {
                if underscore, !out.isEmpty { out += "_" }
                underscore = false
                out.unicodeScalars.append(s)
            } else {
                underscore = true
            }
        }
        return out.isEmpty ? "NAME" : out.uppercased()
    }

    private static func ownerless(_ runbook: Runbook) -> [Diagnostic] {
        var bySection: [Int: [Step]] = [:]
        for step in runbook.steps where step.owner == nil && step.parent == nil {
            bySection[step.section, default: []].append(step)
        }
        return bySection.keys.sorted().compactMap { index in
            guard let steps = bySection[index], let first = steps.first else { return nil }
            let title = runbook.sections[index].title.isEmpty ? (runbook.title ?? "the runbook") : runbook.sections[index].title
            let what = steps.count == 1 ? "step '\(first.text.prefix(60))' has" : "\(steps.count) steps in '\(title)' have"
            return Diagnostic(.info, "step-without-owner", "\(what) no owner", hint: "add `**Owner:** ROLE` under the heading, or `**ROLE**:` at the start of the item", at: first.position)
        }
    }

    /// One finding per unbound signal, at its first trigger: the fix (a binding) is per signal.
    /// Triggers that only miss a variable are reported by `placeholders`.
    private static func unboundTriggers(_ runbook: Runbook, _ vars: LaunchVariables?) -> [Diagnostic] {
        var bySignal: [String: [UnboundTrigger]] = [:]
        var order: [String] = []
        for trigger in runbook.triggerRules(vars: vars).unbound where vars?.binding(for: trigger.signal) == nil {
            if bySignal[trigger.signal] == nil { order.append(trigger.signal) }
            bySignal[trigger.signal, default: []].append(trigger)
        }
        return order.compactMap { signal in
            guard let triggers = bySignal[signal], let first = triggers.first else { return nil }
            let more = triggers.count > 1 ? " and \(triggers.count - 1) more" : ""
            return Diagnostic(.warning, "unbound-trigger", "trigger '\(first.text.prefix(80))'\(more) \(triggers.count > 1 ? "watch" : "watches") '\(signal)', which no signal binds", hint: signal.hasSuffix("alert")
                ? "bind it to Alertmanager labels in the vars file: signals: { \(signal): 'alert severity=~\"critical|page\"' } (docs/alerts.md)"
                : "bind it in the vars file: signals: { \(signal): '<PromQL>' }", at: first.position)
        }
    }

}
