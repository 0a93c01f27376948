/// Link labels, destinations and titles, shared by reference definitions (block level)
/// and inline links.
enum LinkSyntax {
    struct Reference: Hashable, Sendable {
        var destination: String
        var title: String?
    }

    /// Case-folded label with inner whitespace collapsed, the key of the reference map.
    static func normalizeLabel(_ label: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in label.unicodeScalars {
            if scalar.isMarkdownWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.unicodeScalars.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            }
        }
        return out.lowercased()
    }

    /// `[label]` starting at `pos`: returns the raw label and the index after `]`.
    static func scanLabel(_ s: [Unicode.Scalar], at pos: Int) -> (String, Int)? {
        guard pos < s.count, s[pos] == "[" else { return nil }
        var i = pos + 1
        var hasContent = false
        while i < s.count {
            let c = s[i]
            if c == "]" {
                guard hasContent else { return nil }
                return (String(scalars: s[(pos + 1)..<i]), i + 1)
            }
            if c == "[" { return nil }
            if c == "\\", i + 1 < s.count, s[i + 1].isASCIIPunctuation { i += 1 }
            if !c.isMarkdownWhitespace { hasContent = true }
            i += 1
            if i - pos > 1000 { return nil }
        }
        return nil
    }

    /// A link destination at `pos`; returns it (unescaped) and the index after it.
    /// An empty destination is only possible as `<>`.
    static func scanDestination(_ s: [Unicode.Scalar], at pos: Int) -> (String, Int)? {
        guard pos < s.count else { return nil }
        if s[pos] == "<" {
            var i = pos + 1
            while i < s.count {
                let c = s[i]
                if c == ">" { return (Entities.unescape(s[(pos + 1)..<i]), i + 1) }
                if c == "\n" || c == "<" { return nil }
                if c == "\\", i + 1 < s.count, s[i + 1].isASCIIPunctuation { i += 1 }
                i += 1
            }
            return nil
        }
        var depth = 0
        var i = pos
        while i < s.count {
            let c = s[i]
            if c.value <= 0x20 || c.value == 0x7F { break }
            if c == "\\", i + 1 < s.count, s[i + 1].isASCIIPunctuation {
                i += 2
                continue
            }
            if c == "(" {
                depth += 1
                if depth > 32 { return nil }
            } else if c == ")" {
                if depth == 0 { break }
                depth -= 1
            }
            i += 1
        }
        guard i > pos, depth == 0 else { return nil }
        return (Entities.unescape(s[pos..<i]), i)
    }

    /// A link title (`"…"`, `'…'` or `(…)`) at `pos`; returns it (unescaped) and the index after it.
    static func scanTitle(_ s: [Unicode.Scalar], at pos: Int) -> (String, Int)? {
        guard pos < s.count else { return nil }
        let open = s[pos]
        let close: Unicode.Scalar
        switch open {
        case "\"": close = "\""
        case "'": close = "'"
        case "(": close = ")"
        default: return nil
        }
        var i = pos + 1
        while i < s.count {
            let c = s[i]
            if c == close { return (Entities.unescape(s[(pos + 1)..<i]), i + 1) }
            if open == "(" && c == "(" { return nil }
            if c == "\\", i + 1 < s.count, s[i + 1].isASCIIPunctuation { i += 1 }
            i += 1
        }
        return nil
    }

    /// Skips spaces and tabs and at most one line ending.
    static func skipSpacesAndOneNewline(_ s: [Unicode.Scalar], _ pos: Int) -> Int {
        var i = pos
        while i < s.count, s[i].isSpaceOrTab { i += 1 }
        if i < s.count, s[i] == "\n" {
            i += 1
            while i < s.count, s[i].isSpaceOrTab { i += 1 }
        }
        return i
    }

    /// A link reference definition at `pos` (`[label]: dest "title"`), ending at a line end.
    /// Returns the normalized label, the reference and the index after the line (past `\n`).
    static func scanReferenceDefinition(_ s: [Unicode.Scalar], at pos: Int) -> (String, Reference, Int)? {
        guard let (label, afterLabel) = scanLabel(s, at: pos), afterLabel < s.count, s[afterLabel] == ":" else { return nil }
        let key = normalizeLabel(label)
        guard !key.isEmpty else { return nil }
        let destStart = skipSpacesAndOneNewline(s, afterLabel + 1)
        guard let (destination, afterDest) = scanDestination(s, at: destStart) else { return nil }
        // A title must be separated from the destination by whitespace.
        let titleStart = skipSpacesAndOneNewline(s, afterDest)
        if titleStart > afterDest, let (title, afterTitle) = scanTitle(s, at: titleStart),
           let end = lineEnd(s, afterTitle) {
            return (key, Reference(destination: destination, title: title), end)
        }
        guard let end = lineEnd(s, afterDest) else { return nil }
        return (key, Reference(destination: destination, title: nil), end)
    }

    /// When only spaces/tabs follow `pos` up to a line end: the index after that line end.
    private static func lineEnd(_ s: [Unicode.Scalar], _ pos: Int) -> Int? {
        var i = pos
        while i < s.count, s[i].isSpaceOrTab { i += 1 }
        if i == s.count { return i }
        return s[i] == "\n" ? i + 1 : nil
    }
}
