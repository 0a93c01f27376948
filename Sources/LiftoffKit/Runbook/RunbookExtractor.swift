import LiftoffMarkdown

/// Reads a runbook out of Markdown as written: sections and phases from headings, steps from
/// task items, procedure lists and timed tables, owners, gates, trigger candidates, commands,
/// placeholders and Liftoff annotations. Pure: text in, `Runbook` out; never fails.
public enum RunbookExtractor {
    /// `launchMinute`: the launch's time of day (minutes after midnight) from `--at`, used for
    /// wall-clock times when the runbook states none of its own.
    public static func extract(_ text: String, file: String, launchMinute: Int? = nil) -> Runbook {
        let document = MarkdownParser.parse(text)
        var walker = RunbookWalker(file: file, text: text)
        let launchDate = LaunchDateFinder.find(walker.sourceLines)
        walker.builder.runbook.launchDay = launchDate?.day
        let stated = LaunchTimeFinder.find(walker.sourceLines) ?? launchDate?.minute
        walker.builder.runbook.launchMinute = stated ?? launchMinute
        walker.walkDocument(document)
        // Known only once the phases are read; like any time the runbook states, it wins over --at.
        if stated == nil, let minute = WallClockPlacement.launchMinute(statedByTZeroPhaseOf: walker.builder.runbook) {
            walker.builder.runbook.launchMinute = minute
        }
        var runbook = walker.finish()
        (runbook.successCriteria, runbook.closureItems) = SuccessCriteriaReader.read(document, runbook: runbook)
        runbook.contacts = ContactsReader.read(document)
        return runbook
    }
}

/// What the blocks being walked belong to.
struct WalkContext {
    var section: Int
    var parentStep: String?
    /// Set by a lead-in label ("Required approvals from:", "**Automatic rollback triggers:**")
    /// for the block right after it: that list or table is consumed, not steps.
    var consumer: SectionRoles = []
    /// A time bound from a lead-in ("within 15 minutes of traffic shift").
    var activeForSeconds: Int?
    /// A bold time lead-in (`**T-30min:**`) alone on its line times the list after it.
    var leadWindow: TimeWindow?
    /// "**Manual rollback triggers:**" vs "**Automatic rollback triggers:**".
    var triggerAction: TriggerAction = .rollback
    /// "If any of these hold for 15 consecutive minutes:": a duration for every item of the list.
    var leadForSeconds: Int?
    /// "3. **Queue depth**" → its nested "page if > 10k": the signal the nested criteria watch.
    var signalSubject: String?
    /// "All engineers should:": who does every item of the list after it.
    var leadOwner: String?
    /// The lead-in label the block right after it belongs to ("**Launch Lead:**").
    var leadLabel: String?
    /// The list being walked opens with an instruction ("- Change the CNAME …").
    var listLeadsWithAction = false
    /// The step holding these blocks is a bare bold title ("- [ ] **Build Verification**"): its
    /// bullets are checks of their own. Under a record with `Owner:` / `Status:` lines, or a
    /// title with a value ("**Status**: Done"), they are notes.
    var parentIsBoldTitle = false
}

struct RunbookWalker {
    /// "Participants:", "Approvers:" under a decision: the people who decide it.
    static let decidingPeopleWords = PhraseSet(["participant", "attendee", "decision maker", "approver", "voting", "sign-off"])

    var builder: RunbookBuilder
    let sourceLines: [Substring]
    /// Lines inside shell code, where other placeholder styles are shell syntax.
    var shellCodeLines = Set<Int>()
    /// Lines of `liftoff` blocks: YAML, where `[a, b]` is a list and `{{weight}}` the shift's own.
    var annotationBlockLines = Set<Int>()
    var frontMatterEnd = 0
    var sectionStack: [Int] = []
    private var sawTitle = false
    /// Whether the runbook counts launch day as `Day 0` (see `TimeContext`).
    var usesDayZero = false
    /// Sections opened by a bold time lead-in paragraph (`**Thursday (T-4)**`).
    var leadSections = Set<Int>()
    /// Roles and people from the runbook's own contacts and roles tables.
    var roster = Roster()
    /// Inside a Markdown fence: how deep, and the level its headings nest under.
    var fenceDepth = 0
    var headingLevelOffset = 0
    /// Sections whose heading carries a step number ("### 2. Draft the release"), for `closeSection`.
    var headingNumbered: [Int: Bool] = [:]
    /// Whether a section or an ancestor is a list of metrics to watch, per section: asked for
    /// every list item, and titles and parents never change once a section is added.
    private var underMetricsList: [Int: Bool] = [:]
    /// `CriterionAction.of` each section's title, read once per section for `sectionAction`.
    private var titleActions: [Int: TriggerAction?] = [:]

    init(file: String, text: String) {
        builder = RunbookBuilder(file: file)
        sourceLines = SourceText.lines(of: text)
        builder.sourceLines = sourceLines
    }

    mutating func walkDocument(_ document: BlockNode) {
        let root = builder.addSection(title: "", level: 0, position: SourcePosition(line: 1, column: 1), endLine: max(1, sourceLines.count), parent: nil, anchor: nil)
        sectionStack = [root]
        reserveExplicitIDs()
        roster = Roster.collect(document)
        usesDayZero = TimeContext.usesDayZero(sourceLines)
        var ctx = WalkContext(section: root)
        walkBlocks(document.children, &ctx)
        while sectionStack.count > 1 { closeSection(sectionStack.removeLast()) }
        scanPlaceholders()
    }

    mutating func finish() -> Runbook {
        StepAnnotationKeys.apply(to: &builder)
        var runbook = builder.finish()
        AnnotationStepBinding.bind(&runbook)
        StepBlockKeys.apply(&runbook)
        AnnotationSchema.check(&runbook)
        if runbook.title == nil {
            runbook.title = FrontMatterFields.value(of: "title", in: runbook.frontMatter)
        }
        if let title = runbook.title, !runbook.sections.isEmpty {
            runbook.sections[0].title = title
        }
        return runbook
    }

    // MARK: Blocks

    mutating func walkBlocks(_ blocks: [BlockNode], _ ctx: inout WalkContext) {
        for block in blocks {
            let consumerBefore = ctx.consumer
            walk(block, &ctx)
            // A lead-in label governs only the block right after it.
            if consumerBefore == ctx.consumer, !isLabelParagraph(block) {
                ctx.consumer = []
                ctx.activeForSeconds = nil
                ctx.leadWindow = nil
                ctx.leadForSeconds = nil
                ctx.leadOwner = nil
                ctx.leadLabel = nil
            }
        }
    }

    private func isLabelParagraph(_ block: BlockNode) -> Bool {
        if case .paragraph(let inlines) = block.kind {
            return inlines.plainText.trimmingCharactersInSpace().hasSuffix(":") || LeadTime.split(inlines, plain: false)?.rest.isEmpty == true
        }
        return false
    }

    mutating func walk(_ block: BlockNode, _ ctx: inout WalkContext) {
        switch block.kind {
        case .document, .blockQuote:
            walkBlocks(block.children, &ctx)
        case .frontMatter(let yaml):
            builder.runbook.frontMatter = yaml
            frontMatterEnd = block.endLine
            if let liftoff = FrontMatterFields.liftoffSection(yaml) {
                builder.addAnnotation(.frontMatter, text: liftoff, position: block.position, section: ctx.section, step: nil)
            }
        case .heading(let level, let inlines):
            heading(level: level + headingLevelOffset, inlines: inlines, block: block, &ctx)
        case .paragraph(let inlines):
            paragraph(inlines, block: block, &ctx)
        case .list(let ordered, _, _):
            var listCtx = ctx
            listCtx.listLeadsWithAction = NotStepShapes.leadsWithAction(block)
            for item in block.children {
                listItem(item, ordered: ordered, listCtx)
            }
        case .listItem:
            listItem(block, ordered: false, ctx)
        case .codeBlock(let info, let content, _):
            codeBlock(info: info, content: content, block: block, &ctx)
        case .htmlBlock(let html):
            comments(in: html, lines: block.lines, fallback: block.position, section: ctx.section, step: ctx.parentStep)
        case .table(let header, _, let rows):
            if RACIOwners.readTable(header: header, rows: rows, into: &builder) { return }
            if let periods = DayTable.rows(header: header, rows: rows, launchDay: builder.runbook.launchDay, launchMinute: builder.runbook.launchMinute) {
                let level = builder.runbook.sections[ctx.section].level + 1
                for row in periods {
                    let anchor = TimeContext.adjusted(row.anchor, dayZero: usesDayZero, within: enclosingAnchor(ctx.section))
                    _ = builder.addSection(title: row.title, level: level, position: SourcePosition(line: row.line, column: 1), endLine: row.line, parent: ctx.section, anchor: anchor)
                }
                return
            }
            TableReader.read(header: header, rows: rows, block: block, ctx: ctx, into: &builder)
        case .thematicBreak:
            ctx.consumer = []
        }
    }

    // MARK: Headings

    private mutating func heading(level: Int, inlines: [Inline], block: BlockNode, _ ctx: inout WalkContext) {
        let rawTitle = TitleText.collapsed(inlines.plainText)
        let title = TitleText.withoutNumbering(rawTitle)
        comments(inInlines: inlines, lines: block.lines, fallback: block.position, section: ctx.section, step: nil)
        if !sawTitle, level == 1, fenceDepth == 0 {
            sawTitle = true
            builder.runbook.title = title
            ctx = WalkContext(section: sectionStack[0])
            return
        }
        while sectionStack.count > 1, let top = sectionStack.last, builder.runbook.sections[top].level >= level {
            closeSection(sectionStack.removeLast())
        }
        let parent = sectionStack.last ?? 0
        let incident = HeadingTime.isIncidentRelative(title: title, parentRoles: builder.roles(of: parent))
        let anchor = HeadingTime.anchor(title, relativeToIncident: incident).map {
            TimeContext.adjusted($0, dayZero: usesDayZero, within: enclosingAnchor(parent))
        }
        if anchor == nil, !incident, TimeAnchorParser.looksTimeLike(title) {
            builder.diagnose(Diagnostic(.warning, "unparsed-time", "heading '\(title)' looks like a time but Liftoff cannot read it", hint: "write it as T-7 days, T-2h, H+0:15 or T+1 to T+7", at: block.position))
        }
        let index = builder.addSection(title: title, level: level, position: block.position, endLine: block.endLine, parent: parent, anchor: anchor)
        if let owner = HeadingOwner.owner(inTitle: title) {
            builder.setOwner(owner, of: index)
        }
        if OwnerParser.headingOwner(title) != nil || HeadingOwner.announcesOwner(title) {
            builder.ownerScopes.append(index)
        }
        if builder.roles(of: index).contains(.gate) {
            _ = builder.gate(for: index)
        }
        sectionStack.append(index)
        ctx = WalkContext(section: index)
        ctx.triggerAction = sectionAction(index)
        headingNumbered[index] = StepShapes.hasStepNumbering(rawTitle)
    }

    // MARK: Paragraphs

    private mutating func paragraph(_ inlines: [Inline], block: BlockNode, _ ctx: inout WalkContext) {
        comments(inInlines: inlines, lines: block.lines, fallback: block.position, section: ctx.section, step: ctx.parentStep)
        let plain = TitleText.collapsed(inlines.plainText)
        let roles = builder.roles(of: ctx.section)

        if let fields = OwnerParser.fields(in: inlines) {
            if let owner = fields.owner {
                if let step = ctx.parentStep { builder.setStepOwner(owner, stepID: step) } else { builder.setOwner(owner, of: ctx.section) }
            }
            if let due = fields.due, let anchor = TimeAnchorParser.findAnywhere(due)?.anchor
                ?? DatePlacement.anchor(in: due, launchDay: builder.runbook.launchDay, launchMinute: builder.runbook.launchMinute) {
                // Under a heading with a time of its own ("End of 24 Hours Report"), a `Due:` line
                // is the more exact time of what follows: a phase from here on.
                if ctx.parentStep == nil, fields.owner == nil, builder.runbook.sections[ctx.section].anchor != nil {
                    openLeadSection(title: "Due: \(due)", anchor: anchor, block: block, &ctx)
                } else {
                    builder.setWindowIfUnset(TimeWindow(anchor), of: ctx.section)
                }
            }
            if fields.owner != nil || fields.due != nil {
                builder.readAs(.ownerLine, block, section: ctx.section)
                return
            }
        }
        if ctx.parentStep == nil, builder.runbook.sections[ctx.section].owner == nil,
           let owner = HeadingOwner.responsibleInLeadSentence(plain) {
            builder.setOwner(owner, of: ctx.section)
        }
        if ctx.parentStep == nil, HeadingOwner.announcesOwner(builder.runbook.sections[ctx.section].title),
           builder.runbook.sections[ctx.section].owner == nil, let owner = HeadingOwner.ownerLine(plain) {
            builder.setOwner(owner, of: ctx.section)
            return
        }

        // "**Go/No-Go decision (T-1h)**": a decision point here (its time may also lead a list).
        if let title = GateShapes.boldDecision(inlines) {
            let gate = builder.addGate(title: title, position: block.position, section: ctx.section)
            if let anchor = TimeAnchorParser.findAnywhere(title)?.anchor { builder.setGateWindow(TimeWindow(anchor), gate: gate) }
        }

        // "**Step 4: Decision point (T+30m)**" is a step with its time, not a timed label.
        if let title = StepShapes.boldStep(inlines), title.lowercased().hasPrefix("step"), ctx.consumer.isEmpty, roles.intersection([.content, .contacts]).isEmpty {
            ctx.parentStep = builder.addStep(text: title, kind: .item, position: block.position, section: ctx.section, parent: nil, owner: nil,
                                             window: StepShapes.window(ofBoldStep: title), done: false)
            return
        }
        if let lead = leadingTimeAnchor(inlines, section: ctx.section) {
            // "**T-24 Hours (Day Before)**": an aside names the time; it is no work.
            if lead.rest.isEmpty || lead.rest.hasPrefix("(") && lead.rest.hasSuffix(")") && !lead.rest.dropFirst().contains("(") || NotStepShapes.isBoldTitle(inlines) {
                ctx.leadWindow = TimeWindow(lead.anchor)
                // "**Thursday (T-4)**" alone on its line: a phase of its own until the next one
                // or the next heading.
                if ctx.parentStep == nil {
                    openLeadSection(title: TitleText.collapsed(inlines.plainText).trimmingCharactersInSpace(), anchor: lead.anchor, block: block, &ctx)
                }
            } else if ctx.consumer.isEmpty {
                builder.addStep(text: lead.rest, kind: .item, position: block.position, section: ctx.section, parent: ctx.parentStep, owner: nil, window: TimeWindow(lead.anchor), done: false)
            }
            return
        }

        // "**Step 4: Flip the CNAME**": a step that owns the commands and detail lines after it.
        if let title = StepShapes.boldStep(inlines), ctx.consumer.isEmpty, roles.intersection([.content, .contacts]).isEmpty {
            ctx.parentStep = builder.addStep(text: title, kind: .item, position: block.position, section: ctx.section, parent: nil, owner: nil,
                                             window: StepShapes.window(ofBoldStep: title), done: false)
            return
        }
        if let role = GateShapes.blankRole(plain) {
            let gate = builder.nearestGate(section: ctx.section) ?? builder.gate(for: ctx.section)
            builder.addGateRole(role, gate: gate)
            return
        }

        if plain.hasSuffix(":") {
            ctx.leadLabel = plain
            ctx.consumer = SectionClassifier.consumingLabel(plain)
            // "Before the cutover, the network team must:" names who does the list, not contacts.
            ctx.leadOwner = LeadInOwner.owner(in: plain)
            if ctx.leadOwner != nil, ctx.consumer == .contacts { ctx.consumer = [] }
            // "GO criteria for entering this stage:": a decision, its list the healthy side to check.
            if ctx.consumer == .healthy, !roles.contains(.gate), GateShapes.namesGoCriteria(plain) {
                _ = builder.addGate(title: String(plain.dropLast()), position: block.position, section: ctx.section)
            }
            // "Alert #releases if any of these hold for 5 minutes:": a lead-in of criteria.
            // ("If ROLLBACK:" is the opposite: what to do once it happens.)
            if ctx.consumer.isEmpty || ctx.consumer == .metrics, ProseCriteria.introducesCriteria(plain) {
                ctx.consumer = .triggers
            }
            // "Participants:" under a decision: the people who decide.
            if ctx.consumer.contains(.contacts), builder.nearestGate(section: ctx.section) != nil,
               Self.decidingPeopleWords.anyOccurs(in: plain.lowercased()) {
                ctx.consumer = .gate
            }
            ctx.activeForSeconds = TimeBound.activeFor(in: plain)
            ctx.leadForSeconds = TriggerSentenceParser.forDuration(in: TriggerTokenizer.tokens(of: plain)[...])?.seconds
            let lower = plain.lowercased()
            ctx.triggerAction = CriterionAction.of(lower) ?? sectionAction(ctx.section)
            if lower.contains("manual") { ctx.triggerAction = .rollback }
            if ctx.consumer.contains(.gate), builder.ancestor(of: ctx.section, where: { $0.roles.contains(.gate) }) == nil {
                // "Sign-off:" closing a checklist is a decision point of its own, on its line.
                if GateShapes.isSignOffLabel(plain) {
                    _ = builder.addGate(title: String(plain.dropLast()), position: block.position, section: ctx.section)
                } else {
                    _ = builder.gate(for: ctx.section)
                }
            }
            // "Decision Criteria:" under a go/no-go decision: what must hold to go.
            if SectionClassifier.consumingLabel(plain).isEmpty, GateShapes.namesDecisionCriteria(plain), builder.nearestGate(section: ctx.section) != nil {
                ctx.consumer = .healthy
            }
            return
        }

        // "**Checkpoint** - [ ] The site returns 200": a check box in a paragraph is a step too.
        if ctx.consumer.isEmpty, !roles.contains(.content), let box = NotStepShapes.paragraphTask(plain) {
            builder.addStep(text: box.text, kind: .task, position: block.position, section: ctx.section, parent: ctx.parentStep, owner: nil, window: nil, done: box.done)
        }
        // "The 08:40 call needs a GO from the Launch Lead and the QA Lead.": its decision's approvers.
        // "Approvers: Eng Manager, SRE Lead, Product Owner" as a line of its own likewise.
        if let gate = builder.runbook.gates.lastIndex(where: { $0.section == ctx.section }) {
            let named = GateShapes.goApprovers(inText: plain)
            for role in named.isEmpty ? GateShapes.approvers(inText: plain) : named { builder.addGateRole(role, gate: gate) }
        }
        readCriteria(in: plain, position: block.position, lines: block.lines, ctx: ctx, roles: roles, isListItem: false)
    }

    /// A phase opened by a line that carries a time (`**Thursday (T-4)**`, `**Due:** …`): it runs
    /// to the next such line or the next heading.
    private mutating func openLeadSection(title: String, anchor: TimeAnchor, block: BlockNode, _ ctx: inout WalkContext) {
        let parent = leadSections.contains(ctx.section) ? builder.runbook.sections[ctx.section].parent ?? ctx.section : ctx.section
        let index = builder.addSection(title: title, level: builder.runbook.sections[parent].level + 1, position: block.position, endLine: block.endLine, parent: parent, anchor: anchor)
        // It reads like its section: criteria stay criteria, procedures procedures.
        builder.runbook.sections[index].roles.formUnion(builder.roles(of: parent).subtracting(.gate))
        leadSections.insert(index)
        ctx.section = index
    }

    /// The action criteria of a section call for: the words of its heading or an ancestor's,
    /// else an alert under monitoring headings and a rollback under rollback headings.
    mutating func sectionAction(_ section: Int) -> TriggerAction {
        // The walk of `builder.ancestor(of:where:)`, bounded the same way, with each title read once.
        var current: Int? = section
        var hops = 0
        while let i = current, hops < 1000 {
            let action = titleAction(i)
            if action != nil || builder.runbook.sections[i].roles.contains(.rollback) { return action ?? .rollback }
            current = builder.runbook.sections[i].parent
            hops += 1
        }
        return builder.roles(of: section).contains(.metrics) ? .alert : .rollback
    }

    private mutating func titleAction(_ section: Int) -> TriggerAction? {
        if let known = titleActions[section] { return known }
        let action = CriterionAction.of(builder.runbook.sections[section].title)
        titleActions[section] = .some(action)
        return action
    }

    /// Whether the section or an ancestor states health (success criteria, targets) rather
    /// than conditions to act on.
    func isHealthyContext(_ section: Int) -> Bool {
        builder.ancestor(of: section) { $0.roles.contains(.healthy) || $0.roles.contains(.triggers) || $0.roles.contains(.rollback) }
            .map { builder.runbook.sections[$0].roles.contains(.healthy) } ?? false
    }

    /// Criteria in a paragraph or list item: under criteria headings and lead-ins every
    /// comparison counts (its polarity from the sentence, else from the context); elsewhere
    /// only sentences that say what to do ("roll back if …", "page when …") or that state
    /// health ("proceed if ✅ p95 < 400ms"). Baselines are kept for lint.
    /// Returns whether anything was read.
    @discardableResult
    mutating func readCriteria(in plain: String, position: SourcePosition, lines: [SourceLine] = [], ctx: WalkContext, roles: SectionRoles, isListItem: Bool) -> Bool {
        var found = false
        let healthyContext = ctx.consumer.contains(.healthy) || (ctx.consumer.isEmpty && isHealthyContext(ctx.section))
        let triggerContext = !healthyContext && (ctx.consumer.contains(.triggers) || (ctx.consumer.isEmpty && (roles.contains(.triggers) || roles.contains(.rollback))))
        // Read only once something is found: most lines hold no criterion.
        var boundRead: Int?? = nil
        func listBound() -> Int? {
            if let read = boundRead { return read }
            let bound = ctx.activeForSeconds ?? TimeBound.activeFor(in: plain)
            boundRead = .some(bound)
            return bound
        }
        var fromLine = position.line
        // A clause written on a later line of its paragraph is placed on that line.
        func place(_ clauseText: String) -> SourcePosition {
            guard lines.count > 1, let line = ConditionClauses.line(of: clauseText, in: lines, from: fromLine) else { return position }
            fromLine = line
            if line == position.line { return position }
            let column = lines.first { $0.position.line == line }?.position.column ?? 1
            return SourcePosition(line: line, column: column)
        }
        for (sentence, _) in Sentences.split(plain) {
            if let baseline = BaselineStatement.read(sentence, defaultSubject: ctx.signalSubject) {
                builder.addHealthy(baseline, text: sentence, position: place(sentence), section: ctx.section, kind: .baseline)
            }
            if healthyContext || triggerContext {
                let polarity = CriterionPolarity.ofSentence(sentence) ?? (healthyContext ? .healthy : .firing)
                let condition = ProseCriteria.conditionPart(sentence) ?? sentence
                // An item of a criteria list may state its threshold without an operator ("Error rate 2-5%").
                let implicit = triggerContext && isListItem
                var clauses = ConditionClauses.parseWithText(condition, defaultSubject: ctx.signalSubject, implicitComparison: implicit)
                if clauses.isEmpty, condition != sentence { clauses = ConditionClauses.parseWithText(sentence, defaultSubject: ctx.signalSubject, implicitComparison: implicit) }
                let action = CriterionAction.of(sentence) ?? ctx.triggerAction
                for (parsed, text) in clauses {
                    var clause = parsed
                    if clause.forSeconds == nil, clause.forVariable == nil { clause.forSeconds = ctx.leadForSeconds }
                    builder.addCriterion(clause, text: sentence, position: place(text), section: ctx.section, action: action, activeForSeconds: listBound(), polarity: polarity)
                    found = true
                }
                if clauses.isEmpty, triggerContext, let name = AlertCandidate.name(in: sentence) {
                    // "alert" names the alerts here, not the action: the list's action applies.
                    builder.addAlertCandidate(AlertCandidate(position: place(sentence), text: sentence, name: name, action: ctx.triggerAction, activeForSeconds: listBound(), section: ctx.section))
                }
            } else {
                for prose in ProseCriteria.readParts(sentence, defaultSubject: ctx.signalSubject) {
                    for (clause, text) in zip(prose.conditions, prose.texts) {
                        builder.addCriterion(clause, text: sentence, position: place(text), section: ctx.section, action: prose.action, activeForSeconds: TimeBound.activeFor(in: sentence), polarity: prose.polarity)
                        found = true
                    }
                }
            }
        }
        return found
    }

    /// `**T-30min:** Freeze deploys` → the anchor and `Freeze deploys` (see `LeadTime`).
    private func leadingTimeAnchor(_ inlines: [Inline], section: Int, plain: Bool = false) -> (anchor: TimeAnchor, rest: String)? {
        let split = LeadTime.split(inlines, plain: plain)
        // "**Monday 19th May 2025**:", "**21:00 UTC Friday 20th June 2025**": a date, from the launch date.
        if split == nil || split?.anchor.wallClock != nil, let dated = datedLead(inlines) { return dated }
        guard let lead = split else { return nil }
        return (TimeContext.adjusted(lead.anchor, dayZero: usesDayZero, within: enclosingAnchor(section)), lead.rest)
    }

    /// A bold lead-in that is a calendar date, placed against the launch date; nil without one.
    private func datedLead(_ inlines: [Inline]) -> (anchor: TimeAnchor, rest: String)? {
        guard builder.runbook.launchDay != nil, case .strong(let bold)? = inlines.first else { return nil }
        let boldText = TitleText.collapsed(bold.plainText).trimmingCharactersInSpace()
        // The date leads the bold text (a weekday or a time of day may come first).
        guard boldText.split(separator: " ").count <= 16, let found = CalendarDateParser.find(boldText),
              boldText.prefix(found.column).split(separator: " ").count <= 3,
              let anchor = DatePlacement.anchor(in: boldText, launchDay: builder.runbook.launchDay, launchMinute: builder.runbook.launchMinute) else { return nil }
        let after = TitleText.collapsed(Array(inlines.dropFirst()).plainText)
        return (anchor, LeadTime.strippedSeparator(after))
    }

    /// The anchor of the section or its nearest timed ancestor.
    private func enclosingAnchor(_ section: Int) -> TimeAnchor? {
        builder.ancestor(of: section) { $0.anchor != nil }.flatMap { builder.runbook.sections[$0].anchor }
    }

    // MARK: List items

    private mutating func listItem(_ item: BlockNode, ordered: Bool, _ ctx: WalkContext) {
        guard case .listItem(_, let task) = item.kind else { return }
        var body = item.children
        var inlines: [Inline] = []
        var paragraphLines: [SourceLine] = []
        var paragraphPosition = item.position
        if let first = body.first, case .paragraph(let p) = first.kind {
            inlines = p
            paragraphLines = first.lines
            paragraphPosition = first.position
            body.removeFirst()
        } else if let first = body.first, let p = QuotedThreshold.paragraph(first) {
            // "- >25% of users …": Markdown reads a quote; the writer meant "greater than".
            inlines = [.text(">")] + p
            paragraphLines = first.lines
            paragraphPosition = first.position
            body.removeFirst()
        }
        let plain = TitleText.collapsed(inlines.plainText).trimmingCharactersInSpace()
        let roles = builder.roles(of: ctx.section)

        // "**Launch Lead:**" → "- Responsibilities: …, go/no-go decision": who decides.
        if builder.decisionMaker == nil, DecisionMaker.isGoDecisionDuty(plain), let label = ctx.leadLabel, let role = DecisionMaker.role(fromLabel: label) {
            builder.decisionMaker = role
        }
        // "- Release Manager: ______" under a decision: an approver, not a step.
        if let role = GateShapes.blankRole(plain), let gate = builder.nearestGate(section: ctx.section) ?? (roles.contains(.gate) ? builder.gate(for: ctx.section) : nil) {
            builder.addGateRole(role, gate: gate)
            return
        }
        // Lists that something else consumes are never steps.
        if ctx.consumer.contains(.gate) {
            let gateSection = builder.ancestor(of: ctx.section) { $0.roles.contains(.gate) } ?? ctx.section
            let gate = builder.nearestGate(section: ctx.section) ?? builder.gate(for: gateSection)
            // "- [ ] Launch Commander (lead)": an attendee ticked off, named by role.
            let attendee = task != nil && OwnerParser.looksLikeRole(GateShapes.withoutAside(plain))
            for role in OwnerParser.roles(GateShapes.withoutAside(plain)) where task == nil || attendee { builder.addGateRole(role, gate: gate) }
            builder.readAs(.gateApprover, item, section: ctx.section)
            return
        }
        let healthyList = ctx.consumer.contains(.healthy) || (ctx.consumer.isEmpty && roles.contains(.healthy))
        let criteriaList = ctx.consumer.contains(.triggers) || healthyList
            || (ctx.consumer.isEmpty && task == nil && !ordered && roles.contains(.triggers))
        if criteriaList {
            readCriteria(in: plain, position: item.position, lines: paragraphLines, ctx: ctx, roles: roles, isListItem: true)
            builder.readAs(healthyList ? .successCriteria : .criterion, item, section: ctx.section)
            // A trigger written out on the criterion says what it means exactly.
            comments(inInlines: inlines, lines: paragraphLines, fallback: paragraphPosition, section: ctx.section, step: nil)
            var inner = ctx
            inner.consumer = ctx.consumer.contains(.healthy) || (ctx.consumer.isEmpty && roles.contains(.healthy)) ? [.healthy] : [.triggers]
            if let subject = SignalSubject.of(inlines) { inner.signalSubject = subject }
            walkNested(body, inner)
            return
        }
        let metricsList = ctx.consumer.isEmpty && isUnderMetricsList(ctx.section)
        if !ctx.consumer.intersection([.contacts, .metrics]).isEmpty || metricsList {
            // A metric to watch may carry its own alert: "p99 latency — page if > 2s for 5m".
            var watched = WalkContext(section: ctx.section, signalSubject: SignalSubject.of(inlines) ?? ctx.signalSubject)
            watched.triggerAction = ctx.triggerAction
            readCriteria(in: plain, position: item.position, lines: paragraphLines, ctx: watched, roles: roles, isListItem: true)
            builder.readAs(ctx.consumer.contains(.contacts) ? .contacts : .metrics, item, section: ctx.section)
            // "1. **Queue depth**" → "- page if > 10k sustained for 4 minutes".
            watched.consumer = ctx.consumer.isEmpty ? .metrics : ctx.consumer
            walkNested(body, watched)
            return
        }
        // "Roll back if p99 > 300ms for 3 minutes" as an item: a criterion; a task item stays a step too.
        let subjectForNested = SignalSubject.of(inlines)
        if task == nil, ProseCriteria.read(plain, defaultSubject: ctx.signalSubject) != nil {
            readCriteria(in: plain, position: item.position, lines: paragraphLines, ctx: ctx, roles: roles, isListItem: true)
            builder.readAs(.criterion, item, section: ctx.section)
            return
        }
        // `- Owner: [QA Lead]`, `- Status: …` under a step are its details, not sub-steps.
        if let parent = ctx.parentStep, task == nil, StepDetail.isDetail(plain) {
            if let fields = OwnerParser.fields(in: plain), let owner = fields.owner {
                builder.setStepOwner(owner, stepID: parent)
            } else if let maker = StepDetail.decisionMaker(plain) {
                builder.setStepOwner(maker, stepID: parent)
            } else if let attendees = StepDetail.participants(plain) {
                builder.setStepOwnerIfUnset(attendees, stepID: parent)
                // "- [ ] Go/No-Go meeting held" → "- Attendees: Sponsor, PM": the meeting decides.
                if let line = builder.runbook.steps.last(where: { $0.id == parent })?.position.line,
                   let gate = builder.runbook.gates.firstIndex(where: { $0.position.line == line }) {
                    for role in OwnerParser.roles(attendees) { builder.addGateRole(role, gate: gate) }
                }
            }
            builder.readAs(.stepDetail, item, section: ctx.section)
            return
        }

        // "2. **Monitoring Points**" over a nested list of metrics: the list is watched, not done.
        if task == nil, !StepShapes.readsAsAction(plain), case let consumer = NotStepShapes.titleConsumer(plain), !consumer.isEmpty, !body.isEmpty {
            builder.readAs(.notStep(roles: consumer, sectionTitle: builder.runbook.sections[ctx.section].title), item, section: ctx.section)
            var inner = ctx
            inner.consumer = consumer
            inner.signalSubject = nil
            walkNested(body, inner)
            return
        }
        // A table of contents or a contact list is not work, even when numbered.
        // A plain bullet under a step is a sub-step when it says what to do ("Run the smoke
        // suite"); "While this PR is open, merging is halted" is a note about its step.
        // Under a short title ("**Build Verification**") every bullet is a check of its own.
        let parentStep = ctx.parentStep.flatMap { id in builder.runbook.steps.last { $0.id == id } }
        // Under a heading step ("### Update each CHANGELOG") the section's own rules still hold.
        let underHeading = parentStep?.kind == .heading
        let parentIsTitle = ctx.parentIsBoldTitle && !underHeading && (parentStep.map { $0.text.split(separator: " ").count <= 6 } ?? false)
        let subStep = ctx.parentStep != nil && (ordered || parentIsTitle || StepShapes.readsAsAction(plain))
        // "□ Canary metrics concerning → Hold and investigate" under a decision point: an outcome to choose.
        if let parentStep, builder.runbook.gates.contains(where: { $0.position.line == parentStep.position.line }), NotStepShapes.isDecisionOption(plain) {
            builder.readAs(.notStep(roles: [.gate], sectionTitle: builder.runbook.sections[ctx.section].title), item, section: ctx.section)
            return
        }
        // Check boxes in a summary or best-practices section repeat or advise; a contents entry
        // links; a bare link or value in a list is something to use, not something to do.
        // "- 09:00 Final staging verification": a row of a schedule, even in an overview.
        // "- 2 hours before launch: Snapshot the database" likewise.
        let scheduled = inlines.first.map { if case .text = $0 { true } else { false } } == true
            && (TimeAnchorParser.parseLeading(Substring(plain)) != nil || LeadTime.phraseLead(plain) != nil)
        let listedWork = !roles.contains(.contacts) && (!roles.contains(.content) || scheduled) && (ordered || subStep || scheduled || ((ctx.parentStep == nil || underHeading)
            && (ctx.leadWindow != nil || builder.isTimed(ctx.section) || roles.contains(.procedure) || inheritsProcedure(ctx))))
        let isStep = !NotStepShapes.isContentsEntry(inlines)
            && ((task != nil && !roles.contains(.content)) || (!NotStepShapes.isValueEntry(inlines) && !NotStepShapes.isQuestion(plain) && listedWork))
        guard isStep, !plain.isEmpty || task != nil else {
            // "- **Monday 19th May 2025**: Week 1 — cycle begins" in an overview: a dated
            // milestone, so a phase of its own (not a step).
            if ctx.parentStep == nil, ctx.consumer.isEmpty, !roles.contains(.contacts),
               let lead = leadingTimeAnchor(inlines, section: ctx.section), lead.anchor.wallClock == nil, !lead.rest.isEmpty {
                _ = builder.addSection(title: lead.rest, level: builder.runbook.sections[ctx.section].level + 1, position: item.position,
                                       endLine: item.position.line, parent: ctx.section, anchor: lead.anchor)
            }
            builder.readAs(.notStep(roles: roles, sectionTitle: builder.runbook.sections[ctx.section].title), item, section: ctx.section)
            comments(inInlines: inlines, lines: paragraphLines, fallback: paragraphPosition, section: ctx.section, step: ctx.parentStep)
            walkNested(body, ctx)
            return
        }

        var owner = ctx.leadOwner
        var textInlines = inlines
        if let prefix = OwnerParser.boldRolePrefix(inlines, known: roster) {
            owner = prefix.owner
            textInlines = prefix.rest
        } else if let prefix = Mentions.leading(inlines) {
            owner = prefix.owner
            textInlines = prefix.rest
        }
        var window = ctx.leadWindow
        if let lead = leadingTimeAnchor(textInlines, section: ctx.section, plain: true) {
            window = TimeWindow(lead.anchor)
            textInlines = [.text(lead.rest)]
        }
        var text = TitleText.collapsed(textInlines.plainText).trimmingCharactersInSpace()
        if let inline = InlineOwnerDue.split(text) {
            text = inline.text
            owner = owner ?? inline.owner
            window = inline.window ?? window
        } else if !LeadTime.hasBoldTitle(inlines), let trailing = LeadTime.trailingWindow(text) {
            window = TimeWindow(trailing)
        }
        if owner == nil, ordered, task == nil { owner = RoleActivityOwner.owner(text) }
        let lastLine = paragraphLines.last?.position.line ?? item.position.line
        var explicit: String?
        for line in item.position.line...max(item.position.line, lastLine) where explicit == nil {
            explicit = builder.explicitID(onLine: line)
        }
        let kind: StepKind = task != nil ? .task : (ordered ? .numbered : .item)
        // "- [ ] By 4ish: …": a time Liftoff cannot read; the step falls back to its section's.
        if window == nil, ctx.leadWindow == nil, TimeAnchorParser.looksTimeLike(String(text.prefix(60))) {
            builder.diagnose(Diagnostic(.info, "inherited-time", "step '\(text.prefix(60))' looks timed but its time cannot be read; it takes its section's window",
                                        hint: "write the time as T-2h, H+0:15 or 09:30, or annotate it: <!-- liftoff: at=T-2h -->", at: item.position))
        }
        let id = builder.addStep(text: text.isEmpty ? "(untitled step)" : text, kind: kind, position: item.position, section: ctx.section, parent: ctx.parentStep, owner: owner, window: window, done: task == .done, explicitID: explicit)

        for code in InlineCode.spans(in: inlines) where CommandDetector.isPlainlyCommand(code) {
            builder.addCommand(language: "sh", code: code, position: paragraphPosition, section: ctx.section, step: id)
        }
        comments(inInlines: inlines, lines: paragraphLines, fallback: paragraphPosition, section: ctx.section, step: id)

        if task != nil {
            readCriteria(in: plain, position: item.position, lines: paragraphLines, ctx: ctx, roles: roles, isListItem: true)
        }
        // "- [ ] Go/no-go decision", "3. 🛑 Hold until QA signs off": a decision point as well as a step.
        if task != nil || ordered, GateShapes.namesDecision(plain), !roles.contains(.gate) {
            let gate = builder.addGate(title: text, position: item.position, section: ctx.section)
            if let owner { for role in OwnerParser.roles(owner) { builder.addGateRole(role, gate: gate) } }
            for role in GateShapes.approvers(inText: plain) { builder.addGateRole(role, gate: gate) }
        } else if let gate = builder.runbook.gates.lastIndex(where: { $0.section == ctx.section }) {
            // "1. Get an explicit GO from the IC": the step names who approves its section's decision.
            for role in GateShapes.goApprovers(inText: plain) { builder.addGateRole(role, gate: gate) }
        }
        var inner = WalkContext(section: ctx.section, parentStep: id)
        inner.triggerAction = ctx.triggerAction
        inner.signalSubject = subjectForNested
        inner.parentIsBoldTitle = NotStepShapes.isBoldTitle(inlines) && !NotStepShapes.hasDetailLines(body)
        walkNested(body, inner)
    }

    private mutating func isUnderMetricsList(_ section: Int) -> Bool {
        if let known = underMetricsList[section] { return known }
        let answer = builder.ancestor(of: section) { SectionClassifier.isMetricsList($0.title) } != nil
        underMetricsList[section] = answer
        return answer
    }

    /// "## Fail over checklist" → "### Production" → "- Change the CNAME …": a subsection of a
    /// procedure holds steps too, when its list reads as instructions (not "- **Duration:** 24h").
    private func inheritsProcedure(_ ctx: WalkContext) -> Bool {
        guard ctx.listLeadsWithAction, let parent = builder.runbook.sections[ctx.section].parent else { return false }
        return builder.ancestor(of: parent) { $0.roles.contains(.procedure) } != nil
    }

    private mutating func walkNested(_ blocks: [BlockNode], _ ctx: WalkContext) {
        var inner = ctx
        walkBlocks(blocks, &inner)
    }

    // MARK: Code

    private mutating func codeBlock(info: String?, content: String, block: BlockNode, _ ctx: inout WalkContext) {
        let infoWord = info?.split(separator: " ").first.map { $0.lowercased() }
        let fenceCriteria = readFenceCriteria(info: info, block: block, ctx: ctx)
        if let language = CommandDetector.shellLanguage(info: info) {
            for line in block.lines { shellCodeLines.insert(line.position.line) }
            let codePosition = block.lines.first?.position ?? block.position
            // "### 3.2 Phase B: Drain the queue" with its commands and no items: the heading is the step.
            if ctx.parentStep == nil, let id = headingStep(for: ctx.section) {
                ctx.parentStep = id
            }
            builder.addCommand(language: language, code: content, position: codePosition, section: ctx.section, step: ctx.parentStep)
        } else if infoWord == "liftoff" {
            annotationBlockLines.formUnion(block.position.line...max(block.position.line, block.endLine))
            let position = block.lines.first?.position ?? block.position
            builder.addAnnotation(.block, text: content, position: position, section: ctx.section, step: ctx.parentStep)
        } else if info == nil, fenceDepth < MarkdownFence.maxDepth, BoxDrawing.isBox(block.lines) {
            // Its criteria were read from the fence's own lines (with their labels); the Markdown
            // reading adds its steps and times.
            if fenceCriteria > 0 { builder.criteriaRead += 1 }
            walkMarkdownFence(content: BoxDrawing.markdown(block.lines), block: block, ctx)
            if fenceCriteria > 0 { builder.criteriaRead -= 1 }
        } else if info == nil, !OutlineReader.looksLikeOutline(block.lines) {
            // A plain fence of commands under "#### Updating Go dependencies": the heading is the step.
            if ctx.parentStep == nil, let id = headingStep(for: ctx.section) { ctx.parentStep = id }
        } else if info == nil, OutlineReader.looksLikeOutline(block.lines) {
            // Move the builder in and out: a copy would duplicate every array on the next append.
            var interpreter = OutlineInterpreter(builder: RunbookBuilder(file: builder.runbook.file), consumer: ctx.consumer)
            swap(&interpreter.builder, &builder)
            interpreter.interpret(OutlineReader.read(block.lines), section: ctx.section, parentStep: ctx.parentStep)
            swap(&interpreter.builder, &builder)
        } else if MarkdownFence.isMarkdown(info: info), fenceDepth < MarkdownFence.maxDepth {
            walkMarkdownFence(content: content, block: block, ctx)
        } else if infoWord != "liftoff", case let count = FencedTaskItems.count(in: block.lines), count > 0 {
            builder.diagnose(FencedTaskItems.diagnostic(count: count, info: info, fenced: block.isFenced, at: block.position))
        }
    }

    /// The step a section heading stands for when the section holds commands but no items of
    /// its own, or nil when the heading is not an action (contacts, criteria, overviews).
    private mutating func headingStep(for section: Int) -> String? {
        let s = builder.runbook.sections[section]
        guard s.level >= 2, s.roles.intersection([.content, .healthy, .triggers, .metrics, .gate]).isEmpty,
              !s.roles.contains(.contacts) || StepShapes.readsAsAction(s.title),
              !builder.hasSteps(in: section),
              StepShapes.headingNamesAction(s.title) else { return nil }
        return builder.addStep(text: s.title, kind: .heading, position: s.position, section: section, parent: nil, owner: nil, window: nil, done: false)
    }

    // MARK: Comments

    private mutating func comments(inInlines inlines: [Inline], lines: [SourceLine], fallback: SourcePosition, section: Int, step: String?) {
        let htmls = InlineCode.html(in: inlines).filter { $0.hasPrefix("<!--") }
        guard !htmls.isEmpty else { return }
        comments(in: htmls.joined(separator: "\n"), lines: lines, fallback: fallback, section: section, step: step)
    }

    /// `<!-- GUIDANCE: … -->` becomes help, `<!-- liftoff: … -->` an annotation, at its exact position.
    private mutating func comments(in html: String, lines: [SourceLine], fallback: SourcePosition, section: Int, step: String?) {
        var searchFrom = (line: 0, offset: 0)
        for comment in HTMLComment.all(in: html) {
            let body = comment.trimmingCharactersInSpace()
            let position = HTMLComment.locate(comment, in: lines, from: &searchFrom) ?? fallback
            let lower = body.lowercased()
            if lower.hasPrefix("guidance:") {
                builder.addHelp(String(body.dropFirst("guidance:".count)).trimmingCharactersInSpace(), position: position, section: section)
            } else if lower.hasPrefix("liftoff:") {
                builder.addAnnotation(.comment, text: String(body.dropFirst("liftoff:".count)).trimmingCharactersInSpace(), position: position, section: section, step: step)
            }
        }
    }

    // MARK: Whole-file scans

    private mutating func reserveExplicitIDs() {
        for (index, line) in sourceLines.enumerated() where line.utf8Contains("liftoff:") && line.utf8Contains("id=") {
            for comment in HTMLComment.all(in: String(line)) {
                let body = comment.trimmingCharactersInSpace()
                guard body.lowercased().hasPrefix("liftoff:") else { continue }
                for token in body.split(whereSeparator: { $0 == " " || $0 == "\t" }) where token.hasPrefix("id=") {
                    let id = String(token.dropFirst(3)).trimmingCharacters(in: "\"'")
                    let column = (line.range(of: "id=").map { line.unicodeScalars.distance(from: line.startIndex, to: $0.lowerBound) } ?? 0) + 1
                    if !id.isEmpty {
                        builder.reserveExplicitStepID(id, at: SourcePosition(line: index + 1, column: column))
                    }
                }
            }
        }
    }

    private mutating func scanPlaceholders() {
        var positions: [String: [SourcePosition]] = [:]
        var order: [String] = []
        var possible: [PossiblePlaceholder] = []
        let refs = ReferenceLabels.collect(sourceLines)
        for (index, line) in sourceLines.enumerated() where index >= frontMatterEnd {
            let lineNumber = index + 1
            let inAnnotation = annotationBlockLines.contains(lineNumber)
            for hit in PlaceholderScanner.variables(in: line) where !(inAnnotation && hit.text == ShiftStep.weightVariable) {
                if positions[hit.text] == nil { order.append(hit.text) }
                positions[hit.text, default: []].append(SourcePosition(line: lineNumber, column: hit.column))
            }
            for hit in PlaceholderScanner.possible(in: line, shellCode: shellCodeLines.contains(lineNumber), referenceLabels: refs) where !inAnnotation {
                possible.append(PossiblePlaceholder(text: hit.text, style: hit.style, position: SourcePosition(line: lineNumber, column: hit.column)))
            }
        }
        builder.runbook.placeholders = order.map { Placeholder(name: $0, positions: positions[$0] ?? []) }
        builder.runbook.possiblePlaceholders = possible
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
