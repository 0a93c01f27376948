/// Finds `{{NAME}}` variables and text that merely looks like a placeholder in another style.
///
/// A variable is `{{` + letters, digits and underscores + `}}`, nothing else: `{{ .Values.image }}`
/// and `{{site.baseurl}}` belong to other template languages, and `${var}` is the shell's.
public enum PlaceholderScanner {
    package struct Hit: Hashable {
        package var text: String
        var style: String
        /// 1-based column in Unicode scalars.
        var column: Int
    }

    package static func variables(in line: Substring) -> [Hit] {
        guard line.utf8.contains(UInt8(ascii: "{")) else { return [] }
        let scalars = Array(line.unicodeScalars)
        var hits: [Hit] = []
        var i = 0
        while i + 4 < scalars.count {
            if scalars[i] == "{", scalars[i + 1] == "{", i == 0 || scalars[i - 1] != "$" {
                var j = i + 2
                var name = ""
                while j < scalars.count, isNameScalar(scalars[j]) { name.unicodeScalars.append(scalars[j]); j += 1 }
                if !name.isEmpty, j + 1 < scalars.count, scalars[j] == "}", scalars[j + 1] == "}",
                   j + 2 >= scalars.count || scalars[j + 2] != "}" {
                    hits.append(Hit(text: name, style: "{{NAME}}", column: i + 1))
                    i = j + 2
                    continue
                }
            }
            i += 1
        }
        return hits
    }

    public static func substitute(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("{{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            if let close = afterOpen.range(of: "}}") {
                let name = String(afterOpen[..<close.lowerBound])
                if !name.isEmpty, name.unicodeScalars.allSatisfy(isNameScalar), let value = values[name] {
                    out += value
                    rest = afterOpen[close.upperBound...]
                    continue
                }
            }
            out += "{{"
            rest = afterOpen
        }
        out += rest
        return out
    }

    static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        (s >= "A" && s <= "Z") || (s >= "a" && s <= "z") || (s >= "0" && s <= "9") || s == "_"
    }

    /// Changelog tags such as `[CHANGE]` are labels, not placeholders.
    private static let tags: Set<String> = [
        "CHANGE", "FEATURE", "ENHANCEMENT", "BUGFIX", "FIX", "SECURITY", "BREAKING", "DEPRECATED",
        "DEPRECATION", "PERF", "DOCS", "WIP", "TODO", "DONE", "OK", "NEW", "REMOVED", "ADDED", "CHANGED", "FIXED",
        "X", "?", "!", "-", "PASS", "FAIL", "GO", "NO-GO",
    ]

    private static let htmlTags: Set<String> = [
        "a", "abbr", "b", "br", "hr", "p", "i", "em", "strong", "div", "span", "img", "details", "summary",
        "code", "pre", "kbd", "sub", "sup", "table", "tr", "td", "th", "thead", "tbody", "ul", "ol", "li",
        "dl", "dt", "dd", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "small", "u", "s", "del", "ins",
        "mark", "q", "cite", "center", "font", "section", "article", "header", "footer", "nav", "main",
        "figure", "figcaption", "picture", "source", "video", "audio", "iframe", "script", "style", "link",
        "meta", "html", "head", "body", "title", "form", "input", "button", "label", "select", "option",
        "textarea", "svg", "path", "wbr", "tt", "var", "samp", "caption", "col", "colgroup", "tfoot",
    ]

    /// Placeholders in other styles: `[Name]`, `<feature-flag-name>`, `{environment}`, `NAME_OF_TEAM`.
    /// `shellCode` turns off the styles that shell syntax produces (`[ -f x ]`, `$NAME_X`).
    static func possible(in line: Substring, shellCode: Bool, referenceLabels: Set<String>) -> [Hit] {
        let scalars = Array(line.unicodeScalars)
        var hits: [Hit] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            let escaped = i > 0 && scalars[i - 1] == "\\"
            if c == "[", !escaped, !shellCode, let hit = bracket(scalars, i, referenceLabels) {
                hits.append(hit.hit)
                i = hit.end
                continue
            }
            if c == "<", !escaped, let hit = angle(scalars, i) {
                hits.append(hit.hit)
                i = hit.end
                continue
            }
            if c == "{", !escaped, let hit = brace(scalars, i) {
                hits.append(hit.hit)
                i = hit.end
                continue
            }
            if !shellCode, isUpper(c), i == 0 || !isWordScalar(scalars[i - 1]) && scalars[i - 1] != "$" && scalars[i - 1] != "{" {
                if let hit = bareUpper(scalars, i) {
                    hits.append(hit.hit)
                    i = hit.end
                    continue
                }
            }
            i += 1
        }
        return hits
    }

    private static func bracket(_ s: [Unicode.Scalar], _ start: Int, _ refs: Set<String>) -> (hit: Hit, end: Int)? {
        guard start == 0 || (s[start - 1] != "]" && s[start - 1] != "!" && s[start - 1] != "[") else { return nil }
        var j = start + 1
        var inner = ""
        while j < s.count, s[j] != "]", s[j] != "[", inner.unicodeScalars.count < 80 {
            inner.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < s.count, s[j] == "]" else { return nil }
        let after: Unicode.Scalar? = j + 1 < s.count ? s[j + 1] : nil
        // Links, reference links and definitions, and task markers are Markdown, not placeholders.
        if after == "(" || after == "[" || after == ":" { return nil }
        let trimmed = inner.trimmingCharactersInSpace()
        if trimmed.isEmpty || trimmed.count == 1 || tags.contains(trimmed.uppercased()) && trimmed == trimmed.uppercased() { return nil }
        if refs.contains(trimmed.lowercased()) { return nil }
        if trimmed.hasPrefix("^") || trimmed.hasPrefix("!") || trimmed.hasPrefix("http") { return nil }
        guard trimmed.unicodeScalars.contains(where: { isUpper($0) || ($0 >= "a" && $0 <= "z") }) else { return nil }
        return (Hit(text: "[\(inner)]", style: "[NAME]", column: start + 1), j + 1)
    }

    private static func angle(_ s: [Unicode.Scalar], _ start: Int) -> (hit: Hit, end: Int)? {
        var j = start + 1
        var inner = ""
        while j < s.count, isWordScalar(s[j]) || s[j] == "-" || s[j] == "_", inner.unicodeScalars.count < 60 {
            inner.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < s.count, s[j] == ">", let first = inner.unicodeScalars.first, isUpper(first) || (first >= "a" && first <= "z") else { return nil }
        if htmlTags.contains(inner.lowercased()) { return nil }
        return (Hit(text: "<\(inner)>", style: "<name>", column: start + 1), j + 1)
    }

    private static func brace(_ s: [Unicode.Scalar], _ start: Int) -> (hit: Hit, end: Int)? {
        // `${var}` is shell, `{{x}}` is a variable or another template language.
        if start > 0, s[start - 1] == "$" || s[start - 1] == "{" { return nil }
        if start + 1 < s.count, s[start + 1] == "{" { return nil }
        var j = start + 1
        var inner = ""
        while j < s.count, isWordScalar(s[j]) || s[j] == "-" || s[j] == "_", inner.unicodeScalars.count < 60 {
            inner.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < s.count, s[j] == "}", let first = inner.unicodeScalars.first, isUpper(first) || (first >= "a" && first <= "z") else { return nil }
        return (Hit(text: "{\(inner)}", style: "{name}", column: start + 1), j + 1)
    }

    private static let bareSuffixes: Set<String> = ["LINK", "URL", "NAME", "ID", "DATE", "TIME", "NUMBER", "VERSION", "EMAIL", "TEAM", "HOST", "DOMAIN", "PATH"]

    /// `NAME_OF_TEAM`, `MAIN-ISSUE-LINK`: upper-case words joined by `_` (or by `-` when the last
    /// word names a kind of value). Acronyms (`SEV1`, `NO-GO`) are not.
    private static func bareUpper(_ s: [Unicode.Scalar], _ start: Int) -> (hit: Hit, end: Int)? {
        var j = start
        var word = ""
        while j < s.count, isUpper(s[j]) || (s[j] >= "0" && s[j] <= "9") || s[j] == "_" || s[j] == "-" {
            word.unicodeScalars.append(s[j])
            j += 1
        }
        if j < s.count, (s[j] >= "a" && s[j] <= "z") { return nil }
        while word.hasSuffix("_") || word.hasSuffix("-") { word.removeLast(); j -= 1 }
        if word.contains("_") {
            let parts = word.split(separator: "_")
            guard parts.count >= 2, parts.allSatisfy({ $0.count >= 2 && $0.unicodeScalars.contains(where: isUpper) }) else { return nil }
            return (Hit(text: word, style: "NAME", column: start + 1), j)
        }
        let parts = word.split(separator: "-")
        if parts.count >= 2, let last = parts.last, bareSuffixes.contains(String(last)), parts.allSatisfy({ $0.count >= 2 }) {
            return (Hit(text: word, style: "NAME", column: start + 1), j)
        }
        return nil
    }

    private static func isUpper(_ s: Unicode.Scalar) -> Bool { s >= "A" && s <= "Z" }
    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool { isNameScalar(s) }
}


extension PlaceholderScanner {
    /// Fills visible (non-secret) variables for display.
    public static func fill(_ text: String, _ vars: LaunchVariables) -> String {
        substitute(text, vars.values.filter { !$0.value.hasPrefix("env:") })
    }
}
