import LiftoffKit

/// The runbook line by line with what Liftoff read from each line: the model behind
/// `liftoff lint FILE --explain` (docs/runbook-format.md, "Seeing what Liftoff read").
/// Pure data; `ExplanationText` and `ExplanationHTML` render it.
public struct Explanation: Hashable, Sendable {
    /// One thing read from a line.
    public struct Note: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable, CaseIterable {
            case title, phase, section, gate, step, command, trigger, read, ignored, placeholder, annotation, help, diagnostic
        }

        public var kind: Kind
        public var text: String
        /// Set for diagnostics.
        public var severity: Severity?
        /// What to write to make Liftoff read the line right: an annotation or an edit.
        public var hint: String?

        public init(_ kind: Kind, _ text: String, severity: Severity? = nil, hint: String? = nil) {
            self.kind = kind
            self.text = text
            self.severity = severity
            self.hint = hint
        }
    }

    /// A source line (1-based number, text as written) and its notes.
    public struct Line: Hashable, Sendable {
        public var number: Int
        public var text: String
        public var notes: [Note]

        public init(number: Int, text: String, notes: [Note]) {
            self.number = number
            self.text = text
            self.notes = notes
        }
    }

    public var file: String
    public var title: String?
    public var lines: [Line]
    /// The lint summary: phases, steps, gates, triggers, findings.
    public var summary: String

    public init(file: String, title: String?, lines: [Line], summary: String) {
        self.file = file
        self.title = title
        self.lines = lines
        self.summary = summary
    }

    /// The notes of a line (1-based); empty past the end.
    public func notes(onLine number: Int) -> [Note] {
        lines.indices.contains(number - 1) ? lines[number - 1].notes : []
    }
}
