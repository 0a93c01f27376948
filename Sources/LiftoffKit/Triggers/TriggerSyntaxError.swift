import LiftoffMarkdown

/// A trigger definition that cannot be read: where, what was expected, and a hint.
public struct TriggerSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var position: SourcePosition
    /// 1-based column inside the trigger text.
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
        var s = "\(file):\(position.line):\(position.column): error: \(message)"
        if let hint { s += "\n  hint: \(hint)" }
        return s
    }

    public var diagnostic: Diagnostic {
        Diagnostic(.error, "invalid-trigger", message, hint: hint, at: position)
    }
}
