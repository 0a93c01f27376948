import LiftoffMarkdown

/// A `liftoff` block that cannot sit under its step — the step is a row of a timed table or an
/// item of a plain-text outline — names it with a top-level `step:` key (the step's id, or its
/// text); everything in the block (checks, triggers, a shift, `run:`) then belongs to that step,
/// as if written under it:
///
/// ```liftoff
/// step: Trigger production deployment pipeline
/// shift:
///   stages: [10, 50, 100]
///   command: ./scripts/set-weight.sh {{weight}}
/// ```
enum AnnotationStepBinding {
    static func bind(_ runbook: inout Runbook) {
        for index in runbook.annotations.indices where runbook.annotations[index].form == .block {
            let annotation = runbook.annotations[index]
            guard let node = annotation.document.root, let key = node.mapping?["step"] else { continue }
            let position = SourcePosition(line: annotation.position.line + (key.mark?.line ?? 1) - 1, column: annotation.position.column + (key.mark?.column ?? 1) - 1)
            guard let wanted = key.string?.trimmingCharacters(in: .whitespaces), !wanted.isEmpty else {
                runbook.diagnostics.append(Diagnostic(.error, "unknown-step", "'step:' must name a step", hint: "step: the step's text, or its id as `liftoff lint --format json` lists it", at: position))
                continue
            }
            guard let step = find(wanted, in: runbook.steps) else {
                runbook.diagnostics.append(Diagnostic(.error, "unknown-step", "no single step is called '\(wanted)'", hint: "name the step by its text as written, or by its id (`liftoff lint --format json` lists them)", at: position))
                continue
            }
            runbook.annotations[index].step = step.id
            if let i = runbook.steps.firstIndex(where: { $0.id == step.id }), !runbook.steps[i].annotations.contains(index) {
                runbook.steps[i].annotations.append(index)
            }
        }
    }

    /// By id, else by its whole text (case-insensitive); nil unless exactly one step matches.
    static func find(_ wanted: String, in steps: [Step]) -> Step? {
        if let byID = steps.first(where: { $0.id == wanted }) { return byID }
        let lower = wanted.lowercased()
        let byText = steps.filter { $0.text.trimmingCharacters(in: .whitespaces).lowercased() == lower }
        return byText.count == 1 ? byText.first : nil
    }
}
