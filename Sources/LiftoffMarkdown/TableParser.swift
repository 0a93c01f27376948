/// GFM pipe-table rows, split the way cmark-gfm's table extension splits them:
/// an optional leading pipe, cells separated by unescaped `|`, an optional trailing pipe.
/// `\|` never separates cells (even inside code spans) and is unescaped in the cell text.
enum TableParser {
    struct RawCell {
        /// Trimmed cell text with `\|` replaced by `|`.
        var text: String
        /// Offset (in scalars of the line) of the first character of the trimmed text.
        var offset: Int
    }

    /// Cells of `line[from...]`, or nil when the line holds no cell at all (blank).
    static func splitRow(_ s: [Unicode.Scalar], from: Int) -> [RawCell]? {
        var i = from
        var end = s.count
        while end > i, s[end - 1].isSpaceOrTab { end -= 1 }
        while i < end, s[i].isSpaceOrTab { i += 1 }
        guard i < end else { return nil }
        if s[i] == "|" { i += 1 }
        var cells: [RawCell] = []
        while i < end {
            var j = i
            while j < end, s[j] != "|" {
                if s[j] == "\\", j + 1 < end, s[j + 1] == "|" { j += 2 } else { j += 1 }
            }
            cells.append(makeCell(s, i, j))
            // Skip the pipe; a trailing pipe ends the row without adding an empty cell.
            i = j + 1
        }
        return cells.isEmpty ? nil : cells
    }

    private static func makeCell(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> RawCell {
        var a = start, b = end
        while a < b, s[a].isSpaceOrTab { a += 1 }
        while b > a, s[b - 1].isSpaceOrTab { b -= 1 }
        var text: [Unicode.Scalar] = []
        text.reserveCapacity(b - a)
        var k = a
        while k < b {
            if s[k] == "\\", k + 1 < b, s[k + 1] == "|" {
                text.append("|")
                k += 2
            } else {
                text.append(s[k])
                k += 1
            }
        }
        return RawCell(text: String(scalars: text), offset: a)
    }

    /// Alignments when `line[from...]` is a delimiter row (`| :-- | --: |`), else nil.
    /// Like cmark-gfm 0.29, the row needs at least one pipe.
    static func delimiterRow(_ s: [Unicode.Scalar], from: Int) -> [TableAlignment]? {
        guard s[from...].contains("|"), let cells = splitRow(s, from: from) else { return nil }
        var result: [TableAlignment] = []
        for cell in cells {
            let c = Array(cell.text.unicodeScalars)
            guard !c.isEmpty else { return nil }
            let left = c.first == ":"
            let right = c.count > 1 && c.last == ":"
            let dashes = c.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            result.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return result
    }
}
