import LiftoffMarkdown

/// Criteria written as text inside a plain, shell or box-drawn fence:
///
///     ┌──────────────────────────────────────┐      # Signs of degradation:
///     │ IMMEDIATE ROLLBACK:                  │      - Response time > 500ms for 2+ minutes
///     │  • Error rate >5% for 5+ minutes     │      - Error rate > 5% for 1+ minute
///
/// Item lines (`-`, `•`, `*`, `1.`) are read under the label above them (`LABEL:`, a `# label:`
/// comment in shell, an all-capitals title in a box), which says which side they state and what
/// to do (docs/runbook-format.md, "Criteria in code fences").
enum FencedCriteriaLines {
    struct Item: Equatable {
        var text: String
        var position: SourcePosition
        /// The nearest label above, if any.
        var label: String?
    }

    private static let bullets = ["- ", "• ", "* ", "· ", "▪ ", "◦ ", "+ ", "‣ "]

    static func items(_ lines: [SourceLine], shell: Bool) -> [Item] {
        var out: [Item] = []
        var label: String?
        for line in lines {
            let (text, offset) = unboxed(line.text)
            guard !text.isEmpty, !isRule(text) else { continue }
            var body = text
            if shell {
                // Shell: only comments and lines that are plainly not commands are prose.
                if body.hasPrefix("#") {
                    let comment = String(body.drop(while: { $0 == "#" })).trimmingCharactersInSpace()
                    if comment.hasSuffix(":") { label = String(comment.dropLast()) }
                    continue
                }
            }
            if let bullet = bullets.first(where: { body.hasPrefix($0) }) {
                body = String(body.dropFirst(bullet.count)).trimmingCharactersInSpace()
            } else if let rest = numbered(body) {
                body = rest
            } else {
                if shell { continue }
                if body.hasSuffix(":") {
                    label = String(body.dropLast()).trimmingCharactersInSpace()
                } else if isCapitalTitle(body) {
                    label = body
                }
                continue
            }
            guard !body.isEmpty else { continue }
            let column = line.position.column + offset + (text.count - body.count)
            out.append(Item(text: body, position: SourcePosition(line: line.position.line, column: max(1, column)), label: label))
        }
        return out
    }

    /// The line without box-drawing borders and padding, and how many characters came before it.
    private static func unboxed(_ line: Substring) -> (String, Int) {
        func isBorder(_ c: Character) -> Bool {
            guard let scalar = c.unicodeScalars.first else { return false }
            return c.quickIsWhitespace || (0x2500...0x257F).contains(scalar.value)
        }
        let leading = line.prefix(while: isBorder).count
        var body = line.dropFirst(leading)
        while let last = body.last, isBorder(last) { body.removeLast() }
        return (String(body), leading)
    }

    private static func isRule(_ text: String) -> Bool {
        text.allSatisfy { "-=_~*".contains($0) || $0.quickIsWhitespace }
    }

    /// `1. Check logs`, `2) Drain` → the text after the number.
    private static func numbered(_ text: String) -> String? {
        let digits = text.prefix(while: \.quickIsNumber)
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = text.dropFirst(digits.count)
        guard rest.hasPrefix(". ") || rest.hasPrefix(") ") else { return nil }
        return String(rest.dropFirst(2)).trimmingCharactersInSpace()
    }

    /// `ROLLBACK DECISION CRITERIA`: a title in capitals, two words or more.
    private static func isCapitalTitle(_ text: String) -> Bool {
        let letters = text.filter(\.quickIsLetter)
        return letters.count >= 6 && letters.allSatisfy(\.isUppercase) && text.split(separator: " ").count >= 2
    }
}
