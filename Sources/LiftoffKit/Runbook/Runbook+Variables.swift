/// Filling a runbook's `{{VARIABLES}}` for display (plan, render, war room).
extension Runbook {
    /// A copy with variables substituted in titles, step texts, owners and gate roles, and
    /// trigger thresholds that were variables read as numbers. Commands keep their
    /// placeholders: their values reach them through the environment where they run
    /// (`ShellTemplate`).
    /// Secret references (`env:NAME`) are never substituted into display text.
    public func substituting(_ vars: LaunchVariables) -> Runbook {
        let visible = vars.values.filter { !$0.value.hasPrefix("env:") }
        func fill(_ s: String) -> String { PlaceholderScanner.substitute(s, visible) }
        var copy = self
        copy.title = title.map(fill)
        for i in copy.sections.indices {
            copy.sections[i].title = fill(copy.sections[i].title)
            copy.sections[i].owner = copy.sections[i].owner.map(fill)
        }
        for i in copy.steps.indices {
            copy.steps[i].text = fill(copy.steps[i].text)
            copy.steps[i].owner = copy.steps[i].owner.map(fill)
        }
        for i in copy.gates.indices {
            copy.gates[i].roles = copy.gates[i].roles.map(fill)
        }
        for i in copy.triggers.indices {
            var t = copy.triggers[i]
            t.text = fill(t.text)
            if let name = t.valueVariable, let raw = visible[name], let number = Double(raw.trimmingCharactersInSpace()) {
                t.value = t.unit.map { TriggerSentenceParser.inBaseUnits(number, unit: $0) } ?? number
                t.valueVariable = nil
            }
            if let name = t.forVariable, let raw = visible[name], let number = Double(raw.trimmingCharactersInSpace()) {
                t.forSeconds = Int(number * Double(t.forVariableUnit ?? 60))
                t.forVariable = nil
            }
            copy.triggers[i] = t
        }
        for i in copy.successCriteria.indices {
            var c = copy.successCriteria[i]
            c.text = fill(c.text)
            c.group = c.group.map(fill)
            c.owner = c.owner.map(fill)
            if case .metric(let signal, let op, nil, let name?, let unit) = c.measure, let raw = visible[name], let number = Double(raw.trimmingCharactersInSpace()) {
                let value = unit.map { TriggerSentenceParser.inBaseUnits(number, unit: $0) } ?? number
                c.measure = .metric(signal: signal, op: op, value: value, valueVariable: nil, unit: unit)
            }
            copy.successCriteria[i] = c
        }
        return copy
    }
}
