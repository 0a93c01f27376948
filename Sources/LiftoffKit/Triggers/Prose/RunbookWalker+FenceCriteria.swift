import LiftoffMarkdown

/// Criteria inside code fences: threshold maps in config languages (`ThresholdMap`) and
/// criteria lists in plain, shell or box-drawn text (`FencedCriteriaLines`), read with the
/// polarity and action of where the fence stands (docs/runbook-format.md, "Criteria in code fences").
extension RunbookWalker {
    /// Which side the fence's surroundings state, and whether they are a criteria section
    /// (strong) or only a rollback procedure, where a fence holds commands and settings (weak).
    struct FenceSide {
        var polarity: CriterionPolarity?
        var strong: Bool
    }

    func fenceSide(_ ctx: WalkContext) -> FenceSide {
        if ctx.consumer.contains(.healthy) { return FenceSide(polarity: .healthy, strong: true) }
        if ctx.consumer.contains(.triggers) { return FenceSide(polarity: .firing, strong: true) }
        let sections = builder.runbook.sections
        let decides = builder.ancestor(of: ctx.section) { s in
            !s.roles.intersection([.healthy, .triggers, .rollback]).isEmpty || CriterionPolarity.ofTitle(s.title) != nil
        }
        guard let decides else { return FenceSide(polarity: nil, strong: false) }
        let roles = sections[decides].roles
        if roles.contains(.healthy) { return FenceSide(polarity: .healthy, strong: true) }
        if roles.contains(.triggers) { return FenceSide(polarity: .firing, strong: true) }
        if let polarity = CriterionPolarity.ofTitle(sections[decides].title), !roles.contains(.rollback) {
            return FenceSide(polarity: polarity, strong: true)
        }
        return FenceSide(polarity: .firing, strong: false)
    }

    /// Reads the fence's criteria; returns how many it added (healthy statements included).
    @discardableResult
    mutating func readFenceCriteria(info: String?, block: BlockNode, ctx: WalkContext) -> Int {
        let before = builder.runbook.triggers.count + builder.runbook.healthy.count
        readFenceCriteria(info: info, block: block, side: fenceSide(ctx), ctx: ctx)
        return builder.runbook.triggers.count + builder.runbook.healthy.count - before
    }

    private mutating func readFenceCriteria(info: String?, block: BlockNode, side: FenceSide, ctx: WalkContext) {
        if ThresholdMap.isConfig(info: info) {
            let entries = ThresholdMap.entries(block.lines)
            let stated = entries.contains { $0.severity != nil } ? SeverityActions.read(sourceLines) : [:]
            for entry in entries {
                guard let polarity = entry.polarity ?? side.polarity,
                      entry.stated || (side.strong && SignalDirection.of(entry.parsed.signal) != nil) else { continue }
                let action = entry.action ?? entry.severity.flatMap { stated[$0] } ?? severityAction(entry.severity, ctx: ctx) ?? entry.keyAction ?? ctx.triggerAction
                var parsed = entry.parsed
                // `error_rate: 1%` among success targets states the good side: at most 1%.
                if polarity == .healthy, !entry.opStated { parsed.op = parsed.op.negated }
                builder.addCriterion(parsed, text: entry.text, position: entry.position, section: ctx.section, action: action, activeForSeconds: nil, polarity: polarity)
            }
            return
        }
        let shell = CommandDetector.shellLanguage(info: info) != nil
        let plain = info == nil || ["text", "txt", "plain", "plaintext", "ascii"].contains(info?.lowercased() ?? "")
        if shell || info == nil {
            // `if [ $ERROR_RATE -gt 5 ]; then ./rollback.sh`: the branch says what the condition leads to.
            for c in ShellConditions.criteria(block.lines) {
                builder.addCriterion(c.parsed, text: c.text, position: c.position, section: ctx.section, action: c.action, activeForSeconds: nil, polarity: .firing)
            }
        }
        guard shell || (plain && !OutlineReader.looksLikeOutline(block.lines)) else { return }
        // "# If issues persist: ROLLBACK" in the same fence: what its criteria lead to.
        let content = block.lines.map { String($0.text) }.joined(separator: "\n")
        let fenceAction = CriterionAction.of(content).flatMap { $0 == .rollback || $0 == .halt ? $0 : nil }
        for item in FencedCriteriaLines.items(block.lines, shell: shell) {
            let labelPolarity = item.label.flatMap { label -> CriterionPolarity? in
                let consumer = SectionClassifier.consumingLabel(label)
                if consumer.contains(.triggers) { return .firing }
                if consumer.contains(.healthy) { return .healthy }
                // "ROLLBACK STEPS:" says how to roll back, not when.
                let lower = label.lowercased()
                if ["steps", "procedure", "plan", "process", "how to", "actions", "commands"].contains(where: { lower.containsPhrase($0) }) { return nil }
                return CriterionPolarity.ofTitle(label)
            }
            // Under a rollback procedure only a label in the fence makes its lines criteria.
            guard let context = labelPolarity ?? (side.strong ? side.polarity : nil) else { continue }
            let polarity = CriterionPolarity.ofSentence(item.text) ?? context
            let action = CriterionAction.of(item.text) ?? item.label.flatMap(CriterionAction.of) ?? fenceAction ?? ctx.triggerAction
            for (clause, _) in ConditionClauses.parseWithText(item.text, implicitComparison: polarity == .firing) {
                builder.addCriterion(clause, text: item.text, position: item.position, section: ctx.section, action: action, activeForSeconds: nil, polarity: polarity)
            }
        }
    }

    /// `warning:` groups alert; `critical:` ones roll back under a rollback section, else page.
    private func severityAction(_ severity: ThresholdMap.Severity?, ctx: WalkContext) -> TriggerAction? {
        switch severity {
        case .warning: return .alert
        case .critical: return builder.ancestor(of: ctx.section) { $0.roles.contains(.rollback) } != nil ? .rollback : .page
        case nil: return nil
        }
    }
}
