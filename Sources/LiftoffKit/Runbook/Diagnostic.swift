import LiftoffMarkdown

/// How much a finding matters. `error` fails `liftoff lint` (exit 1).
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A finding about a runbook, with the exact place and a hint that says what to do.
/// Errors are values; they are rendered once, at the edge (`file:line:col: severity: message`).
public struct Diagnostic: Hashable, Sendable, Codable {
    public var severity: Severity
    /// Stable machine-readable code, e.g. `unfilled-placeholder`.
    public var code: String
    public var message: String
    public var hint: String?
    public var line: Int
    public var column: Int

    public init(_ severity: Severity, _ code: String, _ message: String, hint: String? = nil, at position: SourcePosition) {
        self.severity = severity
        self.code = code
        self.message = message
        self.hint = hint
        self.line = position.line
        self.column = position.column
    }

    public var position: SourcePosition { SourcePosition(line: line, column: column) }

    /// `file:line:col: severity: message (code)` followed by an indented hint.
    public func rendered(file: String) -> String {
        var s = "\(file):\(line):\(column): \(severity.rawValue): \(message) [\(code)]"
        if let hint { s += "\n  hint: \(hint)" }
        return s
    }
}
