import LiftoffKit
import LiftoffMarkdown

/// `liftoff render --format md`: the runbook as written, with `{{VARIABLES}}` filled in prose,
/// tables and inline code. Code blocks stay as written (they are substituted only where run),
/// and secrets (`env:NAME`) are never written out.
public enum MarkdownFiller {
    public static func fill(_ text: String, vars: LaunchVariables) -> String {
        let values = vars.values.filter { !$0.value.hasPrefix("env:") }
        let document = MarkdownParser.parse(text)
        var codeLines = Set<Int>()
        collectCodeLines(document, into: &codeLines)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var lineNumber = 1
        var start = text.startIndex
        var i = text.startIndex
        func emit(_ line: Substring) {
            out += codeLines.contains(lineNumber) ? String(line) : PlaceholderScanner.substitute(String(line), values)
        }
        while i < text.endIndex {
            let c = text[i]
            if c == "\n" || c == "\r\n" || c == "\r" {
                emit(text[start..<i])
                out.append(c)
                lineNumber += 1
                i = text.index(after: i)
                start = i
            } else {
                i = text.index(after: i)
            }
        }
        if start < text.endIndex { emit(text[start...]) }
        return out
    }

    private static func collectCodeLines(_ node: BlockNode, into lines: inout Set<Int>) {
        if case .codeBlock = node.kind {
            // The fences too: an info string is code.
            for l in node.position.line...max(node.position.line, node.endLine) { lines.insert(l) }
        }
        for child in node.children { collectCodeLines(child, into: &lines) }
    }
}
