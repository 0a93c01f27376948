import Foundation

/// Small text helpers for headings, items and cells.
enum TitleText {
    /// Removes leading section numbering such as `2.`, `3.1`, `1\.`, `Step 1 -`, `4)`.
    static func withoutNumbering(_ text: String) -> String {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        var digits = 0
        var punctuation = 0
        var i = s.startIndex
        while i < s.endIndex, s[i].isNumber || s[i] == "." || s[i] == "\\" || s[i] == ")" {
            if s[i].isNumber { digits += 1 } else { punctuation += 1 }
            i = s.index(after: i)
        }
        // "2." and "3.1" are numbering; "4 Weeks Before Go-Live" is not.
        if digits > 0, digits < 10, punctuation > 0, i < s.endIndex, s[i].isWhitespace {
            s = s[i...]
        }
        return s.trimmingCharacters(in: .whitespaces)
    }

    /// Trims whitespace and trailing colons: `"Infrastructure:"` → `"Infrastructure"`.
    static func trimmedLabel(_ text: String) -> String {
        var s = text.trimmingCharacters(in: .whitespaces)
        while s.hasSuffix(":") { s.removeLast() }
        return s.trimmingCharacters(in: .whitespaces)
    }

    /// Lowercased words of a title, emoji and punctuation removed: `"🔄 ROLLBACK CHECKLIST"` → `"rollback checklist"`.
    static func normalized(_ text: String) -> String {
        var out = ""
        var space = false
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "/" || ch == "-" {
                if space, !out.isEmpty { out.append(" ") }
                space = false
                out.append(ch)
            } else {
                space = true
            }
        }
        return out
    }

    /// Collapses runs of whitespace into single spaces.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
