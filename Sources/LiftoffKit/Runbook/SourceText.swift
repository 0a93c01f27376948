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
