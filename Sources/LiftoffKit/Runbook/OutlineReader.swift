import LiftoffMarkdown

/// One line of a YAML-like outline written in a plain code block, with its indented children.
/// This is deliberately not YAML: runbooks write `Primary: Engineering Lead | @eng-lead`,
/// `1. Roll Call (2 min):`, `- [ ] Scaling policies configured` and JSON fragments side by side.
struct OutlineNode: Hashable {
    var position: SourcePosition
    var indent: Int
    /// Started with `- `, `* ` or `N. `.
    var isItem: Bool
    var task: TaskState?
    /// The line's text after the item marker and task box.
    var text: String
    /// For `key: value` and `key:` lines: the key (never for plain items without a colon).
    var key: String?
    var value: String?
    /// For `key: |` (or `>`): the indented literal block, dedented.
    var literal: String?
    var children: [OutlineNode] = []

    /// A key that has children or a literal: `Program Manager:`, `tasks:`.
    var isContainer: Bool { key != nil && (value ?? "").isEmpty }
}

/// Reads plain code blocks as indentation outlines.
enum OutlineReader {
    /// Whether a plain code block is written as an outline (most lines are `key:` or `- item`).
    static func looksLikeOutline(_ lines: [SourceLine]) -> Bool {
        var total = 0
        var outline = 0
        for line in lines {
            let t = line.text.trimmingCharactersInSpaceSub()
            guard !t.isEmpty else { continue }
            total += 1
            if t.hasPrefix("- ") || t.hasPrefix("* ") || t.hasSuffix(":") || t.contains(": ") || isNumbered(t) != nil {
                outline += 1
            }
        }
        return total >= 2 && outline * 3 >= total * 2
    }

    static func read(_ lines: [SourceLine]) -> [OutlineNode] {
        var flat: [OutlineNode] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            let (indent, body) = measure(line.text)
            guard !body.isEmpty else { continue }
            var node = OutlineNode(
                position: SourcePosition(line: line.position.line, column: line.position.column + indentColumns(line.text)),
                indent: indent, isItem: false, task: nil, text: String(body), key: nil, value: nil, literal: nil
            )
            var content = body
            if let rest = itemBody(body) {
                node.isItem = true
                content = rest
                if let (task, afterBox) = taskBox(rest) {
                    node.task = task
                    content = afterBox
                }
                node.text = String(content)
            }
            if let (key, value) = keyValue(content, isItem: node.isItem) {
                node.key = key
                node.value = value
                if value == "|" || value == ">" || value == "|-" || value == ">-" {
                    node.value = ""
                    var literal: [Substring] = []
                    var minIndent = Int.max
                    while index < lines.count {
                        let (childIndent, childBody) = measure(lines[index].text)
                        if !childBody.isEmpty, childIndent <= indent { break }
                        if !childBody.isEmpty { minIndent = min(minIndent, childIndent) }
                        literal.append(lines[index].text)
                        index += 1
                    }
                    while let last = literal.last, last.trimmingCharactersInSpaceSub().isEmpty { literal.removeLast() }
                    node.literal = literal.map { dedent($0, by: minIndent == Int.max ? 0 : minIndent) }.joined(separator: "\n")
                }
            }
            flat.append(node)
        }
        return nest(flat)
    }

    private static func nest(_ flat: [OutlineNode]) -> [OutlineNode] {
        // A stack of open nodes; each line closes the nodes at its indent or deeper.
        var roots: [OutlineNode] = []
        var stack: [OutlineNode] = []
        func close() {
            guard let node = stack.popLast() else { return }
            if stack.isEmpty { roots.append(node) } else { stack[stack.count - 1].children.append(node) }
        }
        for node in flat {
            while let top = stack.last, top.indent >= node.indent, !(top.indent == node.indent && top.key != nil && !top.isItem && node.isItem && top.isContainer && stack.count < 200) {
                close()
            }
            if stack.count >= 200 { close() }
            stack.append(node)
        }
        while !stack.isEmpty { close() }
        return roots
    }

    /// Leading indentation in columns (tab = 4) and the rest.
    private static func measure(_ text: Substring) -> (Int, Substring) {
        var indent = 0
        var i = text.startIndex
        while i < text.endIndex, text[i] == " " || text[i] == "\t" {
            indent += text[i] == "\t" ? 4 : 1
            i = text.index(after: i)
        }
        return (indent, text[i...].trimmingCharactersInSpaceSub())
    }

    private static func indentColumns(_ text: Substring) -> Int {
        text.prefix { $0 == " " || $0 == "\t" }.count
    }

    private static func dedent(_ text: Substring, by n: Int) -> String {
        var removed = 0
        var i = text.startIndex
        while i < text.endIndex, removed < n, text[i] == " " || text[i] == "\t" {
            removed += text[i] == "\t" ? 4 : 1
            i = text.index(after: i)
        }
        return String(text[i...])
    }

    private static func itemBody(_ body: Substring) -> Substring? {
        if body.hasPrefix("- ") || body.hasPrefix("* ") || body == "-" {
            return body.dropFirst(min(2, body.count)).trimmingCharactersInSpaceSub()
        }
        if let rest = isNumbered(body) { return rest }
        return nil
    }

    static func isNumbered(_ body: Substring) -> Substring? {
        let digits = body.prefix { $0.isASCII && $0.quickIsNumber }
        guard !digits.isEmpty, digits.count < 4 else { return nil }
        let after = body.dropFirst(digits.count)
        guard after.hasPrefix(". ") || after.hasPrefix(") ") else { return nil }
        return after.dropFirst(2).trimmingCharactersInSpaceSub()
    }

    private static func taskBox(_ text: Substring) -> (TaskState, Substring)? {
        guard text.count >= 3, text.hasPrefix("[") else { return nil }
        let inner = text.dropFirst().prefix(1)
        guard text.dropFirst(2).hasPrefix("]") else { return nil }
        let rest = text.dropFirst(3).trimmingCharactersInSpaceSub()
        switch inner {
        case " ": return (.open, rest)
        case "x", "X": return (.done, rest)
        default: return nil
        }
    }

    /// `key: value` or `key:`; a colon inside a URL or a time (`H+0:15`) does not split.
    private static func keyValue(_ text: Substring, isItem: Bool) -> (String, String)? {
        if text.hasSuffix(":") && !text.hasSuffix("::") {
            return (String(text.dropLast()).trimmingCharactersInSpace(), "")
        }
        guard !isItem else { return nil }
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == ":" {
                let next = text.index(after: i)
                if next < text.endIndex, text[next] == " " {
                    let key = text[..<i].trimmingCharactersInSpaceSub()
                    guard !key.isEmpty, key.count <= 60, !key.contains("\""), !key.contains("{") else { return nil }
                    return (String(key), String(text[next...].trimmingCharactersInSpaceSub()))
                }
            }
            i = text.index(after: i)
        }
        return nil
    }
}
