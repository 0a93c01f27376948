import LiftoffMarkdown

/// Closure items: the list items and outline items of a closure section, with the owner of
/// their outline group (`owner:` or a role key such as `Engineering:`). Templates and tools
/// listed there are references, not work.
extension LandingWalk {
    private static let referenceKeys: Set<String> = ["templates", "template", "tools", "tool", "links", "references", "resources", "notes"]

    mutating func closureBlock(_ block: BlockNode) {
        switch block.kind {
        case .list:
            for item in block.children { closureListItem(item, group: nil, owner: nil) }
        case .codeBlock(let info, _, _):
            guard info == nil, OutlineReader.looksLikeOutline(block.lines) else { return }
            closureOutline(OutlineReader.read(block.lines), group: nil, owner: nil)
        default:
            return
        }
    }

    private mutating func closureListItem(_ item: BlockNode, group: String?, owner: String?) {
        let parts = Self.parts(of: item)
        guard !parts.text.isEmpty else { return }
        let itemOwner = parts.owner ?? owner
        if !parts.nested.isEmpty {
            for child in parts.nested { closureListItem(child, group: parts.label, owner: itemOwner) }
            return
        }
        addClosure(parts.text, at: item.position, group: group, owner: itemOwner)
    }

    private mutating func closureOutline(_ nodes: [OutlineNode], group: String?, owner: String?) {
        let groupOwner = nodes.first { $0.key.map(TitleText.normalized) == "owner" }?.value.map(OwnerParser.cleanName) ?? owner
        for node in nodes {
            if let key = node.key, node.isContainer {
                let lower = TitleText.normalized(key)
                if Self.referenceKeys.contains(lower) { continue }
                let label = TitleText.trimmedLabel(key)
                if OwnerParser.looksLikeRole(label) {
                    closureOutline(node.children, group: group, owner: label)
                } else if ["requirements", "tasks", "actions", "steps", "checklist", "items", "deliverables", "to do", "todo"].contains(lower) {
                    closureOutline(node.children, group: group, owner: groupOwner)
                } else {
                    closureOutline(node.children, group: label, owner: groupOwner)
                }
            } else if node.key == nil || node.isItem, !node.text.isEmpty, node.children.isEmpty {
                addClosure(node.text, at: node.position, group: group, owner: groupOwner)
            }
        }
    }

    private mutating func addClosure(_ rawText: String, at position: SourcePosition, group: String?, owner: String?) {
        let text = rawText.trimmingCharactersInSpace()
        // An item the reader already made a step (a closure checklist) stays that step.
        guard !text.isEmpty, !runbook.steps.contains(where: { $0.position.line == position.line }),
              !closure.contains(where: { $0.position.line == position.line }) else { return }
        let sectionOwner = runbook.sections.indices.contains(section) ? runbook.sections[section].owner : nil
        closure.append(ClosureItem(text: text, owner: owner ?? sectionOwner, group: group, position: position, section: section))
    }
}
