import LiftoffMarkdown

/// Collects code spans and raw HTML from inline content, depth first.
enum InlineCode {
    static func spans(in inlines: [Inline]) -> [String] {
        var out: [String] = []
        visit(inlines) { if case .code(let c) = $0 { out.append(c) } }
        return out
    }

    static func html(in inlines: [Inline]) -> [String] {
        var out: [String] = []
        visit(inlines) { if case .html(let h) = $0 { out.append(h) } }
        return out
    }

    private static func visit(_ inlines: [Inline], _ body: (Inline) -> Void) {
        for inline in inlines {
            body(inline)
            switch inline {
            case .emphasis(let c), .strong(let c), .strikethrough(let c): visit(c, body)
            case .link(let t, _, _): visit(t, body)
            case .image(let a, _, _): visit(a, body)
            default: break
            }
        }
    }
}

/// HTML comments: their bodies, and where each one is in the source.
enum HTMLComment {
    static func all(in html: String) -> [String] {
        var out: [String] = []
        var rest = Substring(html)
        while let open = rest.range(of: "<!--") {
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "-->") else { break }
            out.append(String(after[..<close.lowerBound]))
            rest = after[close.upperBound...]
        }
        return out
    }

    /// Finds the next `<!--` that opens `body`, searching the block's lines from `cursor` on.
    static func locate(_ body: String, in lines: [SourceLine], from cursor: inout (line: Int, offset: Int)) -> SourcePosition? {
        let firstLine = body.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let needle = "<!--" + firstLine
        var index = cursor.line
        while index < lines.count {
            let text = lines[index].text
            let scalars = text.unicodeScalars
            let start = index == cursor.line ? min(cursor.offset, scalars.count) : 0
            let searchStart = scalars.index(scalars.startIndex, offsetBy: start)
            let haystack = Substring(scalars[searchStart...])
            if let found = haystack.range(of: needle) ?? (firstLine.isEmpty ? nil : haystack.range(of: "<!--")) {
                let column = start + haystack.unicodeScalars.distance(from: haystack.startIndex, to: found.lowerBound)
                cursor = (index, column + 4)
                let p = lines[index].position
                return SourcePosition(line: p.line, column: p.column + column)
            }
            index += 1
        }
        return nil
    }
}
