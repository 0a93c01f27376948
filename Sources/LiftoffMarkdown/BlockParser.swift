/// The CommonMark block-structure pass (the two-phase algorithm of the spec's appendix,
/// as cmark and commonmark.js implement it) plus cmark-gfm's table and task-list rules.
/// Works line by line; inline content is parsed afterwards, once all link references are known.
final class BlockParser {
    /// Deeper container nesting is read as paragraph text: keeps recursion bounded on hostile input.
    static let maxDepth = 100

    private enum Continuation { case matched, failed, lineDone }
    private enum Start { case none, container, leaf }

    private(set) var blocks: [BuildBlock]
    private(set) var references: [String: LinkSyntax.Reference] = [:]
    private var tip = 0
    private var oldTip = 0
    private var lastMatched = 0
    private var allClosed = true

    // State of the current line.
    private var chars: [Unicode.Scalar] = []
    private var lineText: Substring = ""
    private var lineNumber = 0
    private var offset = 0
    private var column = 0
    private var nextNonspace = 0
    private var nextNonspaceColumn = 0
    private var indent = 0
    private var indented = false
    private var blank = false
    private var partiallyConsumedTab = false

    init(firstLine: Int) {
        blocks = [BuildBlock(kind: .document, parent: -1, position: SourcePosition(line: firstLine, column: 1))]
    }

    // MARK: Driving

    func incorporate(_ text: Substring, number: Int) {
        lineText = text
        chars = Array(text.unicodeScalars)
        lineNumber = number
        offset = 0
        column = 0
        blank = false
        partiallyConsumedTab = false
        oldTip = tip

        // 1. Which open blocks does this line continue?
        var container = 0
        while let last = blocks[container].children.last, blocks[last].isOpen {
            container = last
            findNextNonspace()
            var stop = false
            switch continueBlock(container) {
            case .matched: break
            case .failed:
                container = blocks[container].parent
                stop = true
            case .lineDone:
                return
            }
            if stop { break }
        }
        allClosed = container == oldTip
        lastMatched = container

        // 2. New block starts.
        var matchedLeaf = blocks[container].kind != .paragraph && blocks[container].kind != .table && acceptsLines(blocks[container].kind)
        while !matchedLeaf {
            findNextNonspace()
            if !indented, !mayStartBlock(nextNonspace) {
                advanceNextNonspace()
                break
            }
            var stop = false
            switch tryBlockStarts(&container) {
            case .none:
                advanceNextNonspace()
                stop = true
            case .container:
                break
            case .leaf:
                matchedLeaf = true
            }
            if stop { break }
        }

        // 3. The rest of the line is text.
        if !allClosed, !blank, blocks[tip].kind == .paragraph {
            addLine()  // lazy paragraph continuation
            return
        }
        closeUnmatchedBlocks()
        if blank, let last = blocks[container].children.last {
            blocks[last].lastLineBlank = true
        }
        let kind = blocks[container].kind
        // Blank lines inside block quotes, fenced code or right after an empty item's marker
        // do not make a list loose.
        let lastLineBlank = blank && !(kind == .blockQuote || kind == .heading || kind == .thematicBreak
            || kind == .fencedCode
            || (kind == .item && blocks[container].children.isEmpty && blocks[container].position.line == lineNumber))
        blocks[container].lastLineBlank = lastLineBlank
        var p = blocks[container].parent
        while p >= 0 {
            blocks[p].lastLineBlank = false
            p = blocks[p].parent
        }

        switch kind {
        case .fencedCode:
            // The opening fence line holds the info string, not content.
            if blocks[container].position.line != lineNumber { addLine() }
        case .indentedCode, .paragraph:
            addLine()
        case .htmlBlock:
            let from = offset
            addLine()
            let htmlKind = blocks[container].htmlKind
            if (1...5).contains(htmlKind), HTMLScanner.blockEnds(kind: htmlKind, chars, from: from) {
                finalize(container)
            }
        case .table:
            if !blank { addLine() }
        default:
            if offset < chars.count, !blank {
                findNextNonspace()
                addChild(.paragraph, at: nextNonspace)
                advanceNextNonspace()
                addLine()
            }
        }
    }

    /// Closes every open block at the end of the input.
    func finish() {
        while tip > 0 { finalize(tip) }
        finalize(0)
    }

    // MARK: Line state

    private func findNextNonspace() {
        var i = offset
        var cols = column
        while i < chars.count {
            let c = chars[i]
            if c == " " {
                cols += 1
            } else if c == "\t" {
                cols += 4 - (cols % 4)
            } else {
                break
            }
            i += 1
        }
        nextNonspace = i
        nextNonspaceColumn = cols
        indent = cols - column
        indented = indent >= 4
        blank = i == chars.count
    }

    private func advanceNextNonspace() {
        offset = nextNonspace
        column = nextNonspaceColumn
        partiallyConsumedTab = false
    }

    /// Advances by `count` characters, or by `count` columns (tabs expand to stops of 4,
    /// possibly leaving part of a tab unconsumed).
    private func advanceOffset(_ count: Int, columns: Bool) {
        var count = count
        while count > 0, offset < chars.count {
            if chars[offset] == "\t" {
                let charsToTab = 4 - (column % 4)
                if columns {
                    partiallyConsumedTab = charsToTab > count
                    let advance = min(count, charsToTab)
                    column += advance
                    offset += partiallyConsumedTab ? 0 : 1
                    count -= advance
                } else {
                    partiallyConsumedTab = false
                    column += charsToTab
                    offset += 1
                    count -= 1
                }
            } else {
                partiallyConsumedTab = false
                offset += 1
                column += 1
                count -= 1
            }
        }
    }

    private func peek(_ i: Int) -> Unicode.Scalar? { i < chars.count ? chars[i] : nil }

    private func restIsBlank(from i: Int) -> Bool {
        var j = i
        while j < chars.count, chars[j].isSpaceOrTab { j += 1 }
        return j == chars.count
    }

    /// Cheap filter: a line whose first character cannot begin any block start skips step 2.
    private func mayStartBlock(_ i: Int) -> Bool {
        guard let c = peek(i) else { return false }
        switch c {
        case ">", "#", "`", "~", "<", "=", "-", "_", "*", "+", "|", ":": return true
        default: return c.isASCIIDigit
        }
    }

    private func acceptsLines(_ kind: BuildBlock.Kind) -> Bool {
        kind == .paragraph || kind == .fencedCode || kind == .indentedCode || kind == .htmlBlock || kind == .table
    }

    // MARK: Tree

    @discardableResult
    private func addChild(_ kind: BuildBlock.Kind, at index: Int) -> Int {
        while !blocks[tip].canContain(kind) { finalize(tip) }
        var block = BuildBlock(kind: kind, parent: tip, position: SourcePosition(line: lineNumber, column: index + 1))
        if block.isContainer { block.depth = blocks[tip].depth + 1 }
        let id = blocks.count
        blocks.append(block)
        blocks[tip].children.append(id)
        tip = id
        return id
    }

    private func closeUnmatchedBlocks() {
        guard !allClosed else { return }
        while oldTip != lastMatched, oldTip > 0 {
            let parent = blocks[oldTip].parent
            finalize(oldTip)
            oldTip = parent
        }
        allClosed = true
    }

    private func addLine() {
        var prefix = ""
        if partiallyConsumedTab {
            offset += 1
            prefix = String(repeating: " ", count: 4 - (column % 4))
        }
        var start = offset
        if blocks[tip].kind == .paragraph || blocks[tip].kind == .table {
            while start < chars.count, chars[start].isSpaceOrTab { start += 1 }
        }
        let text = lineText.droppingScalars(start)
        blocks[tip].lines.append(SourceLine(text: text, position: SourcePosition(line: lineNumber, column: start + 1)))
        blocks[tip].endLine = lineNumber
        if blocks[tip].kind == .fencedCode || blocks[tip].kind == .indentedCode {
            blocks[tip].codeLines.append(prefix + String(text))
        }
    }

    // MARK: Step 1: continuation

    private func continueBlock(_ i: Int) -> Continuation {
        switch blocks[i].kind {
        case .document, .list:
            return .matched
        case .blockQuote:
            guard !indented, peek(nextNonspace) == ">" else { return .failed }
            advanceNextNonspace()
            advanceOffset(1, columns: false)
            if let c = peek(offset), c.isSpaceOrTab { advanceOffset(1, columns: true) }
            blocks[i].endLine = lineNumber
            return .matched
        case .item:
            let needed = blocks[i].markerOffset + blocks[i].padding
            if indent >= needed {
                advanceOffset(needed, columns: true)
            } else if blank, !blocks[i].children.isEmpty {
                advanceNextNonspace()
            } else {
                return .failed
            }
            return .matched
        case .heading, .thematicBreak:
            return .failed
        case .fencedCode:
            if !indented, let c = peek(nextNonspace), c == blocks[i].fenceChar {
                var j = nextNonspace
                while j < chars.count, chars[j] == c { j += 1 }
                if j - nextNonspace >= blocks[i].fenceLength, restIsBlank(from: j) {
                    blocks[i].endLine = lineNumber
                    finalize(i)
                    return .lineDone
                }
            }
            var n = blocks[i].fenceOffset
            while n > 0, let c = peek(offset), c.isSpaceOrTab {
                advanceOffset(1, columns: true)
                n -= 1
            }
            return .matched
        case .indentedCode:
            if indent >= 4 {
                advanceOffset(4, columns: true)
            } else if blank {
                advanceNextNonspace()
            } else {
                return .failed
            }
            return .matched
        case .htmlBlock:
            return blank && (blocks[i].htmlKind == 6 || blocks[i].htmlKind == 7) ? .failed : .matched
        case .paragraph:
            return blank ? .failed : .matched
        case .table:
            // A row needs at least one cell: a lone `|` ends the table, as in cmark-gfm.
            return blank || TableParser.splitRow(chars, from: nextNonspace) == nil ? .failed : .matched
        }
    }

    // MARK: Step 2: block starts

    private func tryBlockStarts(_ container: inout Int) -> Start {
        let c = peek(nextNonspace)
        let containerKind = blocks[container].kind
        let depthAvailable = blocks[container].depth < Self.maxDepth - 1

        // Block quote.
        if !indented, c == ">", depthAvailable {
            advanceNextNonspace()
            advanceOffset(1, columns: false)
            if let d = peek(offset), d.isSpaceOrTab { advanceOffset(1, columns: true) }
            closeUnmatchedBlocks()
            container = addChild(.blockQuote, at: nextNonspace)
            return .container
        }

        // ATX heading.
        if !indented, c == "#" {
            var j = nextNonspace
            while j < chars.count, chars[j] == "#" { j += 1 }
            let level = j - nextNonspace
            if level <= 6, j == chars.count || chars[j].isSpaceOrTab {
                closeUnmatchedBlocks()
                container = addChild(.heading, at: nextNonspace)
                blocks[container].level = level
                addHeadingContent(from: j)
                return .leaf
            }
        }

        // Fenced code.
        if !indented, c == "`" || c == "~", let fence = c {
            var j = nextNonspace
            while j < chars.count, chars[j] == fence { j += 1 }
            let length = j - nextNonspace
            if length >= 3, fence == "~" || !chars[j...].contains("`") {
                closeUnmatchedBlocks()
                container = addChild(.fencedCode, at: nextNonspace)
                blocks[container].fenceChar = fence
                blocks[container].fenceLength = length
                blocks[container].fenceOffset = indent
                var a = j, b = chars.count
                while a < b, chars[a].isSpaceOrTab { a += 1 }
                while b > a, chars[b - 1].isSpaceOrTab { b -= 1 }
                blocks[container].info = Entities.unescape(chars[a..<b])
                offset = chars.count
                return .leaf
            }
        }

        // HTML block.
        if !indented, c == "<",
           let kind = HTMLScanner.blockStart(chars, at: nextNonspace, interruptsParagraph: containerKind == .paragraph) {
            closeUnmatchedBlocks()
            container = addChild(.htmlBlock, at: nextNonspace)
            blocks[container].htmlKind = kind
            return .leaf
        }

        // Setext heading underline.
        if !indented, containerKind == .paragraph, c == "=" || c == "-", let mark = c {
            var j = nextNonspace
            while j < chars.count, chars[j] == mark { j += 1 }
            if restIsBlank(from: j) {
                closeUnmatchedBlocks()
                resolveReferenceDefinitions(container)
                if !blocks[container].lines.isEmpty {
                    blocks[container].kind = .heading
                    blocks[container].level = mark == "=" ? 1 : 2
                    blocks[container].endLine = lineNumber
                    offset = chars.count
                    return .leaf
                }
            }
        }

        // Thematic break.
        if !indented, c == "*" || c == "-" || c == "_", isThematicBreak(from: nextNonspace) {
            closeUnmatchedBlocks()
            container = addChild(.thematicBreak, at: nextNonspace)
            offset = chars.count
            return .leaf
        }

        // List item.
        if indent < 4, depthAvailable, let start = tryListItem(&container) {
            return start
        }

        // Indented code (an indented line right after a paragraph continues it instead).
        if indented, blocks[tip].kind != .paragraph, !blank {
            advanceOffset(4, columns: true)
            closeUnmatchedBlocks()
            container = addChild(.indentedCode, at: offset)
            return .leaf
        }

        // GFM table: a delimiter row under a one-line header at the end of a paragraph.
        // Only the paragraph's last line is examined, so retrying on every delimiter-like
        // line stays linear (cmark-gfm 0.29.0.gfm.6 also retries).
        if !indented, containerKind == .paragraph,
           let alignments = TableParser.delimiterRow(chars, from: nextNonspace),
           tryTableHeader(&container, alignments: alignments) {
            return .leaf
        }
        return .none
    }

    private func isThematicBreak(from i: Int) -> Bool {
        guard let mark = peek(i) else { return false }
        var count = 0
        var j = i
        while j < chars.count {
            let d = chars[j]
            if d == mark {
                count += 1
            } else if !d.isSpaceOrTab {
                return false
            }
            j += 1
        }
        return count >= 3
    }

    private func addHeadingContent(from markerEnd: Int) {
        var a = markerEnd
        var b = chars.count
        while a < b, chars[a].isSpaceOrTab { a += 1 }
        while b > a, chars[b - 1].isSpaceOrTab { b -= 1 }
        // Closing sequence: trailing #s preceded by a space (or making up the whole content).
        var h = b
        while h > a, chars[h - 1] == "#" { h -= 1 }
        if h < b, h == a || chars[h - 1].isSpaceOrTab {
            b = h
            while b > a, chars[b - 1].isSpaceOrTab { b -= 1 }
        }
        let text = Substring(lineText.droppingScalars(a).unicodeScalars.prefix(b - a))
        blocks[tip].lines = [SourceLine(text: text, position: SourcePosition(line: lineNumber, column: a + 1))]
        offset = chars.count
    }

    private func tryListItem(_ container: inout Int) -> Start? {
        let containerKind = blocks[container].kind
        let interruptsParagraph = containerKind == .paragraph
        var j = nextNonspace
        guard let c = peek(j) else { return nil }
        var ordered = false
        var start = 0
        var delimiter: Unicode.Scalar = "."
        if c == "*" || c == "-" || c == "+" {
            j += 1
        } else if c.isASCIIDigit {
            var digits = 0
            // At most 9 digits like cmark, so the number cannot overflow.
            while j < chars.count, chars[j].isASCIIDigit, digits < 9 {
                start = start * 10 + Int(chars[j].value - 0x30)
                j += 1
                digits += 1
            }
            guard let d = peek(j), d == "." || d == ")" else { return nil }
            if interruptsParagraph, start != 1 { return nil }
            delimiter = d
            ordered = true
            j += 1
        } else {
            return nil
        }
        if let after = peek(j), !after.isSpaceOrTab { return nil }
        if interruptsParagraph, restIsBlank(from: j) { return nil }

        let markerWidth = j - nextNonspace
        let markerOffset = indent
        advanceNextNonspace()
        advanceOffset(markerWidth, columns: true)
        let savedOffset = offset, savedColumn = column, savedTab = partiallyConsumedTab
        while column - savedColumn <= 5, let d = peek(offset), d.isSpaceOrTab {
            advanceOffset(1, columns: true)
        }
        let spaces = column - savedColumn
        var padding: Int
        if spaces >= 5 || spaces < 1 || offset >= chars.count {
            // Content starts with indented code, or the item is empty: one space belongs to the marker.
            padding = markerWidth + 1
            offset = savedOffset
            column = savedColumn
            partiallyConsumedTab = savedTab
            if spaces > 0 { advanceOffset(1, columns: true) }
        } else {
            padding = markerWidth + spaces
        }
        if padding < 1 { padding = 1 }

        let markerColumn = nextNonspace
        let sameList = containerKind == .list && blocks[container].ordered == ordered
            && (ordered ? blocks[container].delimiter == delimiter : blocks[container].bulletChar == c)
        closeUnmatchedBlocks()
        if !sameList {
            container = addChild(.list, at: markerColumn)
            blocks[container].ordered = ordered
            blocks[container].bulletChar = c
            blocks[container].delimiter = delimiter
            blocks[container].start = start
        }
        container = addChild(.item, at: markerColumn)
        blocks[container].ordered = ordered
        blocks[container].bulletChar = c
        blocks[container].delimiter = delimiter
        blocks[container].start = start
        blocks[container].markerOffset = markerOffset
        blocks[container].padding = padding

        // GFM task marker: `[ ]`, `[x]` or `[X]` then a space or tab, right after the list marker.
        // Like cmark-gfm, a bare `- [ ]` at the end of the line is text, not an empty task.
        if offset + 3 < chars.count, chars[offset] == "[", chars[offset + 2] == "]", chars[offset + 3].isSpaceOrTab {
            let mark = chars[offset + 1]
            if mark == " " || mark == "x" || mark == "X" {
                blocks[container].task = mark == " " ? .open : .done
                advanceOffset(3, columns: false)
                findNextNonspace()
                // Like cmark-gfm, what follows the marker is the item's paragraph text.
                return .leaf
            }
        }
        return .container
    }

    private func tryTableHeader(_ container: inout Int, alignments: [TableAlignment]) -> Bool {
        guard let header = blocks[container].lines.last else { return false }
        let headerChars = Array(header.text.unicodeScalars)
        guard let cells = TableParser.splitRow(headerChars, from: 0), cells.count == alignments.count else { return false }
        closeUnmatchedBlocks()
        let paragraph = container
        let parent = blocks[paragraph].parent
        let earlier = blocks[paragraph].lines.dropLast()
        if let first = earlier.first {
            // Lines above the header stay a paragraph of their own, placed before the table.
            var before = BuildBlock(kind: .paragraph, parent: parent, position: first.position)
            before.lines = Array(earlier)
            before.endLine = earlier.last?.position.line ?? first.position.line
            let id = blocks.count
            blocks.append(before)
            if let at = blocks[parent].children.lastIndex(of: paragraph) {
                blocks[parent].children.insert(id, at: at)
            }
            finalize(id, moveTip: false)
        }
        blocks[paragraph].kind = .table
        blocks[paragraph].alignments = alignments
        blocks[paragraph].position = header.position
        blocks[paragraph].lines = [header]
        // Step 3 adds the delimiter row as the table's second line.
        advanceNextNonspace()
        return true
    }

    // MARK: Closing blocks

    private func finalize(_ i: Int, moveTip: Bool = true) {
        blocks[i].isOpen = false
        switch blocks[i].kind {
        case .paragraph:
            resolveReferenceDefinitions(i)
            if let last = blocks[i].lines.last { blocks[i].endLine = last.position.line }
        case .indentedCode:
            while let last = blocks[i].codeLines.last, last.unicodeScalars.allSatisfy({ $0.isSpaceOrTab }) {
                blocks[i].codeLines.removeLast()
                blocks[i].lines.removeLast()
            }
            if let last = blocks[i].lines.last { blocks[i].endLine = last.position.line }
        case .list:
            blocks[i].tight = listIsTight(i)
            if let last = blocks[i].children.last { blocks[i].endLine = max(blocks[i].endLine, blocks[last].endLine) }
        case .item, .blockQuote, .document:
            if let last = blocks[i].children.last { blocks[i].endLine = max(blocks[i].endLine, blocks[last].endLine) }
        default:
            break
        }
        if moveTip, i == tip, blocks[i].parent >= 0 { tip = blocks[i].parent }
    }

    /// Consumes link reference definitions at the start of a paragraph into the reference map.
    private func resolveReferenceDefinitions(_ i: Int) {
        let lines = blocks[i].lines
        guard let first = lines.first, first.text.unicodeScalars.first == "[" else { return }
        var joined: [Unicode.Scalar] = []
        for (n, line) in lines.enumerated() {
            if n > 0 { joined.append("\n") }
            joined.append(contentsOf: line.text.unicodeScalars)
        }
        var pos = 0
        var consumedLines = 0
        while pos < joined.count, joined[pos] == "[",
              let (label, reference, end) = LinkSyntax.scanReferenceDefinition(joined, at: pos) {
            if references[label] == nil { references[label] = reference }
            consumedLines += joined[pos..<end].reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            if end == joined.count, joined.last != "\n" { consumedLines += 1 }
            pos = end
        }
        if consumedLines > 0 {
            blocks[i].lines.removeFirst(min(consumedLines, blocks[i].lines.count))
            if let first = blocks[i].lines.first { blocks[i].position = first.position }
        }
    }

    private func listIsTight(_ list: Int) -> Bool {
        let items = blocks[list].children
        for (n, item) in items.enumerated() {
            let hasNext = n + 1 < items.count
            if blocks[item].lastLineBlank, hasNext { return false }
            let subs = blocks[item].children
            for (m, sub) in subs.enumerated() where (hasNext || m + 1 < subs.count) && endsWithBlankLine(sub) {
                return false
            }
        }
        return true
    }

    private func endsWithBlankLine(_ start: Int) -> Bool {
        var cur = start
        while cur >= 0 {
            if blocks[cur].lastLineChecked { return false }
            blocks[cur].lastLineChecked = true
            if blocks[cur].lastLineBlank { return true }
            if blocks[cur].kind == .list || blocks[cur].kind == .item, let last = blocks[cur].children.last {
                cur = last
            } else {
                return false
            }
        }
        return false
    }
}
