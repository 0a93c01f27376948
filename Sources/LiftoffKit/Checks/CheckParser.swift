import Foundation
import LiftoffMarkdown

/// Reads the check language (DESIGN §4) into typed checks:
///
///     check http GET https://{{DOMAIN}}/healthz timeout 2s expect status == 200 and json "$.data.sha" == "{{RELEASE_SHA}}"
///     check tls {{DOMAIN}}:443 expect expiry > 90d
///     check dns {{DOMAIN}} A server 127.0.0.1:5353 expect answer == "203.0.113.7"
///     check tcp db.internal:5432 expect connected
///     check command "aws rds describe-db-instances" expect stdout ~ "available"
///     check prometheus "max(replication_lag_seconds)" expect value < 5
///
/// Variables are filled token by token, so errors point at the text as written.
public struct CheckParser: Sendable {
    /// Variable values; `env:NAME` values are secrets and stay `{{VAR}}` until run time.
    public var values: [String: String]
    /// When false, unknown variables stay as `{{NAME}}` (reading without a vars file).
    public var requireValues: Bool

    public init(vars: LaunchVariables?) {
        values = vars?.values ?? [:]
        requireValues = vars != nil
    }

    /// Where a check text sits, for ids and diagnostics.
    public struct Context: Sendable {
        public var file: String
        /// Where the check text starts in the file.
        public var position: SourcePosition
        public var section: Int
        public var step: String?
        public var origin: CheckOrigin
        public var id: String

        public init(file: String, position: SourcePosition, section: Int, step: String?, origin: CheckOrigin, id: String) {
            self.file = file
            self.position = position
            self.section = section
            self.step = step
            self.origin = origin
            self.id = id
        }
    }

    /// Whether an annotation text is a check at all (others are gates, triggers, ids…).
    public static func isCheck(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0.quickIsWhitespace })
        return words.drop(while: { $0.hasPrefix("id=") }).first?.lowercased() == "check"
    }

    public func parse(_ text: String, context: Context) throws(CheckSyntaxError) -> Check {
        let tokens: [CheckToken]
        do {
            tokens = try CheckTokenizer.tokenize(text)
        } catch {
            throw failure(context, at: error.token, "unterminated quoted string", hint: "close it with the same quote it opened with")
        }
        var reader = Reader(tokens: tokens, endColumn: text.count + 1)
        var secrets: [String: String] = [:]
        var id = context.id
        while let t = reader.peek, !t.quoted, t.text.hasPrefix("id=") {
            id = String(t.text.dropFirst(3))
            reader.advance()
        }
        if let t = reader.peek, t.isWord("check") { reader.advance() }
        guard let kindToken = reader.next() else {
            throw failure(context, atColumn: reader.endColumn, "expected a check kind", hint: kindsHint)
        }
        guard let kind = CheckKind(rawValue: kindToken.text.lowercased()), !kindToken.quoted else {
            throw failure(context, at: kindToken, "expected a check kind, found '\(kindToken.text)'", hint: kindsHint)
        }
        let target = try readTarget(kind, &reader, context, &secrets)
        let options = try readOptions(kind, &reader, context, &secrets)
        guard let expect = reader.next() else {
            throw failure(context, atColumn: reader.endColumn, "expected 'expect' and an assertion after the \(kind.rawValue) target", hint: "e.g. \(AssertionReader.example(kind))")
        }
        guard expect.isWord("expect") else {
            throw failure(context, at: expect, "expected an option or 'expect', found '\(expect.text)'", hint: "options for \(kind.rawValue): \(Self.optionNames(kind).joined(separator: ", ")); then expect \(AssertionReader.example(kind))")
        }
        var assertions: [Assertion] = []
        repeat {
            let assertionReader = AssertionReader(kind: kind, parser: self, context: context)
            assertions.append(try assertionReader.read(&reader, &secrets))
            guard let joiner = reader.next() else { break }
            guard joiner.isWord("and") else {
                throw failure(context, at: joiner, "expected 'and' or the end of the check, found '\(joiner.text)'", hint: "join assertions with 'and': \(AssertionReader.example(kind)) and …")
            }
        } while true
        var check = Check(id: id, kind: kind, target: target, options: options, assertions: assertions, source: text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "), origin: context.origin, file: context.file, position: context.position, section: context.section, step: context.step, secrets: secrets)
        if case .command(let command) = target {
            for name in ShellTemplate(command).names {
                if let value = values[name], !value.hasPrefix("env:") { check.values[name] = value }
            }
        }
        return check
    }

    // MARK: Targets

    private static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    private func readTarget(_ kind: CheckKind, _ reader: inout Reader, _ context: Context, _ secrets: inout [String: String]) throws(CheckSyntaxError) -> CheckTarget {
        switch kind {
        case .http:
            var method = "GET"
            if let t = reader.peek, !t.quoted, Self.methods.contains(t.text.uppercased()) {
                method = t.text.uppercased()
                reader.advance()
            }
            guard let urlToken = reader.next(), !urlToken.isWord("expect") else {
                throw failure(context, atColumn: reader.lastEnd, "expected a URL after 'http \(method)'", hint: "e.g. check http GET https://{{DOMAIN}}/healthz expect status == 200")
            }
            let url = try fill(urlToken, context, &secrets)
            let lower = url.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                throw failure(context, at: urlToken, "expected an http:// or https:// URL, found '\(urlToken.text)'", hint: "write the full URL, e.g. https://{{DOMAIN}}/healthz")
            }
            return .http(method: method, url: url)
        case .tls, .tcp:
            guard let token = reader.next(), !token.isWord("expect") else {
                throw failure(context, atColumn: reader.lastEnd, "expected host:port after '\(kind.rawValue)'", hint: kind == .tls ? "e.g. check tls {{DOMAIN}}:443 expect expiry > 90d" : "e.g. check tcp db.internal:5432 expect connected")
            }
            var text = try fill(token, context, &secrets)
            if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
            if text.hasSuffix("/") { text = String(text.dropLast()) }
            guard let (host, port) = Self.hostPort(text, defaultPort: kind == .tls ? 443 : nil) else {
                throw failure(context, at: token, "expected host:port, found '\(token.text)'", hint: kind == .tls ? "e.g. {{DOMAIN}}:443 (the port defaults to 443)" : "a tcp check needs a port, e.g. db.internal:5432")
            }
            return kind == .tls ? .tls(host: host, port: port) : .tcp(host: host, port: port)
        case .dns:
            guard let token = reader.next(), !token.isWord("expect") else {
                throw failure(context, atColumn: reader.lastEnd, "expected a name after 'dns'", hint: "e.g. check dns {{DOMAIN}} A expect answer == \"203.0.113.7\"")
            }
            let name = try fill(token, context, &secrets)
            var type = DNSRecordType.A
            if let t = reader.peek, !t.quoted, let parsed = DNSRecordType(rawValue: t.text.uppercased()) {
                type = parsed
                reader.advance()
            }
            return .dns(name: name, type: type)
        case .command, .prometheus:
            guard let first = reader.peek, !first.isWord("expect") else {
                throw failure(context, atColumn: reader.lastEnd, "expected a quoted \(kind == .command ? "command" : "query") after '\(kind.rawValue)'", hint: kind == .command ? "e.g. check command \"systemctl is-active nginx\" expect exit == 0" : "e.g. check prometheus \"max(replication_lag_seconds)\" expect value < 5")
            }
            var raw: String
            if first.quoted {
                raw = first.text
                reader.advance()
            } else {
                // Unquoted: the words up to the first option or `expect`.
                var words: [String] = []
                while let t = reader.peek, !t.isWord("expect"), !Self.optionNames(kind).contains(t.text.lowercased()) {
                    words.append(t.quoted ? "'\(t.text)'" : t.text)
                    reader.advance()
                }
                raw = words.joined(separator: " ")
            }
            if kind == .command {
                return .command(try fillCommand(raw, first, context, &secrets))
            }
            raw = try fill(CheckToken(text: raw, quoted: true, column: first.column, line: first.line, lineColumn: first.lineColumn), context, &secrets)
            return .prometheus(query: raw)
        }
    }

    static func hostPort(_ text: String, defaultPort: Int?) -> (String, Int)? {
        // [::1]:443, ::1 (IPv6 without port), host:443, host
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return defaultPort.map { (host, $0) } }
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (1...65535).contains(port) else { return nil }
            return (host, port)
        }
        let colons = text.filter { $0 == ":" }.count
        if colons > 1 { return defaultPort.map { (text, $0) } }
        if colons == 1, let colon = text.lastIndex(of: ":") {
            let host = String(text[..<colon])
            guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else { return nil }
            return (host, port)
        }
        guard !text.isEmpty, let port = defaultPort else { return nil }
        return (text, port)
    }

    // MARK: Options

    static func optionNames(_ kind: CheckKind) -> [String] {
        switch kind {
        case .http: ["timeout", "header", "body", "no-redirects", "follow-redirects", "ca"]
        case .tls: ["timeout", "sni", "ca"]
        case .dns: ["timeout", "server"]
        case .tcp: ["timeout"]
        case .command: ["timeout", "cwd"]
        case .prometheus: ["timeout", "nodata"]
        }
    }

    private static let allOptions: Set<String> = ["timeout", "header", "body", "no-redirects", "follow-redirects", "sni", "ca", "server", "cwd", "nodata"]

    private func readOptions(_ kind: CheckKind, _ reader: inout Reader, _ context: Context, _ secrets: inout [String: String]) throws(CheckSyntaxError) -> CheckOptions {
        var options = CheckOptions()
        while let t = reader.peek, !t.isWord("expect") {
            var name = t.text.lowercased()
            var inlineValue: String?
            if !t.quoted, let eq = name.firstIndex(of: "="), Self.allOptions.contains(String(name[..<eq])) {
                inlineValue = String(t.text[t.text.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard !t.quoted, Self.allOptions.contains(name) else { break }
            guard Self.optionNames(kind).contains(name) else {
                throw failure(context, at: t, "option '\(name)' does not apply to \(kind.rawValue) checks", hint: "\(kind.rawValue) options: \(Self.optionNames(kind).joined(separator: ", "))")
            }
            reader.advance()
            if name == "no-redirects" {
                options.followRedirects = false
                continue
            }
            if name == "follow-redirects" {
                options.followRedirects = true
                continue
            }
            let valueToken: CheckToken
            if let inlineValue {
                valueToken = CheckToken(text: inlineValue, quoted: false, column: t.column + name.count + 1, line: t.line, lineColumn: t.lineColumn + name.count + 1)
            } else {
                guard let v = reader.next(), !v.isWord("expect") else {
                    throw failure(context, atColumn: reader.lastEnd, "expected a value after '\(name)'", hint: Self.optionHint(name))
                }
                valueToken = v
            }
            let value = try fill(valueToken, context, &secrets)
            switch name {
            case "timeout":
                guard let q = CheckQuantity.parse(value), q.unit != nil, q.unit != "%", q.value > 0 else {
                    throw failure(context, at: valueToken, "expected a duration after 'timeout', found '\(valueToken.text)'", hint: Self.optionHint(name))
                }
                options.timeout = q.value
            case "header":
                guard let colon = value.firstIndex(of: ":"), !value[..<colon].trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw failure(context, at: valueToken, "expected \"Name: value\" after 'header'", hint: Self.optionHint(name))
                }
                options.headers.append(HeaderField(name: value[..<colon].trimmingCharacters(in: .whitespaces), value: value[value.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            case "body": options.body = value
            case "sni": options.sni = value
            case "ca": options.ca = value
            case "server": options.server = value
            case "cwd": options.cwd = value
            case "nodata":
                guard let policy = NodataPolicy(rawValue: value.lowercased()) else {
                    throw failure(context, at: valueToken, "expected pass, fail or hold after 'nodata', found '\(valueToken.text)'", hint: Self.optionHint(name))
                }
                options.nodata = policy
            default: break
            }
        }
        return options
    }

    private static func optionHint(_ name: String) -> String {
        switch name {
        case "timeout": "e.g. timeout 2s (units: ms s m h)"
        case "header": "e.g. header \"Authorization: Bearer {{API_TOKEN}}\""
        case "body": "e.g. body '{\"user\":\"smoke\"}'"
        case "sni": "e.g. sni shop.example.com"
        case "ca": "a PEM file of trusted roots, e.g. ca certs/test-ca.pem"
        case "server": "e.g. server 127.0.0.1:5353"
        case "cwd": "e.g. cwd ./infra"
        case "nodata": "nodata pass|fail|hold (default hold: no data is not a pass)"
        default: ""
        }
    }

    private var kindsHint: String {
        "a check reads: check KIND TARGET [options] expect ASSERTION; kinds: \(CheckKind.allCases.map(\.rawValue).joined(separator: ", "))"
    }

    // MARK: Variables

    /// Fills `{{NAME}}` in one token; secrets stay as written and are recorded.
    func fill(_ token: CheckToken, _ context: Context, _ secrets: inout [String: String]) throws(CheckSyntaxError) -> String {
        try requireKnown(token.text, token, context, &secrets)
        return PlaceholderScanner.substitute(token.text, values.filter { !$0.value.hasPrefix("env:") })
    }

    /// A command keeps its placeholders (they become environment references when it runs);
    /// one the shell could read as code is an error here, at its own line and column.
    private func fillCommand(_ text: String, _ token: CheckToken, _ context: Context, _ secrets: inout [String: String]) throws(CheckSyntaxError) -> String {
        try requireKnown(text, token, context, &secrets)
        if let problem = ShellTemplate(text).problems.first {
            let position: SourcePosition
            if context.origin == .expectedOutput {
                // The fence's code starts on the line after the fence.
                position = SourcePosition(line: context.position.line + 1 + problem.line, column: problem.column)
            } else if token.line == 0, problem.line == 0 {
                position = SourcePosition(line: context.position.line, column: context.position.column + token.column + (token.quoted ? 1 : 0) + problem.column - 2)
            } else {
                position = SourcePosition(line: context.position.line + token.line + problem.line, column: problem.column)
            }
            throw CheckSyntaxError(file: context.file, position: position, column: token.column, message: problem.message, hint: problem.hint)
        }
        return text
    }

    private func requireKnown(_ text: String, _ token: CheckToken, _ context: Context, _ secrets: inout [String: String]) throws(CheckSyntaxError) {
        for name in PlaceholderScanner.names(in: text) {
            if let value = values[name] {
                if value.hasPrefix("env:") { secrets[name] = String(value.dropFirst(4)) }
            } else if requireValues {
                throw failure(context, at: token, "variable {{\(name)}} has no value", hint: "add `\(name): …` to the vars file (or `\(name): env:ENV_VAR` for a secret)")
            }
        }
    }

    // MARK: Errors

    func failure(_ context: Context, at token: CheckToken, _ message: String, hint: String?) -> CheckSyntaxError {
        let position = token.line == 0
            ? SourcePosition(line: context.position.line, column: context.position.column + token.column - 1)
            : SourcePosition(line: context.position.line + token.line, column: token.lineColumn)
        return CheckSyntaxError(file: context.file, position: position, column: token.column, message: message, hint: hint)
    }

    func failure(_ context: Context, atColumn column: Int, _ message: String, hint: String?) -> CheckSyntaxError {
        CheckSyntaxError(file: context.file, position: SourcePosition(line: context.position.line, column: context.position.column + column - 1), column: column, message: message, hint: hint)
    }
}

/// A cursor over tokens.
struct Reader {
    var tokens: [CheckToken]
    var index = 0
    var endColumn: Int

    var peek: CheckToken? { index < tokens.count ? tokens[index] : nil }

    mutating func next() -> CheckToken? {
        defer { index += 1 }
        return peek
    }

    mutating func advance() { index += 1 }

    /// The column just after the last token read (where a missing token was expected).
    var lastEnd: Int {
        guard index > 0, index - 1 < tokens.count else { return endColumn }
        let t = tokens[index - 1]
        return t.column + t.text.count + (t.quoted ? 2 : 0) + 1
    }
}
