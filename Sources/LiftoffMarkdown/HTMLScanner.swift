/// Recognises raw HTML as CommonMark defines it: the seven kinds of HTML block starts and
/// their end conditions, and inline tags, comments, processing instructions, declarations, CDATA.
enum HTMLScanner {
    private static let literalBlockTags: Set<String> = ["script", "pre", "style", "textarea"]

    private static let blockTags: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center",
        "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5",
        "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu",
        "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search", "section",
        "source", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul",
    ]

    /// The HTML block kind (1...7) starting at `pos` (which holds `<`), or nil.
    static func blockStart(_ s: [Unicode.Scalar], at pos: Int, interruptsParagraph: Bool) -> Int? {
        guard pos < s.count, s[pos] == "<" else { return nil }
        if hasPrefix(s, pos + 1, "!--") { return 2 }
        if hasPrefix(s, pos + 1, "?") { return 3 }
        if hasPrefix(s, pos + 1, "![CDATA[") { return 5 }
        if pos + 2 < s.count, s[pos + 1] == "!", s[pos + 2].isASCIILetter { return 4 }
        var i = pos + 1
        let closing = i < s.count && s[i] == "/"
        if closing { i += 1 }
        var name = ""
        while i < s.count, s[i].isASCIIAlphanumeric || (s[i] == "-" && !name.isEmpty) {
            name.unicodeScalars.append(s[i].asciiLowercased)
            i += 1
            if name.count > 16 { break }
        }
        guard let first = name.unicodeScalars.first, first.isASCIILetter else { return nil }
        let next: Unicode.Scalar? = i < s.count ? s[i] : nil
        if !closing, literalBlockTags.contains(name) {
            if next == nil || next == ">" || next?.isMarkdownWhitespace == true { return 1 }
        }
        if blockTags.contains(name) {
            if next == nil || next == ">" || next?.isMarkdownWhitespace == true { return 6 }
            if next == "/", i + 1 < s.count, s[i + 1] == ">" { return 6 }
        }
        if interruptsParagraph { return nil }
        // Kind 7: one complete open or closing tag (not a literal tag) and nothing else on the line.
        if !closing, literalBlockTags.contains(name) { return nil }
        var unused: [String: Int] = [:]
        let end = closing ? scanClosingTag(s, at: pos) : scanOpenTag(s, at: pos, failedSearches: &unused)
        guard var j = end else { return nil }
        while j < s.count, s[j].isSpaceOrTab { j += 1 }
        return j == s.count ? 7 : nil
    }

    /// Whether `line[from...]` contains the end condition of an HTML block of kind 1...5.
    static func blockEnds(kind: Int, _ s: [Unicode.Scalar], from: Int) -> Bool {
        switch kind {
        case 1:
            for tag in ["</script>", "</pre>", "</style>", "</textarea>"] where containsCaseInsensitive(s, from, tag) {
                return true
            }
            return false
        case 2: return containsCaseInsensitive(s, from, "-->")
        case 3: return containsCaseInsensitive(s, from, "?>")
        case 4: return containsCaseInsensitive(s, from, ">")
        case 5: return containsCaseInsensitive(s, from, "]]>")
        default: return false
        }
    }

    /// End (exclusive) of an inline HTML construct starting with `<` at `pos`, or nil.
    /// `failedSearches` remembers, per terminator, the earliest start from which it was not found:
    /// searching again from later can only fail too, so many unclosed `<!--` stay linear.
    static func scanInline(_ s: [Unicode.Scalar], at pos: Int, failedSearches: inout [String: Int]) -> Int? {
        guard pos + 1 < s.count else { return nil }
        func search(_ from: Int, _ needle: String) -> Int? {
            if let failed = failedSearches[needle], from >= failed { return nil }
            if let end = find(s, from: from, needle) { return end }
            failedSearches[needle] = min(from, failedSearches[needle] ?? from)
            return nil
        }
        let c = s[pos + 1]
        if c.isASCIILetter {
            return scanOpenTag(s, at: pos, failedSearches: &failedSearches)
        }
        if c == "/" { return scanClosingTag(s, at: pos) }
        if c == "?" { return search(pos + 2, "?>") }
        if c == "!" {
            if hasPrefix(s, pos + 2, "--") {
                // CommonMark 0.31: `<!-->` and `<!--->` are (empty) comments too.
                if hasPrefix(s, pos + 4, ">") { return pos + 5 }
                if hasPrefix(s, pos + 4, "->") { return pos + 6 }
                return search(pos + 4, "-->")
            }
            if hasPrefix(s, pos + 2, "[CDATA[") { return search(pos + 9, "]]>") }
            if pos + 2 < s.count, s[pos + 2].isASCIILetter { return search(pos + 3, ">") }
        }
        return nil
    }

    /// `<name attr="v" ...>` or `<name/>`; returns the index after `>`.
    static func scanOpenTag(_ s: [Unicode.Scalar], at pos: Int, failedSearches: inout [String: Int]) -> Int? {
        var i = pos + 1
        guard i < s.count, s[i].isASCIILetter else { return nil }
        while i < s.count, s[i].isASCIIAlphanumeric || s[i] == "-" { i += 1 }
        while true {
            let wsStart = i
            while i < s.count, s[i].isMarkdownWhitespace { i += 1 }
            guard i < s.count else { return nil }
            if s[i] == ">" { return i + 1 }
            if s[i] == "/" { return i + 1 < s.count && s[i + 1] == ">" ? i + 2 : nil }
            // An attribute needs whitespace before it.
            guard i > wsStart else { return nil }
            guard s[i].isASCIILetter || s[i] == "_" || s[i] == ":" else { return nil }
            i += 1
            while i < s.count, s[i].isASCIIAlphanumeric || s[i] == "_" || s[i] == "." || s[i] == ":" || s[i] == "-" { i += 1 }
            var j = i
            while j < s.count, s[j].isMarkdownWhitespace { j += 1 }
            if j < s.count, s[j] == "=" {
                j += 1
                while j < s.count, s[j].isMarkdownWhitespace { j += 1 }
                guard j < s.count else { return nil }
                let q = s[j]
                if q == "\"" || q == "'" {
                    // An unclosed quote makes the scan run to the end; remember that for later tags.
                    let key = String(q)
                    if let failed = failedSearches[key], j >= failed { return nil }
                    let open = j
                    j += 1
                    while j < s.count, s[j] != q { j += 1 }
                    guard j < s.count else {
                        failedSearches[key] = min(open, failedSearches[key] ?? open)
                        return nil
                    }
                    i = j + 1
                } else {
                    let start = j
                    while j < s.count {
                        let v = s[j]
                        if v.isMarkdownWhitespace || v == "\"" || v == "'" || v == "=" || v == "<" || v == ">" || v == "`" { break }
                        j += 1
                    }
                    guard j > start else { return nil }
                    i = j
                }
            }
        }
    }

    /// `</name >`; returns the index after `>`.
    static func scanClosingTag(_ s: [Unicode.Scalar], at pos: Int) -> Int? {
        var i = pos + 2
        guard i < s.count, s[i].isASCIILetter else { return nil }
        while i < s.count, s[i].isASCIIAlphanumeric || s[i] == "-" { i += 1 }
        while i < s.count, s[i].isMarkdownWhitespace { i += 1 }
        return i < s.count && s[i] == ">" ? i + 1 : nil
    }

    static func hasPrefix(_ s: [Unicode.Scalar], _ pos: Int, _ prefix: String) -> Bool {
        var i = pos
        for p in prefix.unicodeScalars {
            guard i < s.count, s[i].asciiLowercased == p.asciiLowercased else { return false }
            i += 1
        }
        return true
    }

    /// Index after the first occurrence of `needle` at or after `from`, or nil.
    static func find(_ s: [Unicode.Scalar], from: Int, _ needle: String) -> Int? {
        let n = Array(needle.unicodeScalars)
        guard let first = n.first, from >= 0 else { return nil }
        var i = from
        while i + n.count <= s.count {
            if s[i] == first, hasPrefix(s, i, needle) { return i + n.count }
            i += 1
        }
        return nil
    }

    private static func containsCaseInsensitive(_ s: [Unicode.Scalar], _ from: Int, _ needle: String) -> Bool {
        guard let first = needle.unicodeScalars.first else { return false }
        var i = max(0, from)
        while i < s.count {
            if s[i].asciiLowercased == first, hasPrefix(s, i, needle) { return true }
            i += 1
        }
        return false
    }
}
