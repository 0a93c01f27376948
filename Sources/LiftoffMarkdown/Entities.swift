/// HTML entity references: numeric ones and the named ones runbooks actually use.
/// Unknown names stay literal text, as in CommonMark.
enum Entities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "bull": "•", "middot": "·", "deg": "°", "plusmn": "±", "times": "×", "divide": "÷",
        "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔", "lArr": "⇐", "rArr": "⇒",
        "hArr": "⇔", "le": "≤", "ge": "≥", "ne": "≠", "asymp": "≈", "infin": "∞", "check": "✓",
        "cross": "✗", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "sect": "§", "para": "¶",
        "dagger": "†", "Dagger": "‡", "permil": "‰", "prime": "′", "Prime": "″", "micro": "µ",
        "frac12": "½", "frac14": "¼", "frac34": "¾", "sup2": "²", "sup3": "³", "iexcl": "¡",
        "iquest": "¿", "shy": "\u{00AD}", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}",
        "zwnj": "\u{200C}", "zwj": "\u{200D}", "lowast": "∗", "minus": "−", "star": "☆", "starf": "★",
        "hearts": "♥", "spades": "♠", "clubs": "♣", "diams": "♦", "auml": "ä", "ouml": "ö", "uuml": "ü",
        "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß", "eacute": "é", "egrave": "è", "aacute": "á",
        "agrave": "à", "ccedil": "ç", "ntilde": "ñ", "oslash": "ø", "aring": "å", "aelig": "æ",
        "Oslash": "Ø", "Aring": "Å", "AElig": "Æ", "num": "#", "excl": "!", "quest": "?", "colon": ":",
        "semi": ";", "comma": ",", "period": ".", "lpar": "(", "rpar": ")", "lsqb": "[", "rsqb": "]",
        "lbrack": "[", "rbrack": "]", "lcub": "{", "rcub": "}", "lbrace": "{", "rbrace": "}",
        "vert": "|", "verbar": "|", "ast": "*", "midast": "*", "lowbar": "_", "grave": "`", "tilde": "˜",
        "Hat": "^", "dollar": "$", "percnt": "%", "plus": "+", "equals": "=", "sol": "/", "bsol": "\\",
        "commat": "@", "Tab": "\t", "NewLine": "\n",
    ]

    /// Decodes the entity reference starting with `&` at `pos`; returns its text and the index after `;`.
    static func decode(_ s: [Unicode.Scalar], at pos: Int) -> (String, Int)? {
        var i = pos + 1
        guard i < s.count else { return nil }
        if s[i] == "#" {
            i += 1
            var hex = false
            if i < s.count, s[i] == "x" || s[i] == "X" {
                hex = true
                i += 1
            }
            let start = i
            var value: UInt32 = 0
            // At most 7 decimal or 6 hex digits, so the value cannot overflow.
            while i < s.count, i - start < (hex ? 6 : 7) {
                let c = s[i]
                if c.isASCIIDigit {
                    value = value * (hex ? 16 : 10) + (c.value - 0x30)
                } else if hex, let h = hexValue(c) {
                    value = value * 16 + h
                } else {
                    break
                }
                i += 1
            }
            guard i > start, i < s.count, s[i] == ";" else { return nil }
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (String(scalar ?? "\u{FFFD}"), i + 1)
        }
        let start = i
        while i < s.count, s[i].isASCIIAlphanumeric, i - start < 32 { i += 1 }
        guard i > start, i < s.count, s[i] == ";" else { return nil }
        guard let text = named[String(scalars: s[start..<i])] else { return nil }
        return (text, i + 1)
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 0x61...0x66: return c.value - 0x61 + 10
        case 0x41...0x46: return c.value - 0x41 + 10
        default: return nil
        }
    }

    /// Processes backslash escapes and entity references (for link destinations, titles, info strings).
    static func unescape(_ s: ArraySlice<Unicode.Scalar>) -> String {
        let a = Array(s)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < a.count {
            let c = a[i]
            if c == "\\", i + 1 < a.count, a[i + 1].isASCIIPunctuation {
                out.append(a[i + 1])
                i += 2
            } else if c == "&", let (text, end) = decode(a, at: i) {
                out.append(contentsOf: text.unicodeScalars)
                i = end
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }
}
