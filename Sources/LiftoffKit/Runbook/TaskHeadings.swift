/// A subsection of a procedure or a timed phase that holds no items of its own is one task of
/// it: "### Update each CHANGELOG." with its prose, "### Is the CI green? If not, make it
/// green.", "### 2. Draft the release", "### Step 3: Flip the CNAME". A heading over items
/// only groups them ("### Data Migration" → its check boxes). Decided when the section closes
/// (docs/runbook-format.md, "Steps").
enum TaskHeadings {
    private static let containerWords: Set<String> = ["procedure", "procedures", "process", "checklist", "steps", "runbook", "playbook"]

    /// `timed`: the heading carries a time (a phase, not a task).
    static func isTask(title: String, numbered: Bool, roles: SectionRoles, level: Int, timed: Bool, inProcedure: Bool) -> Bool {
        guard level >= 2, !timed, roles.intersection([.content, .healthy, .triggers, .metrics, .gate]).isEmpty else { return false }
        let lower = title.lowercased()
        let imperative = StepShapes.readsAsAction(title) && !title.hasPrefix("`")
        // "Contact the security team" is a task, though it names contacts.
        guard !roles.contains(.contacts) || imperative else { return false }
        guard inProcedure, level >= 3, !HeadingOwner.announcesOwner(title) else { return false }
        let words = TitleText.normalized(title).split(separator: " ").map(String.init)
        if words.contains(where: containerWords.contains) { return false }
        if numbered { return true }
        // "Is the CI green? If not, make it green.", "Any Git dependencies? If so, contact their authors."
        for clause in ["? if not, ", "? if so, "] {
            if let r = lower.range(of: clause) { return StepShapes.readsAsAction(String(lower[r.upperBound...])) }
        }
        return imperative
    }

    /// "### Step 3: Flip the CNAME" is a step even when it lists its own sub-steps.
    static func isNumberedStep(_ title: String, level: Int, timed: Bool) -> Bool {
        level >= 2 && !timed && title.lowercased().hasPrefix("step ") && StepShapes.startsWithStepNumber(title)
    }
}

extension RunbookWalker {
    /// Called as a section ends: a task heading with no steps under it becomes the step.
    mutating func closeSection(_ index: Int) {
        let section = builder.runbook.sections[index]
        guard let parent = section.parent else { return }
        let hasSteps = builder.hasSteps(inOrBelow: index)
        let ownStep = builder.hasHeadingStep(index)
        if !ownStep, TaskHeadings.isNumberedStep(section.title, level: section.level, timed: section.anchor != nil) {
            builder.insertStep(text: section.title, kind: .heading, position: section.position, section: index)
            return
        }
        guard !hasSteps else { return }
        let inProcedure = builder.ancestor(of: parent) { $0.roles.contains(.procedure) } != nil || builder.isTimed(parent)
        guard TaskHeadings.isTask(title: section.title, numbered: headingNumbered[index] ?? false, roles: section.roles, level: section.level,
                                  timed: section.anchor != nil, inProcedure: inProcedure) else { return }
        builder.insertStep(text: section.title, kind: .heading, position: section.position, section: index)
    }
}
