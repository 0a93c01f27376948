/// Reads a runbook out of Markdown as written: sections and phases from headings, steps from
/// task items, procedure lists and timed tables, owners, gates, trigger candidates, commands,
/// placeholders and Liftoff annotations. Pure: text in, `Runbook` out; never fails.
public enum RunbookExtractor {
    public static func extract(_ text: String, file: String) -> Runbook {
        let document = MarkdownParser.parse(text)
        var walker = RunbookWalker(file: file, text: text)
        walker.walkDocument(document)
        return walker.finish()
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
}

struct RunbookWalker {
    var builder: RunbookBuilder
    let sourceLines: [Substring]
    /// Lines inside shell code, where other placeholder styles are shell syntax.
    var shellCodeLines = Set<Int>()
    /// Lines of `liftoff` blocks: YAML, where `[a, b]` is a list and `{{weight}}` the shift's own.
    var annotationBlockLines = Set<Int>()
    var frontMatterEnd = 0
    var sectionStack: [Int] = []
    private var sawTitle = false
    /// Inside a Markdown fence: how deep, and the level its headings nest under.
    var fenceDepth = 0
    var headingLevelOffset = 0

    init(file: String, text: String) {
        builder = RunbookBuilder(file: file)
        sourceLines = SourceText.lines(of: text)
    }

    mutating func walkDocument(_ document: BlockNode) {
        let root = builder.addSection(title: "", level: 0, position: SourcePosition(line: 1, column: 1), endLine: max(1, sourceLines.count), parent: nil, anchor: nil)
        sectionStack = [root]
        reserveExplicitIDs()
        var ctx = WalkContext(section: root)
        walkBlocks(document.children, &ctx)
        scanPlaceholders()
    }

    mutating func finish() -> Runbook {
        StepAnnotationKeys.apply(to: &builder)
        var runbook = builder.finish()
        AnnotationStepBinding.bind(&runbook)
        StepBlockKeys.apply(&runbook)
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
            }
        }
    }

    private func isLabelParagraph(_ block: BlockNode) -> Bool {
        if case .paragraph(let inlines) = block.kind {
            return inlines.plainText.trimmingCharactersInSpace().hasSuffix(":") || leadingTimeAnchor(inlines)?.rest.isEmpty == true
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
            for item in block.children {
                listItem(item, ordered: ordered, ctx)
            }
        case .listItem:
            listItem(block, ordered: false, ctx)
        case .codeBlock(let info, let content, _):
            codeBlock(info: info, content: content, block: block, ctx)
        case .htmlBlock(let html):
            comments(in: html, lines: block.lines, fallback: block.position, section: ctx.section, step: ctx.parentStep)
        case .table(let header, _, let rows):
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
            sectionStack.removeLast()
        }
        let parent = sectionStack.last ?? 0
        var anchor: TimeAnchor?
        if let found = TimeAnchorParser.findAnywhere(title) {
            anchor = found.anchor
        } else if let phrase = TimeAnchorParser.findRelativePhrase(title) {
            anchor = phrase
        } else if TimeAnchorParser.looksTimeLike(title) {
            builder.diagnose(Diagnostic(.warning, "unparsed-time", "heading '\(title)' looks like a time but Liftoff cannot read it", hint: "write it as T-7 days, T-2h, H+0:15 or T+1 to T+7", at: block.position))
        }
        let index = builder.addSection(title: title, level: level, position: block.position, endLine: block.endLine, parent: parent, anchor: anchor)
        if let owner = OwnerParser.headingOwner(title) {
            builder.setOwner(owner, of: index)
        }
        if builder.roles(of: index).contains(.gate) {
            _ = builder.gate(for: index)
        }
        sectionStack.append(index)
        ctx = WalkContext(section: index)
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
            if let due = fields.due, let anchor = TimeAnchorParser.findAnywhere(due)?.anchor {
                builder.setWindowIfUnset(TimeWindow(anchor), of: ctx.section)
            }
            if fields.owner != nil || fields.due != nil {
                builder.readAs(.ownerLine, block, section: ctx.section)
                return
            }
        }

        if let lead = leadingTimeAnchor(inlines) {
            if lead.rest.isEmpty {
                ctx.leadWindow = TimeWindow(lead.anchor)
            } else if ctx.consumer.isEmpty {
                builder.addStep(text: lead.rest, kind: .item, position: block.position, section: ctx.section, parent: ctx.parentStep, owner: nil, window: TimeWindow(lead.anchor), done: false)
            }
            return
        }

        if plain.hasSuffix(":") {
            ctx.consumer = SectionClassifier.consumingLabel(plain)
            ctx.activeForSeconds = TimeBound.activeFor(in: plain)
            let lower = plain.lowercased()
            ctx.triggerAction = lower.contains("manual") ? .rollback : (roles.contains(.metrics) && !lower.contains("rollback") ? .alert : .rollback)
            if ctx.consumer.contains(.gate), builder.ancestor(of: ctx.section, where: { $0.roles.contains(.gate) }) == nil {
                _ = builder.gate(for: ctx.section)
            }
            return
        }

        if roles.contains(.triggers) || roles.contains(.rollback) {
            for (sentence, _) in Sentences.split(plain) {
                if let parsed = TriggerSentenceParser.parse(sentence) {
                    builder.addTrigger(parsed, text: sentence, position: block.position, section: ctx.section, action: .rollback, activeForSeconds: TimeBound.activeFor(in: plain))
                }
            }
        }
    }

    /// `**T-30min:** Freeze deploys` → the anchor and `Freeze deploys`.
    private func leadingTimeAnchor(_ inlines: [Inline]) -> (anchor: TimeAnchor, rest: String)? {
        guard let first = inlines.first, case .strong(let bold) = first else { return nil }
        let boldText = bold.plainText.trimmingCharactersInSpace()
        guard let anchor = TimeAnchorParser.parseLeading(Substring(boldText)) else { return nil }
        let rest = TitleText.collapsed(Array(inlines.dropFirst()).plainText).trimmingCharactersInSpace()
        let cleaned = rest.hasPrefix(":") ? String(rest.dropFirst()).trimmingCharactersInSpace() : rest
        return (anchor, cleaned)
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
        }
        let plain = TitleText.collapsed(inlines.plainText).trimmingCharactersInSpace()
        let roles = builder.roles(of: ctx.section)

        // Lists that something else consumes are never steps.
        if ctx.consumer.contains(.gate) {
            let gateSection = builder.ancestor(of: ctx.section) { $0.roles.contains(.gate) } ?? ctx.section
            let gate = builder.gate(for: gateSection)
            for role in OwnerParser.roles(plain) where task == nil { builder.addGateRole(role, gate: gate) }
            builder.readAs(.gateApprover, item, section: ctx.section)
            return
        }
        if ctx.consumer.contains(.triggers) || (task == nil && !ordered && roles.contains(.triggers)) {
            if let parsed = TriggerSentenceParser.parse(plain) {
                builder.addTrigger(parsed, text: plain, position: item.position, section: ctx.section, action: ctx.triggerAction, activeForSeconds: ctx.activeForSeconds)
            }
            builder.readAs(.criterion, item, section: ctx.section)
            // A trigger written out on the criterion says what it means exactly.
            comments(inInlines: inlines, lines: paragraphLines, fallback: paragraphPosition, section: ctx.section, step: nil)
            var inner = ctx
            inner.consumer = [.triggers]
            walkNested(body, inner)
            return
        }
        if !ctx.consumer.intersection([.contacts, .metrics]).isEmpty {
            builder.readAs(ctx.consumer.contains(.contacts) ? .contacts : .metrics, item, section: ctx.section)
            return
        }

        // `- Owner: [QA Lead]`, `- Status: …` under a step are its details, not sub-steps.
        if let parent = ctx.parentStep, task == nil, StepDetail.isDetail(plain) {
            if let fields = OwnerParser.fields(in: plain), let owner = fields.owner {
                builder.setStepOwner(owner, stepID: parent)
            } else if let maker = StepDetail.decisionMaker(plain) {
                builder.setStepOwner(maker, stepID: parent)
            }
            builder.readAs(.stepDetail, item, section: ctx.section)
            return
        }

        // A table of contents or a contact list is not work, even when numbered.
        let isStep = task != nil || (!roles.contains(.contacts) && (ordered || ctx.parentStep != nil || ctx.leadWindow != nil
            || builder.isTimed(ctx.section) || roles.contains(.procedure)))
        guard isStep, !plain.isEmpty || task != nil else {
            builder.readAs(.notStep(roles: roles, sectionTitle: builder.runbook.sections[ctx.section].title), item, section: ctx.section)
            comments(inInlines: inlines, lines: paragraphLines, fallback: paragraphPosition, section: ctx.section, step: ctx.parentStep)
            walkNested(body, ctx)
            return
        }

        var owner: String?
        var textInlines = inlines
        if let prefix = OwnerParser.boldRolePrefix(inlines) {
            owner = prefix.owner
            textInlines = prefix.rest
        }
        var window = ctx.leadWindow
        if let lead = leadingTimeAnchor(inlines) {
            window = TimeWindow(lead.anchor)
            textInlines = [.text(lead.rest)]
        }
        let text = TitleText.collapsed(textInlines.plainText).trimmingCharactersInSpace()
        let lastLine = paragraphLines.last?.position.line ?? item.position.line
        var explicit: String?
        for line in item.position.line...max(item.position.line, lastLine) where explicit == nil {
            explicit = builder.explicitID(onLine: line)
        }
        let kind: StepKind = task != nil ? .task : (ordered ? .numbered : .item)
        let id = builder.addStep(text: text.isEmpty ? "(untitled step)" : text, kind: kind, position: item.position, section: ctx.section, parent: ctx.parentStep, owner: owner, window: window, done: task == .done, explicitID: explicit)

        for code in InlineCode.spans(in: inlines) where CommandDetector.isPlainlyCommand(code) {
            builder.addCommand(language: "sh", code: code, position: paragraphPosition, section: ctx.section, step: id)
        }
        comments(inInlines: inlines, lines: paragraphLines, fallback: paragraphPosition, section: ctx.section, step: id)

        var inner = WalkContext(section: ctx.section, parentStep: id)
        inner.triggerAction = ctx.triggerAction
        walkNested(body, inner)
    }

    private mutating func walkNested(_ blocks: [BlockNode], _ ctx: WalkContext) {
        var inner = ctx
        walkBlocks(blocks, &inner)
    }

    // MARK: Code

    private mutating func codeBlock(info: String?, content: String, block: BlockNode, _ ctx: WalkContext) {
        let infoWord = info?.split(separator: " ").first.map { $0.lowercased() }
        if let language = CommandDetector.shellLanguage(info: info) {
            for line in block.lines { shellCodeLines.insert(line.position.line) }
            let codePosition = block.lines.first?.position ?? block.position
            builder.addCommand(language: language, code: content, position: codePosition, section: ctx.section, step: ctx.parentStep)
        } else if infoWord == "liftoff" {
            annotationBlockLines.formUnion(block.position.line...max(block.position.line, block.endLine))
            let position = block.lines.first?.position ?? block.position
            builder.addAnnotation(.block, text: content, position: position, section: ctx.section, step: ctx.parentStep)
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
