/// Source lines as editors number them (`\n`, `\r\n` and `\r` all end a line).
package enum SourceText {
    package static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let b = utf8[i]
            if b == 0x0A || b == 0x0D {
                lines.append(text[start..<i])
                var next = utf8.index(after: i)
                if b == 0x0D, next < utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                i = next
                start = i
            } else {
                i = utf8.index(after: i)
            }
        }
        if start < utf8.endIndex { lines.append(text[start...]) }
        return lines
    }

    /// The same pieces as `text.split(separator: "\n", omittingEmptySubsequences: false)`
    /// (where `\r\n` is one `Character`, so it ends no piece), cut on bytes instead of
    /// `Character`s: a 5 MB runbook is split several times by lint. A line feed is always a
    /// grapheme of its own except right after a carriage return (Unicode's GB3–GB5), so the
    /// cut points are every `\n` byte not preceded by `\r`.
    package static func newlineSeparated(_ text: String) -> [Substring] {
        var pieces: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var previous: UInt8 = 0
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let b = utf8[i]
            let next = utf8.index(after: i)
            if b == 0x0A, previous != 0x0D {
                pieces.append(text[start..<i])
                start = next
            }
            previous = b
            i = next
        }
        pieces.append(text[start...])
        return pieces
    }
}


/// Labels of reference link definitions (`[main-issue]: https://…`), lower-cased.
enum ReferenceLabels {
    static func collect(_ lines: [Substring]) -> Set<String> {
        var labels: Set<String> = []
        for line in lines {
            let t = line.drop { $0 == " " }
            guard t.hasPrefix("["), let close = t.firstIndex(of: "]") else { continue }
            let after = t[t.index(after: close)...]
            guard after.hasPrefix(":") else { continue }
            labels.insert(String(t[t.index(after: t.startIndex)..<close]).lowercased())
        }
        return labels
    }
}
