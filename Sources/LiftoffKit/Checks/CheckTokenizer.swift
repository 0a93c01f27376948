/// Splits check text into words and quoted strings, remembering where each starts.
/// `"…"` knows `\"` and `\\` and keeps other backslashes (so `"max-age=(\d+)"` is a regex as
/// written); `'…'` is raw.
struct CheckToken: Hashable, Sendable {
    var text: String
    var quoted: Bool
    /// 1-based column in the check text (characters).
    var column: Int
    /// 0-based line inside the check text and the column on that line.
    var line: Int
    var lineColumn: Int

    func isWord(_ word: String) -> Bool { !quoted && text.lowercased() == word }
}

enum CheckTokenizer {
    struct Unterminated: Error {
        var token: CheckToken
    }

    static func tokenize(_ text: String) throws(Unterminated) -> [CheckToken] {
        var tokens: [CheckToken] = []
        let chars = Array(text)
        var i = 0
        var line = 0
        var lineStart = 0
        func make(_ s: String, quoted: Bool, at start: Int, line: Int, lineStart: Int) -> CheckToken {
            CheckToken(text: s, quoted: quoted, column: start + 1, line: line, lineColumn: start - lineStart + 1)
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\n" {
                line += 1
                lineStart = i + 1
                i += 1
                continue
            }
            if c.quickIsWhitespace {
                i += 1
                continue
            }
            let start = i
            if c == "\"" || c == "'" {
                let quote = c
                var value = ""
                i += 1
                var closed = false
                while i < chars.count {
                    let d = chars[i]
                    if d == quote {
                        closed = true
                        i += 1
                        break
                    }
                    if quote == "\"", d == "\\", i + 1 < chars.count, chars[i + 1] == "\"" || chars[i + 1] == "\\" {
                        value.append(chars[i + 1])
                        i += 2
                        continue
                    }
                    value.append(d)
                    i += 1
                }
                let token = make(value, quoted: true, at: start, line: line, lineStart: lineStart)
                guard closed else { throw Unterminated(token: token) }
                tokens.append(token)
                continue
            }
            var value = ""
            while i < chars.count, !chars[i].quickIsWhitespace {
                value.append(chars[i])
                i += 1
            }
            tokens.append(make(value, quoted: false, at: start, line: line, lineStart: lineStart))
        }
        return tokens
    }
}
