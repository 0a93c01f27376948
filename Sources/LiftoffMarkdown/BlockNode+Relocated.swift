/// Moving a parsed block tree to where its text really sits: Markdown inside a fenced block is
/// parsed on its own (its first content line is line 1), then every position is put back on
/// the file's line and column so diagnostics and `lint --explain` point at the right place.
extension BlockNode {
    /// The tree with every position (blocks, lines, table rows and cells) passed through `move`.
    public func relocated(_ move: (SourcePosition) -> SourcePosition, depth: Int = 0) -> BlockNode {
        var node = self
        node.position = move(position)
        node.endLine = max(node.position.line, move(SourcePosition(line: endLine, column: 1)).line)
        node.lines = lines.map { SourceLine(text: $0.text, position: move($0.position)) }
        if case .table(let header, let alignments, let rows) = kind {
            node.kind = .table(header: header.relocated(move), alignments: alignments, rows: rows.map { $0.relocated(move) })
        }
        // The parser caps nesting far below this; the guard keeps a hostile tree from recursing without end.
        node.children = depth < 500 ? children.map { $0.relocated(move, depth: depth + 1) } : []
        return node
    }
}

extension TableRow {
    public func relocated(_ move: (SourcePosition) -> SourcePosition) -> TableRow {
        TableRow(cells: cells.map { TableCell(inlines: $0.inlines, raw: $0.raw, position: move($0.position)) },
                 line: move(SourcePosition(line: line, column: 1)).line)
    }
}

/// Where each line of a fenced block's content starts in the file: content line 1 is the line
/// after the opening fence, at the column after the fence's indentation (and any list or quote
/// prefix around it).
public struct FenceLineMap {
    let starts: [SourcePosition]

    public init(_ contentLines: [SourceLine]) {
        starts = contentLines.map(\.position)
    }

    /// A position inside the content as a position in the file. Lines past the content (a
    /// block's end) stay on the last content line.
    public func map(_ p: SourcePosition) -> SourcePosition {
        guard let last = starts.last else { return p }
        let index = min(max(p.line, 1), starts.count) - 1
        let start = starts.indices.contains(index) ? starts[index] : last
        return SourcePosition(line: start.line, column: start.column + max(0, p.column - 1))
    }
}
