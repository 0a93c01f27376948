import LiftoffMarkdown

/// Markdown written inside a fenced block (```` ```markdown ````, ```` ```md ````, ```` ```gfm ````)
/// — a whole checklist template in a playbook — is read as Markdown, with every position
/// mapped back to the file (docs/runbook-format.md, "Markdown in code fences").
enum MarkdownFence {
    private static let infoWords: Set<String> = ["markdown", "md", "gfm"]
    /// Fences inside fences inside fences… are read this deep; deeper ones stay code.
    static let maxDepth = 4

    static func isMarkdown(info: String?) -> Bool {
        guard let info else { return false }
        let first = info.split(whereSeparator: { $0 == " " || $0 == "{" || $0 == "," }).first.map { $0.lowercased() } ?? ""
        return infoWords.contains(first)
    }

    /// The fence's content parsed as a document, its blocks placed on the file's lines and
    /// columns. Front matter at the top of the content is a template's, not the runbook's.
    static func blocks(content: String, lines: [SourceLine]) -> [BlockNode] {
        let map = FenceLineMap(lines)
        let document = MarkdownParser.parse(content)
        return document.children.compactMap { block -> BlockNode? in
            if case .frontMatter = block.kind { return nil }
            return block.relocated(map.map)
        }
    }
}

extension RunbookWalker {
    /// Walks a Markdown fence's blocks as if written in place. Its headings nest under the
    /// section holding the fence (a `#` inside a `##` section is a level-3 section) and close
    /// with it: what follows the fence belongs to the enclosing section again.
    mutating func walkMarkdownFence(content: String, block: BlockNode, _ ctx: WalkContext) {
        let blocks = MarkdownFence.blocks(content: content, lines: block.lines)
        let savedStack = sectionStack
        let savedOffset = headingLevelOffset
        fenceDepth += 1
        headingLevelOffset = builder.runbook.sections[ctx.section].level
        var inner = ctx
        walkBlocks(blocks, &inner)
        fenceDepth -= 1
        headingLevelOffset = savedOffset
        while sectionStack.count > savedStack.count { closeSection(sectionStack.removeLast()) }
        sectionStack = savedStack
    }
}
