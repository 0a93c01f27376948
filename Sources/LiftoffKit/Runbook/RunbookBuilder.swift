import LiftoffMarkdown

/// Accumulates what the Markdown walk and the outline reader find, and settles what depends
/// on the whole document (inherited owners and windows, ids, gates) in `finish()`.
struct RunbookBuilder {
    /// Above 0 while a fence whose criteria were already read as fence text is walked again as
    /// Markdown (a box-drawn board): its steps count, its criteria are not read twice.
    var criteriaRead = 0

    var runbook: Runbook
    private var sectionIDs = IDAllocator()
    private var stepIDs = IDAllocator()
    private var gateIDs = IDAllocator()
    /// Explicit `id=` values, reserved before generated ids are handed out.
    private var explicitStepIDs: [Int: String] = [:]
    /// Owners written on steps themselves (before inheritance), one slot per step.
    private var ownOwner: [String?] = []
    /// Steps at or below each section, counted as steps are added, so a closing section asks
    /// once instead of walking every step (see `TaskHeadings`).
    private var stepsInSubtree: [Int: Int] = [:]
    /// Sections that already became a step of their own (a task heading).
    private var sectionsWithHeadingStep: Set<Int> = []
    /// Sections holding a step of their own (not only below them).
    private var sectionsWithSteps: Set<Int> = []
    /// Whether the steps are in line order, so a late step finds its place by bisection.
    private var stepsInLineOrder = true
    /// Sections whose owner also owns their sibling sections (see `SiblingOwners`).
    var ownerScopes: [Int] = []
    /// Who the runbook says decides go/no-go; approves gates that name nobody (see `DecisionMaker`).
    var decisionMaker: String?

    /// The runbook's lines, to spell out acronyms a gate's approver is written as.
    var sourceLines: [Substring] = []

    init(file: String) {
        runbook = Runbook(file: file)
    }

    // MARK: Sections

    @discardableResult
    mutating func addSection(title: String, level: Int, position: SourcePosition, endLine: Int, parent: Int?, anchor: TimeAnchor?) -> Int {
        // The document itself (content before the first section heading) is "runbook".
        let base = parent == nil ? "runbook" : Slug.make(title)
        let id = sectionIDs.allocate(base)
        var section = Section(id: id, title: title, level: level, position: position, endLine: endLine, parent: parent)
        section.anchor = anchor
        section.roles = SectionClassifier.roles(forTitle: title)
        if let parent, runbook.sections.indices.contains(parent) {
            // Rollback-ness and procedure-ness carry down: "Rollback Procedure" → "Database".
            section.roles.formUnion(runbook.sections[parent].roles.intersection([.rollback, .contacts]))
            // "Success Criteria" → "Must Pass", "Troubleshooting" → "Issue: DNS not resolving":
            // a subsection with no purpose of its own reads like its parent.
            if section.roles.intersection([.procedure, .gate, .triggers, .rollback, .healthy, .content, .contacts, .metrics]).isEmpty {
                section.roles.formUnion(runbook.sections[parent].roles.intersection([.content, .healthy]))
            }
        }
        runbook.sections.append(section)
        return runbook.sections.count - 1
    }

    func roles(of section: Int) -> SectionRoles {
        runbook.sections[section].roles
    }

    /// The section, or the nearest ancestor, that satisfies `predicate`.
    func ancestor(of section: Int, where predicate: (Section) -> Bool) -> Int? {
        var current: Int? = section
        var hops = 0
        while let i = current, hops < 1000 {
            if predicate(runbook.sections[i]) { return i }
            current = runbook.sections[i].parent
            hops += 1
        }
        return nil
    }

    /// Whether the section or an ancestor is timed (a phase): plain bullets there are steps.
    func isTimed(_ section: Int) -> Bool {
        ancestor(of: section) { $0.anchor != nil || $0.window != nil } != nil
    }

    mutating func setOwner(_ owner: String, of section: Int) {
        runbook.sections[section].owner = owner
    }

    mutating func setWindowIfUnset(_ window: TimeWindow, of section: Int) {
        if runbook.sections[section].window == nil, runbook.sections[section].anchor == nil {
            runbook.sections[section].window = window
        }
    }

    mutating func addHelp(_ text: String, position: SourcePosition, section: Int) {
        runbook.sections[section].help.append(text)
        runbook.guidance.append(Guidance(text: text, position: position, section: section))
    }

    // MARK: Steps

    mutating func reserveExplicitStepID(_ id: String, at position: SourcePosition) {
        if stepIDs.reserve(id) {
            explicitStepIDs[position.line] = id
        } else {
            runbook.diagnostics.append(Diagnostic(.error, "duplicate-id", "step id '\(id)' is used twice", hint: "give each step its own id=", at: position))
        }
    }

    @discardableResult
    mutating func addStep(text: String, kind: StepKind, position: SourcePosition, section: Int, parent: String?, owner: String?, window: TimeWindow?, done: Bool, explicitID: String? = nil) -> String {
        let id: String
        if let explicitID {
            id = explicitID
        } else {
            let sectionSlug = runbook.sections[section].id
            id = stepIDs.allocate("\(sectionSlug)/\(Slug.make(text))")
        }
        var step = Step(id: id, text: text, kind: kind, position: position, section: section)
        step.parent = parent
        step.window = window
        step.done = done
        step.explicitID = explicitID != nil
        step.rollback = runbook.sections[section].roles.contains(.rollback)
        ownOwner.append(owner.flatMap { $0.isEmpty ? nil : $0 })
        if let last = runbook.steps.last, last.position.line > position.line { stepsInLineOrder = false }
        runbook.steps.append(step)
        countStep(kind: kind, section: section)
        return id
    }

    private mutating func countStep(kind: StepKind, section: Int) {
        if kind == .heading { sectionsWithHeadingStep.insert(section) }
        sectionsWithSteps.insert(section)
        // The same walk as `ancestor(of:)`, bounded the same way.
        var current: Int? = section
        var hops = 0
        while let i = current, hops < 1000 {
            stepsInSubtree[i, default: 0] += 1
            current = runbook.sections[i].parent
            hops += 1
        }
    }

    /// Whether any step was read in the section or below it.
    func hasSteps(inOrBelow section: Int) -> Bool {
        stepsInSubtree[section, default: 0] > 0
    }

    /// Whether a step was read in the section itself (`runbook.steps` has one with this section;
    /// steps are only added by `addStep`, and `insertStep` moves one within the same section).
    func hasSteps(in section: Int) -> Bool {
        sectionsWithSteps.contains(section)
    }

    /// Whether the section's own heading already became a step.
    func hasHeadingStep(_ section: Int) -> Bool {
        sectionsWithHeadingStep.contains(section)
    }

    func explicitID(onLine line: Int) -> String? { explicitStepIDs[line] }

    /// A step read after the steps below it (a heading found to be a task once its section
    /// closed), placed before them in document order.
    mutating func insertStep(text: String, kind: StepKind, position: SourcePosition, section: Int) {
        // Appended first, out of order for a moment; placed at its line, the order holds again.
        let inLineOrder = stepsInLineOrder
        addStep(text: text, kind: kind, position: position, section: section, parent: nil, owner: nil, window: nil, done: false)
        guard let step = runbook.steps.popLast(), let owner = ownOwner.popLast() else { return }
        let index = firstStep(after: position.line)
        runbook.steps.insert(step, at: index)
        ownOwner.insert(owner, at: index)
        stepsInLineOrder = inLineOrder
    }

    /// The index of the first step below `line` (the end when none is).
    private func firstStep(after line: Int) -> Int {
        guard stepsInLineOrder else { return runbook.steps.firstIndex { $0.position.line > line } ?? runbook.steps.count }
        return runbook.steps.partitionPoint { $0.position.line > line }
    }

    mutating func setStepOwner(_ owner: String, stepID: String) {
        guard let i = runbook.steps.lastIndex(where: { $0.id == stepID }) else { return }
        ownOwner[i] = owner
    }

    /// A weaker owner (a meeting's attendees) that an `Owner:` line of the step wins over.
    mutating func setStepOwnerIfUnset(_ owner: String, stepID: String) {
        guard let i = runbook.steps.lastIndex(where: { $0.id == stepID }), ownOwner[i] == nil else { return }
        ownOwner[i] = owner
    }

    mutating func setStepWindow(_ window: TimeWindow, stepID: String) {
        guard let i = runbook.steps.lastIndex(where: { $0.id == stepID }) else { return }
        runbook.steps[i].window = window
    }

    mutating func setStepDuration(_ seconds: Int, stepID: String) {
        guard let i = runbook.steps.lastIndex(where: { $0.id == stepID }) else { return }
        runbook.steps[i].duration = seconds
    }

    // MARK: Commands, annotations, gates, triggers

    mutating func addCommand(language: String, code: String, position: SourcePosition, section: Int, step: String?) {
        let index = runbook.commands.count
        let runnable = CommandDetector.withoutPrompts(code, language: language)
        runbook.commands.append(Command(position: position, language: language, code: runnable, expected: CommandDetector.expectation(in: code), section: section, step: step))
        if let step, let i = runbook.steps.lastIndex(where: { $0.id == step }) {
            runbook.steps[i].commands.append(index)
        }
    }

    mutating func addAnnotation(_ form: Annotation.Form, text: String, position: SourcePosition, section: Int, step: String?) {
        let index = runbook.annotations.count
        runbook.annotations.append(Annotation(form: form, text: text, position: position, section: section, step: step))
        if let step, let i = runbook.steps.lastIndex(where: { $0.id == step }) {
            runbook.steps[i].annotations.append(index)
        }
    }

    /// The gate of a section, created on first use.
    mutating func gate(for section: Int, title: String? = nil, position: SourcePosition? = nil) -> Int {
        if let existing = runbook.gates.firstIndex(where: { $0.section == section }) { return existing }
        let s = runbook.sections[section]
        let gateTitle = title ?? s.title
        let id = gateIDs.allocate(Slug.make(gateTitle))
        runbook.gates.append(Gate(id: id, title: gateTitle, position: position ?? s.position, roles: [], section: section, window: nil))
        return runbook.gates.count - 1
    }

    /// A decision point of its own at `position` (a checkpoint item or row, a bold go/no-go
    /// paragraph): several may share a section.
    mutating func addGate(title: String, position: SourcePosition, section: Int) -> Int {
        if let existing = runbook.gates.firstIndex(where: { $0.position == position }) { return existing }
        let id = gateIDs.allocate(Slug.make(title))
        runbook.gates.append(Gate(id: id, title: title, position: position, roles: [], section: section, window: nil))
        return runbook.gates.count - 1
    }

    /// The gate of the section or of its nearest ancestor that has one.
    func nearestGate(section: Int) -> Int? {
        var current: Int? = section
        var hops = 0
        while let i = current, hops < 1000 {
            if let gate = runbook.gates.lastIndex(where: { $0.section == i }) { return gate }
            current = runbook.sections[i].parent
            hops += 1
        }
        return nil
    }

    mutating func addGateRole(_ role: String, gate: Int) {
        let cleaned = DecisionMaker.expandAcronym(OwnerParser.cleanName(role), in: sourceLines)
        guard !cleaned.isEmpty, !runbook.gates[gate].roles.contains(cleaned) else { return }
        runbook.gates[gate].roles.append(cleaned)
    }

    mutating func setGateWindow(_ window: TimeWindow, gate: Int) {
        runbook.gates[gate].window = window
    }

    /// A condition read from the runbook, placed by what it says: a statement of health (by the
    /// polarity of its context or sentence, or because it points at the good side of a signal
    /// whose bad side is known) is kept as such, a non-metric ("Expected duration < 10 min")
    /// is dropped, anything else is a trigger candidate.
    mutating func addCriterion(_ parsed: ParsedTrigger, text: String, position: SourcePosition, section: Int, action: TriggerAction, activeForSeconds: Int?, polarity: CriterionPolarity) {
        guard criteriaRead == 0, !NonMetricSignal.contains(parsed.signal) else { return }
        // The signal's own name decides, else the words around it ("Minor issues: < 20% degradation").
        let direction = SignalDirection.of(parsed.signal) ?? SignalDirection.of(text)
        let pointsAtHealth = direction?.pointsAtHealth(parsed.op) == true
        if polarity == .healthy || pointsAtHealth {
            addHealthy(parsed, text: text, position: position, section: section, kind: BaselineStatement.isBaseline(text) ? .baseline : .criterion)
            return
        }
        addTrigger(parsed, text: text, position: position, section: section, action: action, activeForSeconds: activeForSeconds)
    }

    mutating func addHealthy(_ parsed: ParsedTrigger, text: String, position: SourcePosition, section: Int, kind: HealthyStatement.Kind) {
        let statement = HealthyStatement(position: position, text: text, signal: parsed.signal, op: parsed.op, value: parsed.value, unit: parsed.unit, kind: kind, section: section)
        if !runbook.healthy.contains(where: { $0.position == position && $0.signal == statement.signal && $0.value == statement.value }) {
            runbook.healthy.append(statement)
        }
    }

    mutating func addTrigger(_ parsed: ParsedTrigger, text: String, position: SourcePosition, section: Int, action: TriggerAction, activeForSeconds: Int?) {
        var candidate = TriggerCandidate(
            position: position, text: text, signal: parsed.signal, op: parsed.op, value: parsed.value,
            valueVariable: parsed.valueVariable, unit: parsed.unit, forSeconds: parsed.forSeconds,
            forVariable: parsed.forVariable, action: action, activeForSeconds: activeForSeconds, section: section
        )
        candidate.forVariableUnit = parsed.forVariableUnit
        candidate.relative = parsed.relative
        if !runbook.triggers.contains(where: { $0.position == position && $0.signal == candidate.signal && $0.value == candidate.value }) {
            runbook.triggers.append(candidate)
        }
    }

    mutating func addRACI(_ entry: RACIEntry) {
        runbook.raci.append(entry)
    }

    mutating func diagnose(_ d: Diagnostic) {
        runbook.diagnostics.append(d)
    }

    // MARK: Finishing

    /// Settles inheritance: sections take their parent's window and owner, steps their section's,
    /// gate-named sections without approvers give way to a gate inside them.
    mutating func finish() -> Runbook {
        SiblingOwners.apply(&runbook.sections, scopes: ownerScopes)
        for (i, owner) in RACIOwners.apply(&runbook) where ownOwner.indices.contains(i) && ownOwner[i] == nil { ownOwner[i] = owner }
        var unplaced: [SourcePosition] = []
        for i in runbook.sections.indices {
            let s = runbook.sections[i]
            let parentWindow = s.parent.flatMap { runbook.sections[$0].window }
            if let anchor = s.anchor {
                runbook.sections[i].window = WallClockPlacement.place(TimeWindow(anchor), launchMinute: runbook.launchMinute, base: parentWindow)
                if runbook.sections[i].window == nil {
                    unplaced.append(s.position)
                    runbook.sections[i].window = parentWindow
                }
            } else if let w = s.window {
                runbook.sections[i].window = WallClockPlacement.place(w, launchMinute: runbook.launchMinute, base: parentWindow) ?? parentWindow
            } else if let p = s.parent {
                runbook.sections[i].window = runbook.sections[p].window
            }
            if s.owner == nil, let p = s.parent, !runbook.sections[p].roles.contains(.contacts) {
                runbook.sections[i].owner = runbook.sections[p].owner
            }
        }
        let stepIndexByID = Dictionary(runbook.steps.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        // The clock time placed last in each section, so a schedule that runs past midnight goes on.
        var lastClockBySection: [Int: TimeWindow] = [:]
        for i in runbook.steps.indices {
            if let own = ownOwner[i] {
                runbook.steps[i].owner = own
            } else if let parent = runbook.steps[i].parent, let p = stepIndexByID[parent], p < i, let owner = runbook.steps[p].owner {
                runbook.steps[i].owner = owner
            } else {
                runbook.steps[i].owner = runbook.sections[runbook.steps[i].section].owner
            }
            if let w = runbook.steps[i].window, w.wallClock != nil {
                let base = runbook.sections[runbook.steps[i].section].window
                if let placed = WallClockPlacement.place(w, launchMinute: runbook.launchMinute, base: base) {
                    let section = runbook.steps[i].section
                    let ordered = WallClockPlacement.inOrder(placed, after: lastClockBySection[section])
                    runbook.steps[i].window = ordered
                    lastClockBySection[section] = ordered
                } else {
                    runbook.steps[i].window = nil
                    unplaced.append(runbook.steps[i].position)
                }
            }
            if runbook.steps[i].window == nil {
                if let parent = runbook.steps[i].parent, let p = stepIndexByID[parent], p < i, let w = runbook.steps[p].window {
                    runbook.steps[i].window = w
                } else {
                    runbook.steps[i].window = runbook.sections[runbook.steps[i].section].window
                }
            }
        }
        if let first = unplaced.min(by: { $0.line < $1.line }) {
            runbook.diagnostics.append(WallClockPlacement.unplacedDiagnostic(count: unplaced.count, first: first))
        }
        finishGates()
        return runbook
    }

    private mutating func finishGates() {
        var keep: [Gate] = []
        // Steps by section and by line, once: a scan of every step per gate is quadratic.
        var ownersBySection: [Int: [String]] = [:]
        var stepOnLine: [Int: Int] = [:]
        for (index, step) in runbook.steps.enumerated() {
            if let owner = step.owner { ownersBySection[step.section, default: []].append(owner) }
            if stepOnLine[step.position.line] == nil { stepOnLine[step.position.line] = index }
        }
        for gate in runbook.gates {
            var g = gate
            if g.roles.isEmpty {
                // "Sign-Off" → "Go-Live Approval": the inner gate speaks for the outer one.
                // So does a decision point written inside the section that names its approvers.
                let hasInnerGate = runbook.gates.contains { other in
                    other.section != g.section && ancestor(of: other.section) { $0.id == runbook.sections[g.section].id } != nil
                        || other.section == g.section && other.position.line > g.position.line && !other.roles.isEmpty
                }
                if hasInnerGate { continue }
                let owners = ownersBySection[g.section] ?? []
                if let owner = runbook.sections[g.section].owner {
                    g.roles = OwnerParser.roles(owner)
                } else if !owners.isEmpty {
                    for owner in owners where !g.roles.contains(owner) { g.roles.append(owner) }
                }
            }
            // A decision task's own owner runs the decision: "- [ ] Go/No-Go meeting" → "- Owner: PM".
            if let step = stepOnLine[g.position.line].map({ runbook.steps[$0] }), let owner = step.owner, !g.roles.isEmpty {
                // "Ada, Jo" from an attendees column names each of them once.
                g.roles.insert(contentsOf: OwnerParser.roles(owner).filter { !g.roles.contains($0) }, at: 0)
            }
            if g.roles.isEmpty, let decisionMaker { g.roles = [decisionMaker] }
            if g.window == nil { g.window = runbook.sections[g.section].window }
            if g.roles.isEmpty {
                runbook.diagnostics.append(Diagnostic(.warning, "gate-without-approvers", "gate '\(g.title)' names no approvers", hint: "add a 'Required approvals from:' list of roles under it", at: g.position))
            }
            keep.append(g)
        }
        runbook.gates = keep
    }
}
