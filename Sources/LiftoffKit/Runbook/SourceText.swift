/// Source lines as editors number them (`\n`, `\r\n` and `\r` all end a line).
enum SourceText {
    static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            // "\r\n" is one Character in Swift, so both forms are seen here.
            if c == "\n" || c == "\r" || c == "\r\n" {
                lines.append(text[start..<i])
                i = text.index(after: i)
                start = i
            } else {
                i = text.index(after: i)
            }
        }
        if start < text.endIndex { lines.append(text[start...]) }
        return lines
    }
}

/// A small set of line numbers.
struct IndexSetLite {
    private var storage: Set<Int> = []
    mutating func insert(_ n: Int) { storage.insert(n) }
    func contains(_ n: Int) -> Bool { storage.contains(n) }
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
