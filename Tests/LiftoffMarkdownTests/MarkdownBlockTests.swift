import Testing
@testable import LiftoffMarkdown

/// Pins the block structure, positions and task states the runbook extractor relies on.
struct MarkdownBlockTests {
    private func blocks(_ text: String) -> [BlockNode] { MarkdownParser.parse(text).children }

    private func items(_ node: BlockNode) -> [BlockNode] {
        var out: [BlockNode] = []
        var stack = [node]
        while let n = stack.popLast() {
            if case .listItem = n.kind { out.append(n) }
            stack.append(contentsOf: n.children.reversed())
        }
        return out
    }

    @Test func atxHeadingStripsClosingHashesAndKeepsPositions() {
        let doc = blocks("# Go-live #\n  ## Rollback ##  \n#5 not a heading\n")
        #expect(doc.count == 3)
        guard case .heading(1, let inlines) = doc[0].kind else { Issue.record("\(doc[0].kind)"); return }
        #expect(inlines.plainText == "Go-live")
        #expect(doc[0].position == SourcePosition(line: 1, column: 1))
        #expect(doc[0].lines.first?.position == SourcePosition(line: 1, column: 3))
        guard case .heading(2, let second) = doc[1].kind else { Issue.record("\(doc[1].kind)"); return }
        #expect(second.plainText == "Rollback")
        #expect(doc[1].position == SourcePosition(line: 2, column: 3))
        guard case .paragraph = doc[2].kind else { Issue.record("\(doc[2].kind)"); return }
    }

    @Test func setextHeadingsSpanTheirUnderline() {
        let doc = blocks("Launch\nDay\n===\n\nPhase\n---\n")
        guard case .heading(1, let inlines) = doc[0].kind else { Issue.record("\(doc[0].kind)"); return }
        #expect(inlines.plainText == "Launch Day")
        #expect(doc[0].position.line == 1)
        #expect(doc[0].endLine == 3)
        guard case .heading(2, _) = doc[1].kind else { Issue.record("\(doc[1].kind)"); return }
        #expect(doc[1].position.line == 5)
    }

    @Test func taskItemsCarryStateAndLoseTheirMarker() {
        let doc = MarkdownParser.parse("- [ ] open\n- [x] done\n- [X] Done\n * [ ] star\n\n1. [ ] numbered\n")
        let found = items(doc)
        #expect(found.map(\.kind) == [
            .listItem(marker: "-", task: .open), .listItem(marker: "-", task: .done),
            .listItem(marker: "-", task: .done), .listItem(marker: "*", task: .open),
            .listItem(marker: "1.", task: .open),
        ])
        let paragraph = found[0].children[0]
        guard case .paragraph(let inlines) = paragraph.kind else { Issue.record("\(paragraph.kind)"); return }
        #expect(inlines == [.text("open")])
        #expect(paragraph.lines.first?.text == "open")
        #expect(paragraph.position == SourcePosition(line: 1, column: 7))
        #expect(found[3].position == SourcePosition(line: 4, column: 2))
    }

    @Test func bracketsLaterInTheItemDoNotMakeATask() {
        let found = items(MarkdownParser.parse("- check [x] later\n- [ ]no space\n- [ ]\n"))
        #expect(found.map(\.kind) == [.listItem(marker: "-", task: nil), .listItem(marker: "-", task: nil), .listItem(marker: "-", task: nil)])
    }

    @Test func nestedListsThreeDeepWithTwoAndFourSpaceIndents() {
        for indent in [2, 4] {
            let pad = String(repeating: " ", count: indent)
            let doc = MarkdownParser.parse("- a\n\(pad)- b\n\(pad)\(pad)- c\n- d\n")
            let outer = doc.children[0]
            guard case .list(false, nil, true) = outer.kind else { Issue.record("\(outer.kind)"); return }
            #expect(outer.children.count == 2)
            let b = outer.children[0].children[1].children[0]
            #expect(b.position == SourcePosition(line: 2, column: indent + 1))
            let c = b.children[1].children[0]
            #expect(c.position == SourcePosition(line: 3, column: 2 * indent + 1))
            #expect(outer.endLine == 4)
        }
    }

    @Test func tabIndentedSubListsNest() {
        let doc = MarkdownParser.parse("-\tTop\n\t-\tChild\n\t\t-\tGrandchild\n")
        let found = items(doc)
        #expect(found.count == 3)
        #expect(found[1].position == SourcePosition(line: 2, column: 2))
        #expect(found[2].position == SourcePosition(line: 3, column: 3))
        let child = doc.children[0].children[0].children[1].children[0]
        #expect(child.children[1].children.first?.position.line == 3)
    }

    @Test func orderedListsKeepStartAndLazyNumbering() {
        let doc = blocks("3. three\n1. again\n1. again\n\n1) paren\n")
        guard case .list(true, 3, true) = doc[0].kind else { Issue.record("\(doc[0].kind)"); return }
        #expect(doc[0].children.count == 3)
        #expect(doc[0].children.map(\.kind).first == .listItem(marker: "3.", task: nil))
        guard case .list(true, 1, _) = doc[1].kind else { Issue.record("\(doc[1].kind)"); return }
        #expect(doc[1].children.first?.kind == .listItem(marker: "1)", task: nil))
    }

    @Test func hugeOrderedNumbersAreCappedAtNineDigits() {
        let doc = blocks("123456789012345678901234567890. big\n\n1234567890. ten digits\n\n123456789. nine\n")
        let ordered = doc.filter { if case .list(true, _, _) = $0.kind { true } else { false } }
        #expect(ordered.count == 1)
        guard case .list(true, 123456789, _) = ordered.first?.kind else { Issue.record("\(doc)"); return }
    }

    @Test func looseAndTightLists() {
        let doc = blocks("- a\n- b\n\n- c\n\npara\n\n- x\n  - y\n")
        guard case .list(_, _, false) = doc[0].kind else { Issue.record("\(doc[0].kind)"); return }
        guard case .list(_, _, true) = doc[2].kind else { Issue.record("\(doc[2].kind)"); return }
    }

    @Test func blockQuoteLazyContinuation() {
        let doc = blocks("> quoted\nlazy line\n> - item\ncontinued\n\nafter\n")
        #expect(doc.count == 2)
        let quote = doc[0]
        #expect(quote.kind == .blockQuote)
        #expect(quote.endLine == 4)
        guard case .paragraph(let inlines) = quote.children[0].kind else { Issue.record("\(quote.children)"); return }
        #expect(inlines.plainText == "quoted lazy line")
        #expect(quote.children[0].lines.map(\.position) == [SourcePosition(line: 1, column: 3), SourcePosition(line: 2, column: 1)])
        let item = quote.children[1].children[0]
        guard case .paragraph(let itemText) = item.children[0].kind else { Issue.record("\(item)"); return }
        #expect(itemText.plainText == "item continued")
    }

    @Test func paragraphLazyContinuationInListItem() {
        let doc = blocks("- step one\nwraps here\n")
        let paragraph = doc[0].children[0].children[0]
        #expect(paragraph.endLine == 2)
        #expect(paragraph.lines.count == 2)
    }

    @Test func fencedCodeInfoContentAndUnclosedFence() {
        let doc = blocks("```bash title\n  echo hi\n```\n\n  ~~~\n  indented fence\n ~~~\n\n> ```\n> open\n\nafter\n")
        #expect(doc[0].kind == .codeBlock(info: "bash title", content: "  echo hi\n", fenced: true))
        #expect(doc[0].endLine == 3)
        #expect(doc[0].lines.first?.position == SourcePosition(line: 2, column: 1))
        #expect(doc[1].kind == .codeBlock(info: nil, content: "indented fence\n", fenced: true))
        #expect(doc[1].position == SourcePosition(line: 5, column: 3))
        let quoted = doc[2].children[0]
        #expect(quoted.kind == .codeBlock(info: nil, content: "open\n", fenced: true))
        #expect(doc[3].position.line == 12)
    }

    @Test func indentedCodeDropsTrailingBlankLines() {
        let doc = blocks("    line 1\n\n    line 2\n\n\ntext\n")
        #expect(doc[0].kind == .codeBlock(info: nil, content: "line 1\n\nline 2\n", fenced: false))
        #expect(doc[0].position == SourcePosition(line: 1, column: 5))
        #expect(doc[0].endLine == 3)
    }

    @Test func thematicBreaks() {
        let doc = blocks("***\n- - -\n___\n")
        #expect(doc.map(\.kind) == [.thematicBreak, .thematicBreak, .thematicBreak])
    }

    @Test func htmlCommentsSpanningLinesAreOneBlock() {
        let doc = blocks("<!-- GUIDANCE:\nfill this in\n-->\n# Next\n")
        #expect(doc.count == 2)
        #expect(doc[0].kind == .htmlBlock(html: "<!-- GUIDANCE:\nfill this in\n-->\n"))
        #expect(doc[0].endLine == 3)
        guard case .heading = doc[1].kind else { Issue.record("\(doc[1].kind)"); return }
    }

    @Test func htmlBlockOfKindSixEndsAtBlankLine() {
        let doc = blocks("<div>\n*not emphasis*\n\n*emphasis*\n")
        #expect(doc[0].kind == .htmlBlock(html: "<div>\n*not emphasis*\n"))
        guard case .paragraph(let inlines) = doc[1].kind else { Issue.record("\(doc[1].kind)"); return }
        #expect(inlines == [.emphasis([.text("emphasis")])])
    }

    @Test func tableWithAlignmentEscapedPipesAndRaggedRows() {
        let doc = blocks("Intro\n| Time | Action \\| note | Owner |\n|:-----|:------:|------:|\n| T-1 | `a \\| b` | SRE |\n| T-0 | go |\n| x | y | z | extra |\nnext row\n\nafter\n")
        guard case .paragraph = doc[0].kind else { Issue.record("\(doc[0].kind)"); return }
        guard case .table(let header, let alignments, let rows) = doc[1].kind else { Issue.record("\(doc[1].kind)"); return }
        #expect(alignments == [.left, .center, .right])
        #expect(header.cells.map(\.raw) == ["Time", "Action | note", "Owner"])
        #expect(header.line == 2)
        #expect(header.cells[1].position == SourcePosition(line: 2, column: 10))
        #expect(rows.count == 4)
        #expect(rows[0].cells[1].inlines == [.code("a | b")])
        #expect(rows[1].cells.map(\.raw) == ["T-0", "go", ""])
        #expect(rows[2].cells.map(\.raw) == ["x", "y", "z"])
        #expect(rows[3].cells.map(\.raw) == ["next row", "", ""])
        #expect(doc[1].position == SourcePosition(line: 2, column: 1))
        #expect(doc[1].endLine == 7)
        #expect(doc.count == 3)
    }

    @Test func tableNeedsMatchingColumnCount() {
        let doc = blocks("| a | b |\n|---|\n")
        guard case .paragraph = doc[0].kind else { Issue.record("\(doc[0].kind)"); return }
    }

    @Test func tableEndsAtAnotherBlockStart() {
        let doc = blocks("| a |\n|---|\n| b |\n- item\n")
        guard case .table(_, _, let rows) = doc[0].kind else { Issue.record("\(doc[0].kind)"); return }
        #expect(rows.count == 1)
        guard case .list = doc[1].kind else { Issue.record("\(doc[1].kind)"); return }
    }

    @Test func frontMatterBecomesABlockAndIsNotParsedAsMarkdown() {
        let doc = blocks("---\ntitle: Launch\nowner: SRE\n---\n# Heading\n")
        #expect(doc[0].kind == .frontMatter(yaml: "title: Launch\nowner: SRE\n"))
        #expect(doc[0].endLine == 4)
        #expect(doc[0].lines.map(\.text) == ["title: Launch", "owner: SRE"])
        #expect(doc[1].position == SourcePosition(line: 5, column: 1))
        let dots = blocks("---\na: 1\n...\ntext\n")
        #expect(dots[0].kind == .frontMatter(yaml: "a: 1\n"))
    }

    @Test func frontMatterNeedsAClosingLineAndTheFirstLine() {
        let unclosed = blocks("---\ntitle: x\n")
        #expect(unclosed.first?.kind == .thematicBreak)
        let late = blocks("\n---\na: 1\n---\n")
        #expect(!late.contains { if case .frontMatter = $0.kind { true } else { false } })
    }

    @Test func referenceDefinitionsAreConsumedAndResolve() {
        let doc = blocks("[runbook]: https://example.com/rb \"The Runbook\"\n\nSee [the doc][runbook] or [Runbook].\n")
        #expect(doc.count == 1)
        guard case .paragraph(let inlines) = doc[0].kind else { Issue.record("\(doc[0].kind)"); return }
        #expect(inlines == [
            .text("See "),
            .link(text: [.text("the doc")], destination: "https://example.com/rb", title: "The Runbook"),
            .text(" or "),
            .link(text: [.text("Runbook")], destination: "https://example.com/rb", title: "The Runbook"),
            .text("."),
        ])
        #expect(doc[0].position.line == 3)
    }

    @Test func crlfAndCrLineEndingsAndBOM() {
        let doc = blocks("\u{FEFF}# Title\r\n\r\n- a\r- b\r\n")
        guard case .heading(1, let inlines) = doc[0].kind else { Issue.record("\(doc[0].kind)"); return }
        #expect(inlines == [.text("Title")])
        #expect(doc[0].position == SourcePosition(line: 1, column: 1))
        #expect(doc[1].children.count == 2)
        #expect(doc[1].children[1].position == SourcePosition(line: 4, column: 1))
    }

    @Test func columnsCountUnicodeScalarsAndTabsAsOne() {
        let doc = blocks("> ✅ done\n\n\t- tabbed\n")
        #expect(doc[0].children[0].lines.first?.position == SourcePosition(line: 1, column: 3))
        let code = doc[1]
        #expect(code.kind == .codeBlock(info: nil, content: "- tabbed\n", fenced: false))
        #expect(code.position == SourcePosition(line: 3, column: 2))
    }

    @Test func emptyAndBlankInputsGiveAnEmptyDocument() {
        for text in ["", "\n", "   \n\n", "\u{FEFF}"] {
            let doc = MarkdownParser.parse(text)
            #expect(doc.kind == .document)
            #expect(doc.children.isEmpty)
            #expect(doc.endLine >= doc.position.line)
        }
    }

    @Test func deepNestingIsCappedNotCrashing() {
        let quotes = String(repeating: ">", count: 10_000) + " deep\n"
        let doc = MarkdownParser.parse(quotes)
        var depth = 0
        var node = doc
        while let child = node.children.first {
            depth += 1
            node = child
        }
        #expect(depth <= BlockParser.maxDepth + 1)
        let lists = String(repeating: "- ", count: 5_000) + "x\n"
        #expect(MarkdownParser.parse(lists).kind == .document)
    }
}
