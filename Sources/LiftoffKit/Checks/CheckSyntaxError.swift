import LiftoffMarkdown

/// A check that cannot be read: where (the annotation's file:line:col and the column inside the
/// check text), what was expected, and a hint. Rendered once, at the edge.
public struct CheckSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// Where in the file the problem is (best effort for multi-line and YAML texts).
    public var position: SourcePosition
    /// 1-based column inside the check text (`check http …` starts at column 1).
    public var column: Int
    public var message: String
    public var hint: String?

    public init(file: String, position: SourcePosition, column: Int, message: String, hint: String?) {
        self.file = file
        self.position = position
        self.column = column
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var s = "\(file):\(position.line):\(position.column): error: \(message) (column \(column) of the check)"
        if let hint { s += "\n  hint: \(hint)" }
        return s
    }

    public var diagnostic: Diagnostic {
        Diagnostic(.error, "invalid-check", "\(message) (column \(column) of the check)", hint: hint, at: position)
    }
}
