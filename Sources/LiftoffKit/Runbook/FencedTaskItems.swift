import LiftoffMarkdown

/// Task items (`- [ ]`, `1. [x]`) written inside a code fence that Liftoff does not read as
/// Markdown (```` ``` ````, ```` ```text ````, ```` ```yaml ```` …) are not steps; `lint` says
/// how many a fence holds so the author can move them out or mark the fence as Markdown.
/// An indented code block (a list indented four spaces too far) is reported the same way.
enum FencedTaskItems {
    static func count(in lines: [SourceLine]) -> Int {
        lines.reduce(0) { $0 + (isTaskItem($1.text) ? 1 : 0) }
    }

    /// `- [ ] x`, `* [x] x`, `+ [X] x`, `1. [ ] x`, `2) [ ] x`, indented or not.
    static func isTaskItem(_ line: Substring) -> Bool {
        var s = line.drop { $0 == " " || $0 == "\t" }
        if let first = s.first, first == "-" || first == "*" || first == "+" {
            s = s.dropFirst()
        } else {
            let digits = s.prefix { $0.isASCII && $0.quickIsNumber }
            guard !digits.isEmpty, digits.count <= 9 else { return false }
            s = s.dropFirst(digits.count)
            guard let delimiter = s.first, delimiter == "." || delimiter == ")" else { return false }
            s = s.dropFirst()
        }
        guard let space = s.first, space == " " || space == "\t" else { return false }
        s = s.drop { $0 == " " || $0 == "\t" }
        guard s.count >= 3 else { return false }
        let box = Array(s.prefix(3))
        guard box[0] == "[", box[2] == "]", box[1] == " " || box[1] == "x" || box[1] == "X" else { return false }
        let after = s.dropFirst(3)
        return after.isEmpty || after.first == " " || after.first == "\t"
    }

    static func diagnostic(count: Int, info: String?, fenced: Bool, at position: SourcePosition) -> Diagnostic {
        let items = count == 1 ? "1 task item" : "\(count) task items"
        let fence = !fenced ? "indented code block" : info.flatMap { $0.split(separator: " ").first }.map { "```\($0) fence" } ?? "code fence"
        return Diagnostic(.info, "unread-task-items", "\(items) inside a \(fence) \(count == 1 ? "was" : "were") not read",
                          hint: "use a ```markdown fence, or move them out of the code block", at: position)
    }
}

extension BlockNode {
    /// A fenced code block (``` or ~~~), as opposed to an indented one.
    var isFenced: Bool {
        if case .codeBlock(_, _, let fenced) = kind { return fenced }
        return false
    }
}
