import LiftoffMarkdown

/// A trigger bound to incoming alerts instead of a query, as written.
public struct AlertTriggerDefinition: Hashable, Sendable {
    public var name: String
    public var matchers: [AlertMatcher]
    public var action: TriggerAction
}

/// Reads the alert form of the trigger language (docs/alerts.md):
///
///     trigger NAME: alert MATCHER [MATCHER…] then alert|rollback|page|halt
///
///     trigger SEV1: alert severity=~"critical|page" service="acme-api" then rollback
///     trigger checkout down: alert {alertname="CheckoutDown", env!="staging"} then page
///
/// Matchers are Alertmanager's (`=`, `!=`, `=~`, `!~`, anchored regular expressions), separated
/// by spaces or commas, optionally in braces. Values are quoted, or one word without spaces.
public enum AlertTriggerParser {
    static let hint = "e.g. trigger SEV1: alert severity=~\"critical|page\" service=\"acme-api\" then rollback"

    /// Whether `text` is the alert form: `NAME: alert` followed by a label matcher. `trigger x:
    /// alert count > 5 then page` is an ordinary trigger on a signal called `alert count`.
    public static func isAlertTrigger(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        var rest = text[text.index(after: colon)...].drop { $0.quickIsWhitespace }
        guard rest.lowercased().hasPrefix("alert"), rest.dropFirst(5).first?.quickIsWhitespace == true else { return false }
        rest = rest.dropFirst(5).drop { $0.quickIsWhitespace || $0 == "{" }
        let name = rest.prefix { isLabelCharacter($0) }
        guard let first = name.first, !first.quickIsNumber else { return false }
        let after = rest.dropFirst(name.count).drop { $0 == " " }
        return after.hasPrefix("=") || after.hasPrefix("!=") || after.hasPrefix("!~")
    }

    public static func parse(_ text: String, context: TriggerParser.Context) throws(TriggerSyntaxError) -> AlertTriggerDefinition {
        var scanner = Scanner(characters: Array(text))
        func fail(_ message: String, at index: Int, hint: String = hint) -> TriggerSyntaxError {
            let before = scanner.characters[..<min(index, scanner.characters.count)]
            let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
            let line = context.position.line + lines.count - 1
            let column = lines.count == 1 ? context.position.column + index : (lines.last?.count ?? 0) + 1
            return TriggerSyntaxError(file: context.file, position: SourcePosition(line: line, column: column), column: index + 1, message: message, hint: hint)
        }

        scanner.skipSpace()
        if scanner.word().lowercased() != "trigger" { scanner.index = 0 }
        scanner.skipSpace()
        guard let colon = scanner.characters[scanner.index...].firstIndex(of: ":") else {
            throw fail("expected the trigger's name and a colon", at: scanner.index)
        }
        let name = String(scanner.characters[scanner.index..<colon]).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw fail("expected the trigger's name before the colon", at: colon) }
        scanner.index = colon + 1
        scanner.skipSpace()
        _ = scanner.word()  // `alert`, as isAlertTrigger saw
        scanner.skipSpace()
        let braced = scanner.take("{")

        var matchers: [AlertMatcher] = []
        while true {
            scanner.skipSpace(andCommas: true)
            if braced, scanner.take("}") { break }
            let start = scanner.index
            let word = scanner.peekWord().lowercased()
            if !braced, word == "then" { break }
            guard !scanner.atEnd else {
                throw fail(braced ? "expected '}' after the label matchers" : "expected 'then rollback', 'then page', 'then alert' or 'then halt' at the end", at: start)
            }
            let label = scanner.take { isLabelCharacter($0) }
            guard let first = label.first, !first.quickIsNumber else {
                throw fail("expected a label matcher such as severity=\"critical\", found '\(scanner.peekWord())'", at: start)
            }
            scanner.skipSpace()
            let opStart = scanner.index
            let opText = scanner.take { "=!~".contains($0) }
            if opText.isEmpty, ["for", "keep", "every"].contains(label.lowercased()) {
                throw fail("'\(label)' does not apply to an alert trigger", at: start,
                           hint: "the alerting rule decides when an alert fires (its own `for:`); the trigger follows it")
            }
            guard let op = AlertMatcher.Operator(rawValue: opText) else {
                throw fail("expected =, !=, =~ or !~ after the label '\(label)'", at: opStart, hint: "label matchers as in Alertmanager routes: name=\"value\", name=~\"regex\"")
            }
            scanner.skipSpace()
            let valueStart = scanner.index
            let value: String
            if scanner.take("\"") {
                guard let quoted = scanner.quoted() else { throw fail("unterminated quoted value", at: valueStart, hint: "close the value with \"") }
                value = quoted
            } else {
                value = scanner.take { !$0.quickIsWhitespace && $0 != "," && $0 != "}" }
                guard !value.isEmpty else { throw fail("expected a value after '\(label)\(opText)'", at: valueStart) }
            }
            do {
                matchers.append(try AlertMatcher(name: label, op: op, value: value))
            } catch {
                throw fail(error.message, at: valueStart, hint: error.hint)
            }
        }
        guard !matchers.isEmpty else { throw fail("expected at least one label matcher after 'alert'", at: scanner.index) }
        scanner.skipSpace()
        let thenStart = scanner.index
        guard scanner.word().lowercased() == "then" else {
            throw fail("expected 'then' after the label matchers", at: thenStart)
        }
        scanner.skipSpace()
        let actionStart = scanner.index
        let actionWord = scanner.word()
        guard let action = TriggerAction(rawValue: actionWord.lowercased()) else {
            throw fail("expected alert, rollback, page or halt after 'then'\(actionWord.isEmpty ? "" : ", found '\(actionWord)'")", at: actionStart)
        }
        scanner.skipSpace()
        guard scanner.atEnd else {
            throw fail("unexpected '\(scanner.peekWord())' after the action", at: scanner.index, hint: "an alert trigger ends with its action; its timing is the alerting rule's")
        }
        return AlertTriggerDefinition(name: name, matchers: matchers, action: action)
    }

    static func isLabelCharacter(_ c: Character) -> Bool {
        c == "_" || (c.isASCII && (c.quickIsLetter || c.quickIsNumber))
    }

    private struct Scanner {
        var characters: [Character]
        var index = 0

        var atEnd: Bool { index >= characters.count }

        mutating func skipSpace(andCommas: Bool = false) {
            while !atEnd, characters[index].quickIsWhitespace || (andCommas && characters[index] == ",") { index += 1 }
        }

        mutating func take(_ c: Character) -> Bool {
            guard !atEnd, characters[index] == c else { return false }
            index += 1
            return true
        }

        mutating func take(while accepted: (Character) -> Bool) -> String {
            let start = index
            while !atEnd, accepted(characters[index]) { index += 1 }
            return String(characters[start..<index])
        }

        mutating func word() -> String { take { !$0.quickIsWhitespace } }

        func peekWord() -> String {
            var copy = self
            return copy.word()
        }

        /// After an opening quote: the value up to the closing one, with `\"` and `\\` escapes.
        mutating func quoted() -> String? {
            var out = ""
            while !atEnd {
                let c = characters[index]
                index += 1
                if c == "\"" { return out }
                if c == "\\", !atEnd {
                    out.append(characters[index])
                    index += 1
                } else {
                    out.append(c)
                }
            }
            return nil
        }
    }
}
