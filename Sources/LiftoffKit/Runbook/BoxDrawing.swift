import LiftoffMarkdown

/// A plain code block drawn as a box (`┌──┐`, `│ … │`, `└──┘`) — common in generated runbooks —
/// holds checklists, schedules and numbered steps a person reads as Markdown: `□` boxes are
/// task items, `├──` and `•` are bullets, a line underlined with `───` is a label, a
/// `Step 2: …` label is a step, a timed title heads a section. The box is rewritten line for line into Markdown so every
/// position maps back to the file (docs/runbook-format.md, "Markdown in code fences").
enum BoxDrawing {
    private static let vertical: Set<Character> = ["│", "┃", "║"]
    private static let rules: Set<Character> = [
        "─", "━", "═", "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼", "╔", "╗", "╚", "╝", "╠", "╣", "╦", "╩", "╬",
        "╭", "╮", "╯", "╰", "┏", "┓", "┗", "┛", "┣", "┫", "│", "┃", "║",
    ]

    /// Whether most lines of the block are framed by box-drawing borders.
    static func isBox(_ lines: [SourceLine]) -> Bool {
        var total = 0
        var framed = 0
        for line in lines {
            let t = line.text.trimmingCharactersInSpaceSub()
            guard let first = t.first else { continue }
            total += 1
            if rules.contains(first) { framed += 1 }
        }
        return total >= 3 && framed * 5 >= total * 4
    }

    /// The box as Markdown, one output line per input line.
    static func markdown(_ lines: [SourceLine]) -> String {
        let inner = lines.map { unframed($0.text) }
        var out: [String] = []
        var sawTitle = false
        var inCode = false
        for (i, line) in inner.enumerated() {
            guard case .text(let text) = line else {
                inCode = false
                out.append("")
                continue
            }
            let next = i + 1 < inner.count ? inner[i + 1] : .blank
            // The box's own title sits between the top border and the first divider; it is a
            // section of its own when it carries a time ("T-24 HOUR CHECKLIST").
            if case .rule(heavy: true) = next, !sawTitle {
                sawTitle = true
                out.append(TimeAnchorParser.parseLeading(Substring(text)) != nil ? "# " + escaped(text) : "")
                continue
            }
            // A line underlined with `────` is a label.
            if case .rule(heavy: false) = next {
                sawTitle = true
                out.append("**\(text)**")
                continue
            }
            sawTitle = true
            // `$ kubectl …` lines (and their `\` continuations) are commands: an indented code
            // block, which needs the line above blank, so a "Command:" label gives way.
            let continues = inCode && (out.last?.hasSuffix("\\") == true || text.hasPrefix(">") || text.hasPrefix("#"))
            if text.hasPrefix("$ ") || continues {
                if !inCode, let last = out.last, !last.isEmpty {
                    guard last.hasSuffix(":") else {
                        out.append(escaped(text))
                        continue
                    }
                    out[out.count - 1] = ""
                }
                inCode = true
                out.append("    " + text)
                continue
            }
            inCode = false
            out.append(item(text))
        }
        return out.joined(separator: "\n")
    }

    private enum Line: Equatable {
        case blank
        /// A divider; `heavy` when drawn across the frame (`├───┤`), not as an underline.
        case rule(heavy: Bool)
        case text(String)
    }

    private static func unframed(_ raw: Substring) -> Line {
        var t = raw.trimmingCharactersInSpaceSub()
        if let f = t.first, vertical.contains(f) { t = t.dropFirst() }
        if let l = t.last, vertical.contains(l) { t = t.dropLast() }
        let body = t.trimmingCharactersInSpaceSub()
        guard let first = body.first else { return .blank }
        if body.allSatisfy({ rules.contains($0) || $0 == " " }) {
            return .rule(heavy: first != "─" && first != "━" && first != "═")
        }
        return .text(String(body))
    }

    /// `□ Check backups` → `- [ ] Check backups`, `├── Deploy` → `- Deploy`,
    /// `09:00  Freeze` → `- 09:00 Freeze`, `3   Auth Service` → `3. Auth Service`; other lines
    /// are text (a leading `-`, `#` or `>` of YAML or SQL inside the box stays text).
    private static func item(_ text: String) -> String {
        for (marker, replacement) in [("□", "- [ ] "), ("☐", "- [ ] "), ("☑", "- [x] "), ("☒", "- [x] "), ("■", "- [x] "),
                                      ("├──", "- "), ("└──", "- "), ("├─", "- "), ("└─", "- "), ("•", "- "), ("▪", "- ")] where text.hasPrefix(marker) {
            let rest = text.dropFirst(marker.count).trimmingCharactersInSpaceSub()
            return rest.isEmpty ? "" : replacement + escaped(String(rest))
        }
        // A schedule row: a clock time, then the work.
        if clockPrefix(text) != nil { return "- " + escaped(text) }
        // A numbered row of a drawn table: `1       Auth Service …`.
        let digits = text.prefix { $0.isASCII && $0.quickIsNumber }
        if !digits.isEmpty, digits.count <= 2, text.dropFirst(digits.count).hasPrefix("  ") {
            return "\(digits). " + escaped(text.dropFirst(digits.count).trimmingCharactersInSpaceSub().description)
        }
        if let rest = OutlineReader.isNumbered(Substring(text)) {
            let n = text.prefix { $0.isASCII && $0.quickIsNumber }
            return "\(n). " + escaped(String(rest))
        }
        return escaped(text)
    }

    /// `09:00  Final staging verification` → the length of `09:00`.
    private static func clockPrefix(_ text: String) -> Int? {
        let chars = Array(text.prefix(7))
        guard chars.count >= 6, let colon = chars.firstIndex(of: ":"), colon == 1 || colon == 2 else { return nil }
        let hours = chars[..<colon]
        let minutes = chars[(colon + 1)...].prefix(2)
        guard hours.allSatisfy(\.quickIsNumber), minutes.count == 2, minutes.allSatisfy(\.quickIsNumber) else { return nil }
        let after = colon + 3
        guard after < chars.count, chars[after] == " " else { return nil }
        return after
    }

    /// Text that Markdown would otherwise read as structure (a list, heading, quote, table).
    private static func escaped(_ text: String) -> String {
        guard let first = text.first else { return text }
        if "-*+#>|=<`~_".contains(first) { return "\\" + text }
        if OutlineReader.isNumbered(Substring(text)) != nil, let dot = text.firstIndex(where: { $0 == "." || $0 == ")" }) {
            return String(text[..<dot]) + "\\" + String(text[dot...])
        }
        return text
    }
}
