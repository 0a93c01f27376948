/// A POSIX shell lexer that knows, for every `{{NAME}}` in a command, the context the shell
/// would read it in: comments, the three quote forms (`'…'`, `"…"`, `$'…'`), backslashes,
/// `$(…)` and backticks (nested), `${…}`, `$((…))` and `((…))`, and here-documents (quoted
/// delimiters are literal, unquoted ones expand; `<<-` strips tabs). It also keeps the words of
/// each simple command, so a value that would become code (`bash -c`, `eval`, `ssh`, the
/// command name) is known as such. See docs/checks.md "Variables in commands".
public enum ShellLexer {
    /// Where the shell reads a placeholder.
    public enum Context: Hashable, Sendable {
        /// An unquoted word (at top level or inside `$(…)` or backticks).
        case word
        case doubleQuoted
        case singleQuoted
        /// `$'…'`: backslash escapes, no expansion.
        case ansiCQuoted
        case comment
        /// The body of a here-document: `expanding` for an unquoted delimiter.
        case hereDocument(expanding: Bool)
        /// Inside `${…}`.
        case parameterExpansion
        /// Inside `$((…))` or `((…))`: a value there is evaluated as arithmetic (bash runs `a[$(…)]`).
        case arithmetic
        /// Somewhere the lexer cannot be sure of (backticks inside double quotes, an escaped
        /// backtick, text after an unterminated quote or here-document).
        case unsure(String)
    }

    /// What the words of the simple command around a placeholder make of it.
    public enum Role: Hashable, Sendable {
        /// An argument, an assignment's value, a redirection target: data.
        case data
        /// The command name itself: the value would choose what runs.
        case commandName
        /// Code for another interpreter: the script of `sh -c`, `eval`'s arguments, `ssh`'s
        /// remote command, `let`, a here-document fed to a shell.
        case code(String)
        /// An operand of `[[ … ]]` beside an arithmetic comparison (bash evaluates it).
        case arithmeticTest
    }

    public struct Placeholder: Hashable, Sendable {
        public var name: String
        /// Offset and length in characters of `{{NAME}}` in the command.
        public var offset: Int
        public var length: Int
        /// 0-based line and 1-based column inside the command.
        public var line: Int
        public var column: Int
        public var context: Context
        public var role: Role
    }

    public static func placeholders(in command: String) -> [Placeholder] {
        var lexer = Lexer(Array(command))
        lexer.run()
        return lexer.finish()
    }
}

private let shells: Set<String> = ["sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "busybox", "fish", "csh", "tcsh"]
private let wrappers: Set<String> = ["sudo", "env", "exec", "command", "nohup", "time", "nice", "builtin", "doas", "!"]
private let keywords: Set<String> = ["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "in", "case", "esac", "{", "}", "!"]
private let arithmeticOperators: Set<String> = ["-eq", "-ne", "-lt", "-le", "-gt", "-ge"]

/// One simple command's words as the lexer saw them (quotes removed, placeholders kept).
private struct SimpleCommand {
    var words: [String] = []
    /// Placeholders found in it: index into the lexer's list and the word they sit in.
    var placeholders: [(index: Int, word: Int)] = []
}

private struct PendingHereDocument {
    var delimiter: String
    var stripTabs: Bool
    var expanding: Bool
    var feedsInterpreter: String?
    var unsure: String?
}

private struct Lexer {
    let c: [Character]
    var i = 0
    var line = 0
    var lineStart = 0
    var found: [ShellLexer.Placeholder] = []
    var roles: [Int: ShellLexer.Role] = [:]
    var pendingHereDocuments: [PendingHereDocument] = []
    /// Nested substitutions and quotes; beyond `maxDepth` the rest is unsure (and the lexer's
    /// recursion stays shallow whatever the input).
    var depth = 0
    static let maxDepth = 64

    init(_ chars: [Character]) { c = chars }

    /// Enters one level of nesting; false (and the rest marked unsure) when too deep.
    mutating func enter() -> Bool {
        depth += 1
        if depth > Self.maxDepth {
            markRestUnsure("substitutions nested too deeply")
            return false
        }
        return true
    }

    mutating func finish() -> [ShellLexer.Placeholder] {
        found.enumerated().map { index, p in
            var q = p
            q.role = roles[index] ?? .data
            return q
        }
    }

    func peek(_ k: Int = 0) -> Character? { i + k < c.count ? c[i + k] : nil }

    mutating func advance() {
        if c[i] == "\n" {
            line += 1
            lineStart = i + 1
        }
        i += 1
    }

    /// `{{NAME}}` at `i`: its name and length.
    func placeholderAt() -> (String, Int)? {
        guard peek() == "{", peek(1) == "{" else { return nil }
        var j = i + 2
        var name = ""
        while j < c.count, c[j].unicodeScalars.count == 1, let s = c[j].unicodeScalars.first, PlaceholderScanner.isNameScalar(s) {
            name.append(c[j])
            j += 1
        }
        guard !name.isEmpty, j + 1 < c.count, c[j] == "}", c[j + 1] == "}" else { return nil }
        return (name, j + 2 - i)
    }

    /// Records the placeholder at `i` and moves past it.
    @discardableResult
    mutating func take(_ context: ShellLexer.Context) -> Int? {
        guard let (name, length) = placeholderAt() else { return nil }
        found.append(ShellLexer.Placeholder(name: name, offset: i, length: length, line: line, column: i - lineStart + 1, context: context, role: .data))
        for _ in 0..<length { advance() }
        return found.count - 1
    }

    mutating func run() {
        _ = command(until: nil, inBackticks: false)
    }

    // MARK: Commands

    /// Reads commands until `closer` (`)` of `$(`, a backtick) or the end; true when it closed.
    mutating func command(until closer: Character?, inBackticks: Bool) -> Bool {
        defer { depth -= 1 }
        guard enter() else { return true }
        var current = SimpleCommand()
        var word: String?
        var wordStart = true
        var parens = 0
        var testBrackets = false

        var piped: [Int] = []
        var pipeTarget = false
        func endWord(_ current: inout SimpleCommand, _ word: inout String?) {
            if let w = word {
                current.words.append(w)
                // The first word of a command after `|`: does it read its input as code?
                if pipeTarget, current.words.count == 1 || !isAssignment(w) && current.words.dropLast().allSatisfy(isAssignment) {
                    pipeTarget = false
                    if let shell = stdinInterpreter(w) {
                        for index in piped { roles[index] = .code("piped into \(shell)") }
                    }
                }
            }
            word = nil
        }
        while let ch = peek() {
            if inBackticks, ch == "`" {
                endWord(&current, &word)
                classify(current)
                advance()
                return true
            }
            if closer == ")", ch == ")", parens == 0 {
                endWord(&current, &word)
                classify(current)
                advance()
                return true
            }
            if let index = take(.word) {
                current.placeholders.append((index, current.words.count))
                word = (word ?? "") + "{{}}"
                wordStart = false
                continue
            }
            switch ch {
            case "#" where wordStart:
                while let d = peek(), d != "\n" {
                    if take(.comment) == nil { advance() }
                }
            case "\n":
                endWord(&current, &word)
                if !pipeTarget { piped = [] }
                if !testBrackets {
                    classify(current)
                    current = SimpleCommand()
                }
                advance()
                readHereDocumentBodies()
                wordStart = true
            case " ", "\t":
                endWord(&current, &word)
                advance()
                wordStart = true
            case ";", "&", "|":
                endWord(&current, &word)
                if !testBrackets || ch != "&" && ch != "|" {
                    classify(current)
                    let pipe = ch == "|" && peek(1) != "|"
                    // What a pipeline feeds to a shell's standard input is code for that shell.
                    if pipe { piped += current.placeholders.map(\.index) } else { piped = [] }
                    current = SimpleCommand()
                    if peek(1) == ch { advance() }
                    if pipe { pipeTarget = true }
                }
                advance()
                wordStart = true
            case "(":
                endWord(&current, &word)
                if peek(1) == "(", current.words.isEmpty {
                    advance(); advance()
                    arithmetic()
                } else {
                    parens += 1
                    classify(current)
                    current = SimpleCommand()
                    advance()
                }
                wordStart = true
            case ")":
                endWord(&current, &word)
                parens = max(0, parens - 1)
                classify(current)
                current = SimpleCommand()
                advance()
                wordStart = true
            case "<" where peek(1) == "<" && peek(2) != "<":
                endWord(&current, &word)
                advance(); advance()
                var strip = false
                if peek() == "-" { strip = true; advance() }
                hereDocumentOperator(stripTabs: strip, command: current)
                wordStart = true
            case "<", ">":
                endWord(&current, &word)
                advance()
                // `>&2`, `<&0`: a descriptor, not a background `&`.
                if peek() == "&" || peek() == ">" || peek() == "|" { advance() }
                wordStart = true
            default:
                let piece = wordPiece(inBackticks: inBackticks, current: &current)
                word = (word ?? "") + piece
                if current.words.isEmpty, word == "[[" { testBrackets = true }
                if word == "]]" { testBrackets = false }
                wordStart = false
            }
        }
        endWord(&current, &word)
        classify(current)
        return closer == nil && !inBackticks
    }

    /// One piece of a word at `i`: a quoted string, an expansion or a plain character. Returns
    /// its text as the word would hold it (roughly: quotes removed).
    mutating func wordPiece(inBackticks: Bool, current: inout SimpleCommand) -> String {
        guard let ch = peek() else { return "" }
        switch ch {
        case "\\":
            advance()
            if inBackticks, peek() == "`" {
                // A nested backtick: the quoting rules change with each level.
                markRestUnsure("an escaped backtick (nested command substitution)")
                return ""
            }
            guard let next = peek() else { return "" }
            advance()
            return next == "\n" ? "" : String(next)
        case "'":
            advance()
            let start = found.count
            var text = ""
            while let d = peek(), d != "'" {
                if let index = take(.singleQuoted) {
                    current.placeholders.append((index, current.words.count))
                    text += "{{}}"
                    continue
                }
                text.append(d)
                advance()
            }
            if peek() == nil { markUnterminated(from: start, "an unterminated single quote") } else { advance() }
            return text
        case "\"":
            advance()
            let start = found.count
            let text = doubleQuoted(inBackticks: inBackticks)
            for index in start..<found.count { current.placeholders.append((index, current.words.count)) }
            return text
        case "$":
            return dollar(inDoubleQuotes: false, inBackticks: inBackticks)
        case "`":
            advance()
            if !command(until: nil, inBackticks: true) { markRestUnsure("an unterminated backtick") }
            return "`…`"
        default:
            advance()
            return String(ch)
        }
    }

    /// After the opening `"`; consumes the closing one.
    mutating func doubleQuoted(inBackticks: Bool) -> String {
        defer { depth -= 1 }
        guard enter() else { return "" }
        let start = found.count
        var text = ""
        while let d = peek() {
            if d == "\"" {
                advance()
                return text
            }
            if take(.doubleQuoted) != nil {
                text += "{{}}"
                continue
            }
            switch d {
            case "\\":
                advance()
                if inBackticks, peek() == "`" { markRestUnsure("an escaped backtick (nested command substitution)"); return text }
                if let e = peek() {
                    if !"$`\"\\\n".contains(e) { text.append("\\") }
                    if e != "\n" { text.append(e) }
                    advance()
                }
            case "$":
                text += dollar(inDoubleQuotes: true, inBackticks: inBackticks)
            case "`":
                // Backticks inside double quotes: how nested quotes read is unspecified.
                advance()
                let start = found.count
                if !command(until: nil, inBackticks: true) { markRestUnsure("an unterminated backtick") }
                for index in start..<found.count { found[index].context = .unsure("inside backticks within double quotes") }
                text += "`…`"
            default:
                text.append(d)
                advance()
            }
        }
        markUnterminated(from: start, "an unterminated double quote")
        return text
    }

    /// At `$`: `$(…)`, `$((…))`, `${…}`, `$'…'` or a plain parameter.
    mutating func dollar(inDoubleQuotes: Bool, inBackticks: Bool) -> String {
        advance()
        switch peek() {
        case "(" where peek(1) == "(":
            advance(); advance()
            arithmetic()
            return "$((…))"
        case "(":
            advance()
            if !command(until: ")", inBackticks: false) { markRestUnsure("an unterminated $(") }
            return "$(…)"
        case "{":
            advance()
            parameterExpansion()
            return "${…}"
        case "'" where !inDoubleQuotes:
            advance()
            while let d = peek(), d != "'" {
                if take(.ansiCQuoted) != nil { continue }
                if d == "\\" { advance() }
                if peek() != nil { advance() }
            }
            if peek() != nil { advance() }
            return "$'…'"
        default:
            return "$"
        }
    }

    /// After `${`; consumes the closing `}`. Quotes and substitutions inside are followed so
    /// their braces do not count; every placeholder inside is a parameter-expansion one.
    mutating func parameterExpansion() {
        defer { self.depth -= 1 }
        guard enter() else { return }
        var depth = 0
        let start = found.count
        while let d = peek() {
            if take(.parameterExpansion) != nil { continue }
            switch d {
            case "}" where depth == 0:
                advance()
                for index in start..<found.count { found[index].context = .parameterExpansion }
                return
            case "}": depth -= 1; advance()
            case "{": depth += 1; advance()
            case "\\": advance(); if peek() != nil { advance() }
            case "'":
                advance()
                while let e = peek(), e != "'" { if take(.parameterExpansion) == nil { advance() } }
                if peek() != nil { advance() }
            case "\"":
                advance()
                _ = doubleQuoted(inBackticks: false)
            case "$":
                _ = dollar(inDoubleQuotes: false, inBackticks: false)
            default: advance()
            }
        }
        markUnterminated(from: start, "an unterminated ${")
    }

    /// After `((` or `$((`; consumes the closing `))`.
    mutating func arithmetic() {
        defer { self.depth -= 1 }
        guard enter() else { return }
        var depth = 0
        let start = found.count
        while let d = peek() {
            if take(.arithmetic) != nil { continue }
            switch d {
            case ")" where depth == 0 && peek(1) == ")":
                advance(); advance()
                for index in start..<found.count { found[index].context = .arithmetic }
                return
            case "(": depth += 1; advance()
            case ")": depth -= 1; advance()
            case "$": _ = dollar(inDoubleQuotes: false, inBackticks: false)
            default: advance()
            }
        }
        markUnterminated(from: start, "an unterminated $((")
    }

    // MARK: Here-documents

    /// After `<<` or `<<-`: reads the delimiter word and queues the body.
    mutating func hereDocumentOperator(stripTabs: Bool, command: SimpleCommand) {
        while peek() == " " || peek() == "\t" { advance() }
        var delimiter = ""
        var quoted = false
        var unsure: String?
        while let d = peek(), !" \t\n;&|<>()".contains(d) {
            if placeholderAt() != nil {
                unsure = "a here-document delimiter made of a variable"
                take(.unsure("a here-document delimiter made of a variable"))
                continue
            }
            switch d {
            case "'", "\"":
                quoted = true
                advance()
                while let e = peek(), e != d {
                    delimiter.append(e)
                    advance()
                }
                if peek() != nil { advance() }
            case "\\":
                quoted = true
                advance()
                if let e = peek() { delimiter.append(e); advance() }
            default:
                delimiter.append(d)
                advance()
            }
        }
        if delimiter.isEmpty { unsure = "a here-document without a delimiter" }
        pendingHereDocuments.append(PendingHereDocument(delimiter: delimiter, stripTabs: stripTabs, expanding: !quoted,
                                                        feedsInterpreter: interpreter(of: command), unsure: unsure))
    }

    /// A command that reads its standard input as code: a shell (even `sh -s`), `ssh`, `source /dev/stdin`.
    func stdinInterpreter(_ word: String) -> String? {
        let name = basename(word)
        return shells.contains(name) || name == "ssh" || name == "python" || name == "python3" || name == "perl" ? name : nil
    }

    /// The shell or remote command a here-document would be read by as code.
    func interpreter(of command: SimpleCommand) -> String? {
        let words = command.words.drop { $0.contains("=") && !$0.hasPrefix("=") || wrappers.contains($0) }
        guard let first = words.first else { return nil }
        let name = basename(first)
        if shells.contains(name) || name == "ssh" || name == "eval" || name == "source" || name == "." { return name }
        return nil
    }

    /// At the start of the line after a here-document operator: reads each queued body.
    mutating func readHereDocumentBodies() {
        let queue = pendingHereDocuments
        pendingHereDocuments = []
        for doc in queue {
            let start = found.count
            var terminated = false
            while peek() != nil {
                // One line.
                var lineText = ""
                var j = i
                while j < c.count, c[j] != "\n" { lineText.append(c[j]); j += 1 }
                let candidate = doc.stripTabs ? String(lineText.drop { $0 == "\t" }) : lineText
                if candidate == doc.delimiter {
                    while let d = peek(), d != "\n" { _ = d; advance() }
                    if peek() != nil { advance() }
                    terminated = true
                    break
                }
                // Inside a body that expands, nested substitutions on the line are not followed.
                var nested = false
                while let d = peek(), d != "\n" {
                    if doc.expanding, d == "\\" {
                        advance()
                        if peek() != nil, peek() != "\n" { advance() }
                        continue
                    }
                    if doc.expanding, d == "`" || (d == "$" && (peek(1) == "(" || peek(1) == "{")) { nested = true }
                    let context: ShellLexer.Context = doc.unsure.map { .unsure($0) }
                        ?? (nested ? .unsure("a substitution inside a here-document") : .hereDocument(expanding: doc.expanding))
                    if let index = take(context) {
                        if let shell = doc.feedsInterpreter { roles[index] = .code("a here-document read by \(shell)") }
                        continue
                    }
                    advance()
                }
                if peek() != nil { advance() }
            }
            if !terminated {
                for index in start..<found.count { found[index].context = .unsure("an unterminated here-document") }
            }
        }
    }

    // MARK: Roles

    /// Decides the role of each placeholder in a finished simple command from its words.
    mutating func classify(_ command: SimpleCommand) {
        guard !command.placeholders.isEmpty else { return }
        let words = command.words
        // Leading assignments, wrappers and keywords do not name the command.
        var first = 0
        while first < words.count, isAssignment(words[first]) || wrappers.contains(words[first]) || keywords.contains(words[first]) {
            first += 1
        }
        let isTest = words.first == "[["
        let arithmeticTest = isTest && words.contains { arithmeticOperators.contains($0) }
        for (index, word) in command.placeholders {
            if isTest {
                if arithmeticTest, roles[index] == nil { roles[index] = .arithmeticTest }
                continue
            }
            if word == first, word < words.count {
                if roles[index] == nil { roles[index] = .commandName }
                continue
            }
            if word < first { continue }
            // A nested command's verdict stands, unless its output becomes code out here.
            if let code = codeRole(words, commandAt: first, word: word) { roles[index] = code } else if roles[index] == nil { roles[index] = .data }
        }
    }

    func codeRole(_ words: [String], commandAt first: Int, word: Int) -> ShellLexer.Role? {
        // Look for an interpreter anywhere before the word: `kubectl exec pod -- sh -c '…'`.
        var k = first
        while k < word {
            let name = basename(words[k])
            if name == "eval" { return .code("an argument of eval") }
            if name == "let" { return .code("an argument of let") }
            if name == "ssh" { return .code("the remote command of ssh (ssh passes its arguments to a shell)") }
            if name == "su" || name == "watch" || name == "xargs" && words[(k + 1)..<word].contains("sh") {
                return .code("an argument of \(name), run by a shell")
            }
            if shells.contains(name) {
                // `sh -c SCRIPT NAME ARGS…`: SCRIPT is code, what follows it is data ($0, $1…).
                var m = k + 1
                while m < word {
                    let option = words[m]
                    if option.hasPrefix("-"), !option.hasPrefix("--"), option.contains("c") {
                        if m + 1 == word { return .code("the script of \(name) -c") }
                        break
                    }
                    if !option.hasPrefix("-") && !option.hasPrefix("+") { break }
                    m += 1
                }
            }
            k += 1
        }
        return nil
    }

    func isAssignment(_ word: String) -> Bool {
        guard let eq = word.firstIndex(of: "="), eq != word.startIndex else { return false }
        return word[..<eq].unicodeScalars.allSatisfy { PlaceholderScanner.isNameScalar($0) }
    }

    func basename(_ word: String) -> String {
        word.split(separator: "/").last.map(String.init) ?? word
    }

    // MARK: Doubt

    mutating func markUnterminated(from start: Int, _ why: String) {
        for index in start..<found.count {
            if case .unsure = found[index].context { continue }
            found[index].context = .unsure(why)
        }
        markRestUnsure(why)
    }

    /// Everything from here on is read without trusting the lexer.
    mutating func markRestUnsure(_ why: String) {
        while peek() != nil {
            if take(.unsure(why)) == nil { advance() }
        }
    }
}
