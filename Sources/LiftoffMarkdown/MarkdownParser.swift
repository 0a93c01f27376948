/// Parses GitHub-flavoured Markdown into a `BlockNode` tree (CommonMark 0.31 + GFM tables,
/// task items and strikethrough, matching cmark-gfm), plus YAML front matter.
///
/// ```swift
/// let document = MarkdownParser.parse("# Go-live\n\n- [ ] Freeze deploys\n")
/// // document.children[1].children[0].kind == .listItem(marker: "-", task: .open)
/// ```
public enum MarkdownParser {
    /// Never fails, never crashes, never hangs: any String gives a tree.
    public static func parse(_ text: String) -> BlockNode {
        let lines = LineScanner.lines(of: text)
        let frontMatter = FrontMatter.detect(in: lines)
        let firstLine = (frontMatter?.closingLine ?? 0) + 1
        let parser = BlockParser(firstLine: 1)
        var number = firstLine
        while number <= lines.count {
            parser.incorporate(lines[number - 1], number: number)
            number += 1
        }
        parser.finish()

        let builder = TreeBuilder(blocks: parser.blocks, references: parser.references)
        var document = builder.node(0)
        document.position = SourcePosition(line: 1, column: 1)
        document.endLine = max(1, lines.count)
        if let frontMatter {
            let yamlLines = (1..<(frontMatter.closingLine - 1)).map {
                SourceLine(text: lines[$0], position: SourcePosition(line: $0 + 1, column: 1))
            }
            let node = BlockNode(kind: .frontMatter(yaml: frontMatter.yaml), position: SourcePosition(line: 1, column: 1),
                                 endLine: frontMatter.closingLine, lines: yamlLines)
            document.children.insert(node, at: 0)
        }
        return document
    }
}

/// Turns the block parser's arena into `BlockNode`s, parsing inline content on the way
/// (only now are all link reference definitions known).
struct TreeBuilder {
    let blocks: [BuildBlock]
    let references: [String: LinkSyntax.Reference]

    func node(_ id: Int) -> BlockNode {
        let b = blocks[id]
        var children: [BlockNode] = []
        for child in b.children where !(blocks[child].kind == .paragraph && blocks[child].lines.isEmpty) {
            children.append(node(child))
        }
        let kind: BlockKind
        var lines = b.lines
        switch b.kind {
        case .document:
            kind = .document
        case .blockQuote:
            kind = .blockQuote
        case .list:
            kind = .list(ordered: b.ordered, start: b.ordered ? b.start : nil, tight: b.tight)
        case .item:
            kind = .listItem(marker: b.ordered ? "\(b.start)\(b.delimiter)" : String(b.bulletChar), task: b.task)
        case .paragraph:
            kind = .paragraph(inlines: inlines(b.lines))
        case .heading:
            kind = .heading(level: b.level, inlines: inlines(b.lines))
        case .thematicBreak:
            kind = .thematicBreak
        case .fencedCode, .indentedCode:
            var content = b.codeLines.map { $0 + "\n" }.joined()
            if content.unicodeScalars.contains("\u{0}") {
                // CommonMark: U+0000 is replaced, for security, by U+FFFD.
                content = String(String.UnicodeScalarView(content.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
            }
            kind = .codeBlock(info: b.info.isEmpty ? nil : b.info, content: content, fenced: b.kind == .fencedCode)
        case .htmlBlock:
            kind = .htmlBlock(html: b.lines.map { String($0.text) + "\n" }.joined())
        case .table:
            kind = table(b)
        }
        if b.isContainer { lines = [] }
        let endLine = max(b.endLine, b.position.line, children.last?.endLine ?? 0)
        return BlockNode(kind: kind, position: b.position, endLine: endLine, children: children, lines: lines)
    }

    /// Paragraph and heading text: lines joined by newlines (leading indentation is already gone).
    private func inlines(_ lines: [SourceLine]) -> [Inline] {
        var text = ""
        for (n, line) in lines.enumerated() {
            if n > 0 { text += "\n" }
            text += line.text
        }
        return InlineParser.parse(text, references: references)
    }

    private func table(_ b: BuildBlock) -> BlockKind {
        let columns = b.alignments.count
        var rows: [TableRow] = []
        for (n, line) in b.lines.enumerated() where n != 1 {
            let raw = TableParser.splitRow(Array(line.text.unicodeScalars), from: 0) ?? []
            var cells: [TableCell] = []
            for index in 0..<columns {
                if index < raw.count {
                    let cell = raw[index]
                    let position = SourcePosition(line: line.position.line, column: line.position.column + cell.offset)
                    cells.append(TableCell(inlines: InlineParser.parse(cell.text, references: references), raw: cell.text, position: position))
                } else {
                    // Short rows are padded with empty cells, like cmark-gfm.
                    let end = SourcePosition(line: line.position.line, column: line.position.column + line.text.unicodeScalars.count)
                    cells.append(TableCell(inlines: [], raw: "", position: end))
                }
            }
            rows.append(TableRow(cells: cells, line: line.position.line))
        }
        let header = rows.first ?? TableRow(cells: [], line: b.position.line)
        return .table(header: header, alignments: b.alignments, rows: Array(rows.dropFirst()))
    }
}
