import Foundation

extension SandboxQuery {
    /// A recursive-descent reader for the PromQL subset of `SandboxQuery`.
    struct Parser {
        private let chars: [Character]
        private var i = 0
        private let text: String

        init(_ text: String) {
            self.text = text
            chars = Array(text)
        }

        mutating func parse() throws(Failure) -> Node {
            let node = try expression()
            skipSpace()
            guard i == chars.count else { throw fail("unexpected '\(String(chars[i...].prefix(12)))'") }
            return node
        }

        private func fail(_ message: String) -> Failure {
            Failure(description: "the Liftoff sandbox cannot answer '\(text)': \(message) at character \(i + 1); it understands sum/max/min/avg [by (…)], rate/increase(metric{…}[5s]), histogram_quantile and / * + -. Start a real Prometheus with `liftoff demo --prometheus` for full PromQL")
        }

        private mutating func skipSpace() {
            while i < chars.count, chars[i].isWhitespace { i += 1 }
        }

        private mutating func eat(_ c: Character) -> Bool {
            skipSpace()
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
            return true
        }

        private mutating func expect(_ c: Character) throws(Failure) {
            guard eat(c) else { throw fail("expected '\(c)'") }
        }

        private mutating func identifier() -> String {
            skipSpace()
            let start = i
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == ":" { i += 1 }
            return String(chars[start..<i])
        }

        private mutating func expression() throws(Failure) -> Node {
            var left = try term()
            while true {
                skipSpace()
                guard i < chars.count, "+-".contains(chars[i]) else { return left }
                let op = chars[i]
                i += 1
                left = .binary(op, left, try term())
            }
        }

        private mutating func term() throws(Failure) -> Node {
            var left = try primary()
            while true {
                skipSpace()
                guard i < chars.count, "*/".contains(chars[i]) else { return left }
                let op = chars[i]
                i += 1
                left = .binary(op, left, try primary())
            }
        }

        private mutating func primary() throws(Failure) -> Node {
            skipSpace()
            guard i < chars.count else { throw fail("the query ends early") }
            if chars[i] == "(" {
                i += 1
                let inner = try expression()
                try expect(")")
                return inner
            }
            if chars[i].isNumber || chars[i] == "." {
                return .number(try number())
            }
            let name = identifier()
            guard !name.isEmpty else { throw fail("unexpected '\(chars[i])'") }
            switch name {
            case "sum", "max", "min", "avg":
                var by: [String]?
                if peekWord("by") {
                    _ = identifier()
                    by = try labelList()
                }
                try expect("(")
                let inner = try expression()
                try expect(")")
                if by == nil, peekWord("by") {
                    _ = identifier()
                    by = try labelList()
                }
                return .aggregate(op: name, by: by, inner)
            case "rate", "increase":
                try expect("(")
                let selector = try self.selector(identifier())
                try expect("[")
                let duration = try self.duration()
                try expect("]")
                try expect(")")
                return .range(function: name, selector: selector, seconds: duration)
            case "histogram_quantile":
                try expect("(")
                let q = try number()
                try expect(",")
                let inner = try expression()
                try expect(")")
                return .quantile(q, inner)
            default:
                skipSpace()
                if i < chars.count, chars[i] == "(" { throw fail("the function '\(name)' is not supported") }
                return try selector(name)
            }
        }

        private mutating func peekWord(_ word: String) -> Bool {
            let save = i
            defer { i = save }
            return identifier() == word
        }

        private mutating func labelList() throws(Failure) -> [String] {
            try expect("(")
            var names: [String] = []
            while !eat(")") {
                let name = identifier()
                guard !name.isEmpty else { throw fail("expected a label name") }
                names.append(name)
                _ = eat(",")
            }
            return names
        }

        private mutating func selector(_ name: String) throws(Failure) -> Node {
            guard !name.isEmpty else { throw fail("expected a metric name") }
            var matchers: [Matcher] = []
            if eat("{") {
                while !eat("}") {
                    let label = identifier()
                    guard !label.isEmpty else { throw fail("expected a label name") }
                    skipSpace()
                    var op = ""
                    while i < chars.count, "=!~".contains(chars[i]) { op.append(chars[i]); i += 1 }
                    guard ["=", "!=", "=~", "!~"].contains(op) else { throw fail("expected =, !=, =~ or !~") }
                    matchers.append(Matcher(label: label, op: op, value: try string()))
                    _ = eat(",")
                }
            }
            return .selector(name: name, matchers: matchers)
        }

        private mutating func string() throws(Failure) -> String {
            skipSpace()
            guard i < chars.count, chars[i] == "\"" || chars[i] == "'" else { throw fail("expected a quoted value") }
            let quote = chars[i]
            i += 1
            var out = ""
            while i < chars.count, chars[i] != quote {
                if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                out.append(chars[i])
                i += 1
            }
            guard i < chars.count else { throw fail("unterminated string") }
            i += 1
            return out
        }

        private mutating func number() throws(Failure) -> Double {
            skipSpace()
            let start = i
            while i < chars.count, chars[i].isNumber || chars[i] == "." || chars[i] == "e" { i += 1 }
            guard let value = Double(String(chars[start..<i])) else { throw fail("expected a number") }
            return value
        }

        private mutating func duration() throws(Failure) -> Double {
            skipSpace()
            let start = i
            while i < chars.count, chars[i].isNumber { i += 1 }
            guard let amount = Double(String(chars[start..<i])), i < chars.count else { throw fail("expected a duration such as 15s") }
            let unit = chars[i]
            i += 1
            switch unit {
            case "s": return amount
            case "m": return amount * 60
            case "h": return amount * 3600
            default: throw fail("expected a duration unit s, m or h")
            }
        }
    }
}
