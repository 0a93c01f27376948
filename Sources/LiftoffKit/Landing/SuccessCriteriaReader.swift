import LiftoffMarkdown

/// Reads the criteria of a launch's success out of the sections that state them: success, exit,
/// acceptance and "launch complete" headings, in prose, lists, threshold tables and outline
/// blocks (`Technical Success:` → `owner:`, `criteria:`, `verification: duration: 24 hours`).
///
/// A pass of its own over the parsed document, after the runbook is read: it adds criteria and
/// changes nothing else, so steps and triggers read exactly as before. Metric criteria come
/// from the healthy-side statements the reader already kept (`Runbook.healthy`) or from the
/// criterion's own sentence; they are never trigger candidates.
enum SuccessCriteriaReader {
    static func read(_ document: BlockNode, runbook: Runbook) -> (criteria: [SuccessCriterion], closure: [ClosureItem]) {
        var reader = LandingWalk(runbook: runbook)
        reader.blocks(document.children)
        return (reader.found, reader.closure)
    }

    /// "Success Criteria", "Exit Criteria", "Acceptance", "Launch Complete", "Definition of
    /// Done": the healthy side that ends a launch. Rollback or no-go headings never are.
    static func isSuccessTitle(_ title: String) -> Bool {
        let t = TitleText.normalized(title)
        guard !isClosureTitle(title), CriterionPolarity.ofTitle(t) != .firing else { return false }
        if t.containsPhrase("unsuccessful") { return false }
        return ["success", "successful", "exit criteria", "acceptance", "launch complete", "launch completion", "completion criteria",
                "definition of done", "done criteria"].contains(where: t.containsPhrase)
    }

    /// "Launch Closure Process", "Retrospective", "Hand-off": what follows success, not criteria.
    static func isClosureTitle(_ title: String) -> Bool {
        let t = TitleText.normalized(title)
        // "Lessons Learned" and post-mortem sections hold what was learned, not work to close with.
        return ["closure", "close-out", "closeout", "wrap-up", "wrap up", "retrospective", "retro",
                "hand-off", "handoff", "handover", "hand over"].contains(where: t.containsPhrase)
    }
}

/// What the innermost heading that says anything makes of the blocks under it.
enum LandingContext {
    case success, closure, other
}

/// One walk for both: success criteria under success headings, closure items under closure headings.
struct LandingWalk {
    let runbook: Runbook
    var found: [SuccessCriterion] = []
    var closure: [ClosureItem] = []
    var ids = IDAllocator()
    /// Open headings: level, the context they open (nil: they say nothing), their section.
    var headings: [(level: Int, context: LandingContext?, section: Int)] = []
    /// A bold lead-in ("**Technical Success:**") names the group of the list after it.
    var leadGroup: String?
    /// The first section (not the root) opened on each line: a heading's own section, found
    /// once per heading without a scan of every section (quadratic in a big runbook).
    private let sectionOnLine: [Int: Int]

    init(runbook: Runbook) {
        self.runbook = runbook
        var sectionOnLine: [Int: Int] = [:]
        for (index, section) in runbook.sections.enumerated() where section.level > 0 && sectionOnLine[section.position.line] == nil {
            sectionOnLine[section.position.line] = index
        }
        self.sectionOnLine = sectionOnLine
    }

    var section: Int { headings.last?.section ?? 0 }

    var context: LandingContext { headings.last { $0.context != nil }?.context ?? .other }

    var inSuccess: Bool { context == .success }

    mutating func blocks(_ blocks: [BlockNode]) {
        for block in blocks {
            let group = leadGroup
            visit(block)
            if group == leadGroup { leadGroup = nil }
        }
    }

    mutating func visit(_ block: BlockNode) {
        switch block.kind {
        case .heading(let level, let inlines):
            let title = TitleText.withoutNumbering(TitleText.collapsed(inlines.plainText))
            while let last = headings.last, last.level >= level { headings.removeLast() }
            let index = sectionOnLine[block.position.line] ?? section
            let says: LandingContext? = SuccessCriteriaReader.isSuccessTitle(title) ? .success
                : (SuccessCriteriaReader.isClosureTitle(title) ? .closure : (CriterionPolarity.ofTitle(title) == .firing ? .other : nil))
            headings.append((level, says, index))
        case .blockQuote:
            blocks(block.children)
        case _ where context == .closure:
            closureBlock(block)
        case _ where !inSuccess:
            return
        case .paragraph(let inlines):
            let plain = TitleText.collapsed(inlines.plainText).trimmingCharactersInSpace()
            if plain.hasSuffix(":"), plain.count <= 60 {
                leadGroup = String(plain.dropLast()).trimmingCharactersInSpace()
                return
            }
            statements(from: block.position.line, to: block.endLine, group: leadGroup, owner: nil, window: nil)
        case .table(let header, _, let rows):
            table(header: header, rows: rows, group: leadGroup)
            statements(from: block.position.line, to: block.endLine, group: leadGroup, owner: nil, window: nil)
        case .list:
            for item in block.children { listItem(item, group: leadGroup) }
        case .codeBlock(let info, _, _):
            guard info == nil, OutlineReader.looksLikeOutline(block.lines) else { return }
            outline(OutlineReader.read(block.lines), group: leadGroup, owner: nil, window: nil)
        default:
            return
        }
    }

    /// A list item is a criterion, or, when it only names what its nested items verify
    /// ("**Technical**:"), their group.
    mutating func listItem(_ item: BlockNode, group: String?) {
        let parts = Self.parts(of: item)
        guard !parts.text.isEmpty else { return }
        if !parts.nested.isEmpty, metric(parts.text, line: item.position.line) == nil {
            for child in parts.nested { listItem(child, group: parts.label) }
            return
        }
        add(parts.text, at: item.position, group: group, owner: parts.owner, window: nil)
    }

    /// A list item's first paragraph (after a bold role prefix, which names its owner:
    /// "- **Product Owner**: Support volume normal") and its nested items.
    static func parts(of item: BlockNode) -> (text: String, owner: String?, nested: [BlockNode], label: String) {
        var text = ""
        var owner: String?
        var nested: [BlockNode] = []
        for child in item.children {
            if case .paragraph(let inlines) = child.kind, text.isEmpty {
                if let prefix = OwnerParser.boldRolePrefix(inlines) {
                    owner = prefix.owner
                    text = TitleText.collapsed(prefix.rest.plainText).trimmingCharactersInSpace()
                } else {
                    text = TitleText.collapsed(inlines.plainText).trimmingCharactersInSpace()
                }
            } else if case .list = child.kind {
                nested.append(contentsOf: child.children)
            }
        }
        // As a group's name: without its closing colon ("**Technical**:").
        let label = text.hasSuffix(":") ? String(text.dropLast()).trimmingCharactersInSpace() : text
        return (text, owner, nested, label)
    }

    /// `| Availability | > 99.9% |` under a target or threshold column: the row's healthy
    /// side as written, one criterion per threshold.
    mutating func table(header: TableRow, rows: [TableRow], group: String?) {
        let names = header.cells.map { TitleText.normalized($0.plainText) }
        let metric = names.firstIndex { name in ["metric", "signal", "indicator", "sli", "measure", "kpi"].contains { name.contains($0) } }
        let threshold = names.firstIndex { name in ["threshold", "target", "limit", "slo", "criteria", "criterion"].contains { name.contains($0) } }
        guard let columns = ThresholdColumns(names, metric: metric, threshold: threshold), columns.firing.isEmpty else { return }
        for row in rows where columns.metric >= 0 && columns.metric < row.cells.count {
            let metricName = row.cells[columns.metric].plainText
            for index in columns.healthy where index < row.cells.count {
                let cell = row.cells[index]
                for part in cell.plainText.split(separator: ",") {
                    let text = String(part.trimmingCharactersInSpaceSub())
                    guard var parsed = TableReader.healthyThreshold(text, metric: metricName) else { continue }
                    parsed.op = parsed.op.negated
                    let measure = SuccessCriterion.Measure.metric(signal: parsed.signal, op: parsed.op, value: parsed.value, valueVariable: parsed.valueVariable, unit: parsed.unit)
                    append("\(TitleText.collapsed(metricName)): \(text)", at: cell.position, group: group, owner: nil, measure: measure, window: parsed.forSeconds)
                }
            }
        }
    }

    /// Healthy-side statements of prose and threshold tables on these lines.
    mutating func statements(from first: Int, to last: Int, group: String?, owner: String?, window: Int?) {
        for statement in runbook.healthy where statement.kind == .criterion && (first...max(first, last)).contains(statement.position.line) {
            guard !found.contains(where: { $0.position == statement.position }), !NonMetricSignal.contains(statement.signal) else { continue }
            let measure = SuccessCriterion.Measure.metric(signal: statement.signal, op: statement.op, value: statement.value, valueVariable: nil, unit: statement.unit)
            let forSeconds = TriggerSentenceParser.parse(statement.text)?.forSeconds
            append(statement.text, at: statement.position, group: group, owner: owner, measure: measure, window: forSeconds ?? window)
        }
    }

    /// `Technical Success:` → `owner:`, `criteria:` (the items), `verification:` →
    /// `duration: 24 hours` (the window of each item).
    mutating func outline(_ nodes: [OutlineNode], group: String?, owner: String?, window: Int?) {
        for node in nodes {
            if let key = node.key, node.isContainer {
                let lower = TitleText.normalized(key)
                if ["criteria", "success criteria", "exit criteria", "acceptance criteria", "checks"].contains(lower) {
                    for item in node.children where !item.text.isEmpty { add(item.text, at: item.position, group: group, owner: owner, window: window) }
                    continue
                }
                if ["verification", "owner", "tool", "tools", "duration"].contains(lower) { continue }
                let groupOwner = node.children.first { $0.key.map(TitleText.normalized) == "owner" }?.value.map(OwnerParser.cleanName)
                let verification = node.children.first { $0.key.map(TitleText.normalized) == "verification" }
                let duration = verification?.children.first { $0.key.map(TitleText.normalized) == "duration" }?.value.flatMap(DurationParser.parse)
                    ?? node.children.first { $0.key.map(TitleText.normalized) == "duration" }?.value.flatMap(DurationParser.parse)
                outline(node.children, group: TitleText.trimmedLabel(key), owner: groupOwner ?? owner, window: duration ?? window)
            } else if node.key == nil || node.isItem, !node.text.isEmpty, node.children.isEmpty {
                add(node.text, at: node.position, group: group, owner: owner, window: window)
            }
        }
    }

    /// A metric condition stated on its healthy side, or nil.
    func metric(_ text: String, line: Int) -> (measure: SuccessCriterion.Measure, forSeconds: Int?)? {
        let parsed = TriggerSentenceParser.parse(text)
        if let statement = runbook.healthy.first(where: { $0.kind == .criterion && $0.position.line == line }), !NonMetricSignal.contains(statement.signal) {
            return (.metric(signal: statement.signal, op: statement.op, value: statement.value, valueVariable: nil, unit: statement.unit), parsed?.forSeconds)
        }
        guard let parsed, parsed.relative == nil, parsed.value != nil || parsed.valueVariable != nil, !NonMetricSignal.contains(parsed.signal) else { return nil }
        return (.metric(signal: parsed.signal, op: parsed.op, value: parsed.value, valueVariable: parsed.valueVariable, unit: parsed.unit), parsed.forSeconds)
    }

    mutating func add(_ rawText: String, at position: SourcePosition, group: String?, owner: String?, window: Int?) {
        let text = rawText.trimmingCharactersInSpace()
        // "Roll back if …" under a success heading is a trigger's business, not a criterion.
        guard !text.isEmpty, CriterionPolarity.ofSentence(text) != .firing else { return }
        if let read = metric(text, line: position.line) {
            append(text, at: position, group: group, owner: owner, measure: read.measure, window: read.forSeconds ?? window)
        } else {
            append(text, at: position, group: group, owner: owner, measure: .judgement, window: window)
        }
    }

    mutating func append(_ text: String, at position: SourcePosition, group: String?, owner: String?, measure: SuccessCriterion.Measure, window: Int?) {
        guard !found.contains(where: { $0.position.line == position.line && $0.text == text }) else { return }
        let sectionTitle = runbook.sections.indices.contains(section) ? runbook.sections[section].title : "success"
        let id = ids.allocate("\(Slug.make(group ?? sectionTitle, maxLength: 32))/\(Slug.make(text, maxLength: 40))")
        let sectionOwner = runbook.sections.indices.contains(section) ? runbook.sections[section].owner : nil
        found.append(SuccessCriterion(id: id, text: text, group: group, owner: owner ?? sectionOwner, measure: measure,
                                      windowSeconds: window, position: position, section: section))
    }
}
