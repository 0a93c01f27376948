/// The characters of one input, folded for matching (ASCII lowercased; `−`, `–`, `‐`, `‑` → `-`),
/// with the original characters kept for reporting matched text. Indices are Character offsets.
struct AnchorScanner {
    let original: [Character]
    let chars: [Character]

    init<S: StringProtocol>(_ s: S) {
        // Plain ASCII without CR (which joins a following LF into one Character): every byte
        // is one Character and folding is lowercasing, so skip grapheme breaking and `fold`'s
        // Character comparisons. The tests hold both paths to the same arrays.
        if s.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            var original: [Character] = []
            var chars: [Character] = []
            original.reserveCapacity(s.utf8.count)
            chars.reserveCapacity(s.utf8.count)
            for b in s.utf8 {
                original.append(Character(Unicode.Scalar(b)))
                chars.append(Character(Unicode.Scalar(b >= 65 && b <= 90 ? b + 32 : b)))
            }
            self.init(original: original, chars: chars)
        } else {
            self.init(graphemes: s)
        }
    }

    /// The general path: Characters as Swift breaks them, folded one by one.
    init<S: StringProtocol>(graphemes s: S) {
        let original = Array(s)
        self.init(original: original, chars: original.map(AnchorScanner.fold))
    }

    private init(original: [Character], chars: [Character]) {
        self.original = original
        self.chars = chars
    }

    var count: Int { chars.count }

    static func fold(_ c: Character) -> Character {
        switch c {
        case "\u{2212}", "\u{2013}", "\u{2010}", "\u{2011}": return "-"
        default:
            if let a = c.asciiValue, a >= 65, a <= 90 { return Character(Unicode.Scalar(a + 32)) }
            return c
        }
    }

    subscript(_ i: Int) -> Character? { i >= 0 && i < chars.count ? chars[i] : nil }

    func text(_ from: Int, _ to: Int) -> String {
        let lo = max(0, min(from, original.count)), hi = max(lo, min(to, original.count))
        return String(original[lo..<hi])
    }

    static func isWordChar(_ c: Character) -> Bool { c.quickIsLetter || c.quickIsNumber || c == "_" }

    static func isDigit(_ c: Character?) -> Bool {
        guard let c, let a = c.asciiValue else { return false }
        return a >= 48 && a <= 57
    }

    /// Whether `i` is at a word boundary: the end, or a character that is not a letter, digit or
    /// `_`, and not a `.`/`,`/`:` that continues a number (`7.5`, `1,000`, `0:15`).
    func isBoundary(_ i: Int) -> Bool {
        guard let c = self[i] else { return true }
        if AnchorScanner.isWordChar(c) { return false }
        if c == "." || c == "," || c == ":" { return !AnchorScanner.isDigit(self[i + 1]) }
        return true
    }

    /// Whether a word may start at `i` (nothing word-like right before it).
    func isWordStart(_ i: Int) -> Bool {
        guard let p = self[i - 1] else { return true }
        return !AnchorScanner.isWordChar(p)
    }

    func skipSpaces(_ i: Int) -> Int {
        var j = i
        while let c = self[j], c.quickIsWhitespace { j += 1 }
        return j
    }

    /// The run of letters starting at `i` (folded) and the index after it.
    func word(_ i: Int) -> (String, Int) {
        var j = i
        var out = ""
        while let c = self[j], c.quickIsLetter { out.append(c); j += 1 }
        return (out, j)
    }

    /// Whether the folded text at `i` starts with `s`.
    func hasPrefix(_ s: String, at i: Int) -> Bool {
        var j = i
        for c in s {
            guard self[j] == c else { return false }
            j += 1
        }
        return true
    }

    /// An unsigned decimal number at `i` (at most 12 integer digits, `.` fraction optional).
    func number(_ i: Int) -> ScannedNumber? {
        var j = i
        var integer = 0
        var digits = 0
        while let c = self[j], let a = c.asciiValue, a >= 48, a <= 57 {
            digits += 1
            if digits > 12 { return nil }
            integer = integer * 10 + Int(a - 48)
            j += 1
        }
        guard digits > 0 else { return nil }
        var fraction = 0.0
        var hasFraction = false
        if self[j] == ".", AnchorScanner.isDigit(self[j + 1]) {
            hasFraction = true
            j += 1
            var scale = 0.1
            var fracDigits = 0
            while let c = self[j], let a = c.asciiValue, a >= 48, a <= 57 {
                fracDigits += 1
                if fracDigits > 9 { return nil }
                fraction += Double(a - 48) * scale
                scale /= 10
                j += 1
            }
        }
        return ScannedNumber(integer: integer, fraction: fraction, hasFraction: hasFraction, end: j)
    }

    /// A unit word at `i` (after optional spaces) followed by a boundary, and the index after it.
    func unit(_ i: Int) -> (TimeUnit, Int)? {
        let k = skipSpaces(i)
        let (w, e) = word(k)
        guard let u = TimeUnit(word: w), isBoundary(e) else { return nil }
        return (u, e)
    }
}
