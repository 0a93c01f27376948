import LiftoffMarkdown

/// "- >25% of users unable to log in": Markdown reads `>` after a list marker as a block quote,
/// but a quote that starts with a number is a threshold ("greater than 25%"), as the writer meant.
enum QuotedThreshold {
    /// The quoted paragraph's inlines when the block is such a quote, else nil.
    static func paragraph(_ block: BlockNode) -> [Inline]? {
        guard case .blockQuote = block.kind, block.children.count == 1, let inner = block.children.first,
              case .paragraph(let inlines) = inner.kind else { return nil }
        let text = inlines.plainText.trimmingCharactersInSpace()
        guard let first = text.first, first.quickIsNumber || first == "=" || first == "$" else { return nil }
        return inlines
    }
}
