/// Filling `{{NAME}}` inside shell commands so a value is always one word of data, never code:
/// unquoted it becomes `'value'`, inside `'…'` it closes and reopens the quote around an
/// escaped copy, inside `"…"` it escapes `$ \` " \\`.
public enum ShellQuoting {
    public static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    public static func substitute(_ command: String, _ values: [String: String]) -> String {
        guard command.contains("{{") else { return command }
        enum Context { case plain, single, double }
        var context = Context.plain
        var out = ""
        let chars = Array(command)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{", i + 1 < chars.count, chars[i + 1] == "{", let close = closing(chars, from: i + 2) {
                let name = String(chars[(i + 2)..<close])
                if !name.isEmpty, name.unicodeScalars.allSatisfy(PlaceholderScanner.isNameScalar), let value = values[name] {
                    switch context {
                    case .plain: out += quote(value)
                    case .single: out += "'" + quote(value) + "'"
                    case .double:
                        for v in value {
                            if "$`\"\\".contains(v) { out.append("\\") }
                            out.append(v)
                        }
                    }
                    i = close + 2
                    continue
                }
            }
            switch (context, c) {
            case (.plain, "'"): context = .single
            case (.single, "'"): context = .plain
            case (.plain, "\""): context = .double
            case (.double, "\""): context = .plain
            case (.plain, "\\"), (.double, "\\"):
                // An escaped character does not change the quoting.
                out.append(c)
                if i + 1 < chars.count {
                    out.append(chars[i + 1])
                    i += 2
                    continue
                }
            default: break
            }
            out.append(c)
            i += 1
        }
        return out
    }

    private static func closing(_ chars: [Character], from start: Int) -> Int? {
        var j = start
        while j + 1 < chars.count {
            if chars[j] == "}", chars[j + 1] == "}" { return j }
            if chars[j] == "{" || chars[j].isWhitespace { return nil }
            j += 1
        }
        return nil
    }
}
