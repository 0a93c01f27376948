/// Small text helpers for headings, items and cells. They run for every block of a runbook,
/// so they work on UTF-8 with ASCII fast paths instead of Character properties.
enum TitleText {
    /// Removes leading section numbering such as `2.`, `3.1`, `1\.`, `4)`.
    /// "4 Weeks Before Go-Live" keeps its number: numbering needs a dot or a parenthesis.
    static func withoutNumbering(_ text: String) -> String {
        let trimmed = text.trimmingCharactersInSpace()
        let bytes = trimmed.utf8
        var digits = 0
        var punctuation = 0
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 { digits += 1 } else if b == 0x2E || b == 0x5C || b == 0x29 { punctuation += 1 } else { break }
            i = bytes.index(after: i)
        }
        guard digits > 0, digits < 10, punctuation > 0, i < bytes.endIndex, bytes[i] == 0x20 || bytes[i] == 0x09 else { return trimmed }
        return String(trimmed[i...]).trimmingCharactersInSpace()
    }

    /// Trims whitespace and trailing colons: `"Infrastructure:"` → `"Infrastructure"`.
    static func trimmedLabel(_ text: String) -> String {
        var s = Substring(text).trimmingCharactersInSpaceSub()
        while s.hasSuffix(":") { s.removeLast() }
        return String(s.trimmingCharactersInSpaceSub())
    }

    /// Lowercased words of a title, emoji and punctuation removed: `"🔄 ROLLBACK CHECKLIST"` → `"rollback checklist"`.
    static func normalized(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var space = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                let lower = (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b
                if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) || lower == 0x2F || lower == 0x2D {
                    if space, !out.isEmpty { out.append(0x20) }
                    space = false
                    out.append(lower)
                } else {
                    space = true
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if space, !out.isEmpty { out.append(0x20) }
                space = false
                out.append(contentsOf: String(scalar).lowercased().utf8)
            } else {
                space = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Collapses runs of whitespace into single spaces and trims the ends.
    static func collapsed(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        var changed = false
        for b in text.utf8 {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C {
                if !out.isEmpty { pendingSpace = true }
                if b != 0x20 || pendingSpace && out.last == 0x20 { changed = true }
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(b)
        }
        if !changed, out.count == text.utf8.count { return text }
        return String(decoding: out, as: UTF8.self)
    }
}
