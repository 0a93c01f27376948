/// A runbook command with `{{NAME}}` placeholders turned into references to environment
/// variables, so values reach the shell as data by construction and never as shell text:
///
///     echo {{X}}          →  echo "${LIFTOFF_VAR_X}"
///     echo "v={{X}}"      →  echo "v=${LIFTOFF_VAR_X}"
///     echo 'v={{X}}'      →  echo 'v='"${LIFTOFF_VAR_X}"''
///
/// with `LIFTOFF_VAR_X=value` in the child's environment. A placeholder where the reference
/// would not expand, or where the value would be read as code (`bash -c`, `eval`, the command
/// name, arithmetic, a quoted here-document…), is a problem: the command does not run and
/// `lint` reports it. See docs/checks.md "Variables in commands".
public struct ShellTemplate: Hashable, Sendable {
    public static let variablePrefix = "LIFTOFF_VAR_"

    public struct Problem: Hashable, Sendable {
        public var name: String
        /// 0-based line and 1-based column inside the command.
        public var line: Int
        public var column: Int
        public var message: String
        public var hint: String
    }

    /// The command as written.
    public var written: String
    /// What the shell runs: placeholders replaced by references.
    public var script: String
    /// Names referenced by the script, in order of first use.
    public var names: [String]
    public var problems: [Problem]

    public init(_ command: String) {
        written = command
        let found = ShellLexer.placeholders(in: command)
        var problems: [Problem] = []
        var names: [String] = []
        var replacements: [(offset: Int, length: Int, text: String)] = []
        for p in found {
            let reference = "${\(Self.variablePrefix)\(p.name)}"
            func problem(_ message: String, _ hint: String) {
                problems.append(Problem(name: p.name, line: p.line, column: p.column, message: "{{\(p.name)}} " + message, hint: hint))
            }
            let asData = "pass it as data in a double-quoted argument, e.g. printf '%s\\n' \"{{\(p.name)}}\""
            if case .unsure(let why) = p.context {
                problem("cannot be placed safely: the command has \(why)", "simplify the command around it (close every quote, avoid nested backticks), or " + asData)
                continue
            }
            switch p.role {
            case .commandName:
                problem("is the command name: its value would choose what runs", "name the program in the runbook and pass the value as an argument")
                continue
            case .code(let what):
                problem("is \(what): its value would run as code", "give it to the script as an argument (sh -c '… \"$1\" …' sh \"{{\(p.name)}}\") or let the script read $\(Self.variablePrefix)\(p.name)")
                continue
            case .arithmeticTest:
                problem("is compared arithmetically in [[ ]], where bash evaluates the value as an expression", "compare with [ \"{{\(p.name)}}\" -eq N ] (test does not evaluate it) or as text with ==")
                continue
            case .data:
                break
            }
            var text: String?
            switch p.context {
            case .word: text = "\"\(reference)\""
            case .doubleQuoted, .hereDocument(expanding: true): text = reference
            case .singleQuoted: text = "'\"\(reference)\"'"
            case .comment: text = nil
            case .hereDocument(expanding: false):
                problem("is in a here-document with a quoted delimiter, whose text is never expanded", "unquote the delimiter (<<EOF) so the value is expanded as data")
                continue
            case .ansiCQuoted:
                problem("is inside $'…', which does not expand variables", asData)
                continue
            case .parameterExpansion:
                problem("is inside ${…}", asData)
                continue
            case .arithmetic:
                problem("is inside an arithmetic expression, where the shell evaluates the value as an expression", "check the value first in a double-quoted argument, e.g. n=\"{{\(p.name)}}\"; case $n in *[!0-9]*) exit 1;; esac")
                continue
            case .unsure(let why):
                problem("cannot be placed safely: the command has \(why)", "simplify the command around it (close every quote, avoid nested backticks), or " + asData)
                continue
            }
            if let text {
                replacements.append((p.offset, p.length, text))
                if !names.contains(p.name) { names.append(p.name) }
            }
        }
        var chars = Array(command)
        for r in replacements.sorted(by: { $0.offset > $1.offset }) {
            chars.replaceSubrange(r.offset..<(r.offset + r.length), with: Array(r.text))
        }
        script = String(chars)
        self.names = names
        self.problems = problems
    }

    /// The environment variables that carry the values: `LIFTOFF_VAR_NAME=value`. Names
    /// without a value are left out (see `unfilled`).
    public func environment(_ values: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for name in names {
            if let value = values[name] { out[Self.variablePrefix + name] = value }
        }
        return out
    }

    /// Referenced names that have no value.
    public func unfilled(_ values: [String: String]) -> [String] {
        names.filter { values[$0] == nil }
    }

    /// The first problem, as one line for an error message.
    public var refusal: String? {
        problems.first.map { "\($0.message) (line \($0.line + 1), column \($0.column)); \($0.hint)" }
    }
}
