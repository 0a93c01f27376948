/// One label matcher of an alert binding, as in Alertmanager routes: `severity="critical"`,
/// `env!="staging"`, `severity=~"critical|page"`, `team!~"web.*"` (docs/alerts.md).
///
/// Regular expressions are anchored at both ends, as Alertmanager anchors them; a label the
/// alert does not carry matches as the empty string.
///
/// ```swift
/// let m = try AlertMatcher.parse(#"severity=~"critical|page""#)
/// m.matches(["severity": "page"])   // true
/// ```
public struct AlertMatcher: Hashable, Sendable {
    public enum Operator: String, Hashable, Sendable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case matchesRegex = "=~"
        case notMatchesRegex = "!~"
    }

    public var name: String
    public var op: Operator
    public var value: String

    /// Checks the regular expression now, so a bad one is a syntax error and never a silent miss.
    public init(name: String, op: Operator, value: String) throws(AlertMatcherError) {
        self.name = name
        self.op = op
        self.value = value
        if op == .matchesRegex || op == .notMatchesRegex {
            guard (try? Regex(value)) != nil else {
                throw AlertMatcherError(message: "'\(value)' is not a valid regular expression", hint: "e.g. severity=~\"critical|page\"")
            }
        }
    }

    public func matches(_ labels: [String: String]) -> Bool {
        let actual = labels[name] ?? ""
        switch op {
        case .equal: return actual == value
        case .notEqual: return actual != value
        case .matchesRegex: return Self.wholeMatch(actual, value)
        case .notMatchesRegex: return !Self.wholeMatch(actual, value)
        }
    }

    private static func wholeMatch(_ text: String, _ pattern: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }

    /// `name="value"` as Alertmanager writes it (quotes with `\"` and `\\` escapes).
    public var text: String {
        "\(name)\(op.rawValue)\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

public struct AlertMatcherError: Error, Hashable, Sendable {
    public var message: String
    public var hint: String
}

extension Array where Element == AlertMatcher {
    /// Every matcher holds (an empty list matches every alert).
    public func matches(_ labels: [String: String]) -> Bool {
        allSatisfy { $0.matches(labels) }
    }

    /// `severity=~"critical|page" service="acme-api"`
    public var text: String { map(\.text).joined(separator: " ") }
}
