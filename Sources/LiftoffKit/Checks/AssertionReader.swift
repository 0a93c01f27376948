/// Reads one assertion after `expect` (or after `and`) for a given check kind.
struct AssertionReader {
    var kind: CheckKind
    var parser: CheckParser
    var context: CheckParser.Context

    static func example(_ kind: CheckKind) -> String {
        switch kind {
        case .http: "status == 200"
        case .tls: "expiry > 90d"
        case .dns: "answer == \"203.0.113.7\""
        case .tcp: "connected"
        case .command: "exit == 0"
        case .prometheus: "value < 5"
        }
    }

    static func subjects(_ kind: CheckKind) -> [String] {
        switch kind {
        case .http: ["status", "header NAME", "json \"$.path\"", "body", "latency", "redirects to", "url", "is jwt"]
        case .tls: ["expiry", "san", "issuer", "protocol", "verified"]
        case .dns: ["answer", "ttl", "rcode"]
        case .tcp: ["connected", "latency"]
        case .command: ["exit", "stdout", "stderr"]
        case .prometheus: ["value"]
        }
    }

    private static let textOperators: [AssertionOperator] = [.equal, .notEqual, .matches, .notMatches, .contains]
    private static let numberOperators: [AssertionOperator] = [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]

    func read(_ reader: inout Reader, _ secrets: inout [String: String]) throws(CheckSyntaxError) -> Assertion {
        guard let first = reader.next() else {
            throw parser.failure(context, atColumn: reader.lastEnd, "expected an assertion", hint: "e.g. expect \(Self.example(kind)); \(kind.rawValue) checks observe \(Self.subjects(kind).joined(separator: ", "))")
        }
        let startIndex = reader.index - 1
        let word = first.quoted ? "" : first.text.lowercased()
        let subject: AssertionSubject
        switch word {
        case "status": subject = .status
        case "header":
            guard let name = reader.next() else { throw missing(&reader, "a header name after 'header'", "header Strict-Transport-Security exists") }
            subject = .header(name.text)
        case "json":
            guard let path = reader.next() else { throw missing(&reader, "a JSON path after 'json'", "json \"$.data.status\" == \"ok\"") }
            guard path.text.hasPrefix("$") else {
                throw parser.failure(context, at: path, "expected a JSON path starting with '$', found '\(path.text)'", hint: "e.g. json \"$.data.checks.db.status\" == \"pass\"")
            }
            subject = .json(try parser.fill(path, context, &secrets))
        case "body": subject = .body
        case "latency", "time": subject = .latency
        case "redirects", "redirect":
            if let to = reader.peek, to.isWord("to") { reader.advance() }
            subject = .redirect
        case "url": subject = .finalURL
        case "is":
            // `is jwt` on its own reads the body.
            reader.index -= 1
            subject = .body
        case "expiry", "expires": subject = .expiry
        case "san", "sans": subject = .san
        case "issuer": subject = .issuer
        case "protocol", "version": subject = .tlsProtocol
        case "verified": subject = .verified
        case "chain":
            if let v = reader.peek, v.isWord("verifies") { reader.advance() }
            subject = .verified
        case "answer", "answers": subject = .answer
        case "ttl": subject = .ttl
        case "rcode": subject = .rcode
        case "connected": subject = .connected
        case "exit", "exit-code", "exitcode": subject = .exit
        case "stdout": subject = .stdout
        case "stderr": subject = .stderr
        case "value": subject = .value
        default:
            throw parser.failure(context, at: first, "expected an assertion, found '\(first.text)'", hint: "\(kind.rawValue) checks observe \(Self.subjects(kind).joined(separator: ", ")); e.g. expect \(Self.example(kind))")
        }
        guard Self.applies(subject, to: kind) else {
            throw parser.failure(context, at: first, "'\(word)' is not observed by \(kind.rawValue) checks", hint: "\(kind.rawValue) checks observe \(Self.subjects(kind).joined(separator: ", "))")
        }
        let (op, expected) = try readComparison(subject, &reader, &secrets)
        let text = reader.tokens[startIndex..<min(reader.index, reader.tokens.count)].map { t in
            let filled = (try? parser.fill(t, context, &secrets)) ?? t.text
            return t.quoted ? "\"" + filled.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : filled
        }.joined(separator: " ")
        return Assertion(subject: subject, op: op, expected: expected, text: text)
    }

    private static func applies(_ subject: AssertionSubject, to kind: CheckKind) -> Bool {
        switch subject {
        case .status, .header, .json, .body, .redirect, .finalURL: kind == .http
        case .latency: kind == .http || kind == .tcp
        case .expiry, .san, .issuer, .tlsProtocol, .verified: kind == .tls
        case .answer, .ttl, .rcode: kind == .dns
        case .connected: kind == .tcp
        case .exit, .stdout, .stderr: kind == .command
        case .value: kind == .prometheus
        }
    }

    private func readComparison(_ subject: AssertionSubject, _ reader: inout Reader, _ secrets: inout [String: String]) throws(CheckSyntaxError) -> (AssertionOperator, ExpectedValue) {
        switch subject {
        case .connected, .verified:
            return (.holds, .none)
        case .redirect:
            guard let url = reader.next() else { throw missing(&reader, "a URL after 'redirects to'", "redirects to https://{{DOMAIN}}/") }
            return (.equal, .text(try parser.fill(url, context, &secrets)))
        default: break
        }
        guard let opToken = reader.next() else {
            throw missing(&reader, "an operator after '\(subject.word)'", example(for: subject))
        }
        let opWord = opToken.quoted ? "" : opToken.text.lowercased()
        if opWord == "exists" {
            switch subject {
            case .header, .json: return (.exists, .none)
            default: throw parser.failure(context, at: opToken, "'exists' applies to header and json assertions", hint: example(for: subject))
            }
        }
        if opWord == "is" {
            guard let jwt = reader.next(), jwt.isWord("jwt") else {
                throw parser.failure(context, at: opToken, "expected 'is jwt'", hint: "e.g. json \"$.access_token\" is jwt")
            }
            guard subject == .body || { if case .json = subject { true } else { false } }() else {
                throw parser.failure(context, at: opToken, "'is jwt' applies to the body or a json path", hint: "e.g. json \"$.access_token\" is jwt")
            }
            return (.isJWT, .none)
        }
        if subject == .san, opWord == "matches" {
            return (.holds, .none)
        }
        if opWord == "in" {
            guard subject == .status || subject == .exit || subject == .value || subject == .ttl else {
                throw parser.failure(context, at: opToken, "'in' applies to numbers (status, exit, ttl, value)", hint: "e.g. status in 200..299")
            }
            guard let range = reader.next() else { throw missing(&reader, "a range after 'in'", "status in 200..299") }
            let parts = range.text.components(separatedBy: "..")
            guard parts.count == 2, let low = Double(parts[0]), let high = Double(parts[1]), low <= high else {
                throw parser.failure(context, at: range, "expected a range LOW..HIGH, found '\(range.text)'", hint: "e.g. status in 200..299")
            }
            return (.inRange, .range(low, high))
        }
        let op: AssertionOperator
        if opWord == "contains" {
            op = .contains
        } else if let symbolic = AssertionOperator(rawValue: opWord), Self.numberOperators.contains(symbolic) || Self.textOperators.contains(symbolic) {
            op = symbolic
        } else if opWord == "=" {
            op = .equal
        } else {
            throw parser.failure(context, at: opToken, "expected an operator after '\(subject.word)', found '\(opToken.text)'", hint: "operators: == != < <= > >= ~ !~ contains in exists; e.g. \(example(for: subject))")
        }
        guard let valueToken = reader.next() else {
            throw missing(&reader, "a value after '\(subject.word) \(op.rawValue)'", example(for: subject))
        }
        let value = try parser.fill(valueToken, context, &secrets)
        if Self.isNumeric(subject) {
            guard Self.numberOperators.contains(op) else {
                throw parser.failure(context, at: opToken, "'\(op.rawValue)' does not compare numbers", hint: "use == != < <= > >= or in; e.g. \(example(for: subject))")
            }
            guard let q = CheckQuantity.parse(value) else {
                throw parser.failure(context, at: valueToken, "expected a number after '\(subject.word) \(op.rawValue)', found '\(valueToken.text)'", hint: "e.g. \(example(for: subject))")
            }
            if Self.isDuration(subject), q.unit == nil || q.unit == "%" {
                if subject == .ttl { return (op, .number(q.value, unit: nil)) }
                throw parser.failure(context, at: valueToken, "expected a duration with a unit, found '\(valueToken.text)'", hint: "units: ms s m h d; e.g. \(example(for: subject))")
            }
            return (op, .number(q.value, unit: q.unit))
        }
        if op == .matches || op == .notMatches, (try? Regex(value)) == nil {
            throw parser.failure(context, at: valueToken, "invalid regular expression \"\(valueToken.text)\"", hint: "write a regex in quotes, e.g. ~ \"max-age=(\\d{8,})\"")
        }
        if [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op) {
            guard let q = CheckQuantity.parse(value) else {
                throw parser.failure(context, at: valueToken, "'\(op.rawValue)' needs a number, found '\(valueToken.text)'", hint: "compare text with == != ~ contains")
            }
            return (op, .number(q.value, unit: q.unit))
        }
        return (op, .text(value))
    }

    private static func isNumeric(_ subject: AssertionSubject) -> Bool {
        [.status, .latency, .expiry, .ttl, .exit, .value].contains(subject)
    }

    private static func isDuration(_ subject: AssertionSubject) -> Bool {
        [.latency, .expiry, .ttl].contains(subject)
    }

    private func missing(_ reader: inout Reader, _ what: String, _ example: String) -> CheckSyntaxError {
        parser.failure(context, atColumn: reader.lastEnd, "expected \(what)", hint: "e.g. \(example)")
    }

    private func example(for subject: AssertionSubject) -> String {
        switch subject {
        case .status: "status == 200 or status in 200..299"
        case .header: "header Strict-Transport-Security ~ \"max-age=(\\d{8,})\""
        case .json: "json \"$.data.status\" == \"ok\""
        case .body: "body contains \"ok\""
        case .latency: "latency < 200ms"
        case .redirect: "redirects to https://{{DOMAIN}}/"
        case .finalURL: "url == \"https://{{DOMAIN}}/\""
        case .expiry: "expiry > 90d"
        case .san: "san matches, or san contains \"www.example.com\""
        case .issuer: "issuer ~ \"Let's Encrypt\""
        case .tlsProtocol: "protocol == \"TLSv1.3\""
        case .verified: "verified"
        case .answer: "answer == \"203.0.113.7\""
        case .ttl: "ttl <= 300"
        case .rcode: "rcode == NOERROR"
        case .connected: "connected"
        case .exit: "exit == 0"
        case .stdout, .stderr: "stdout ~ \"RUNNING\""
        case .value: "value < 0.01"
        }
    }
}
