/// `Character`'s letter, number and whitespace tests, answered from the ASCII value when there
/// is one. For an ASCII Character (CR LF included, whose `asciiValue` is LF) the Unicode
/// properties are exactly A–Z/a–z, 0–9 and tab…CR/space, and the property-table lookup behind
/// the general test was the largest single cost of `lint` (the readers ask it of every
/// Character of every line). Other Characters take the general test, so the answers are the
/// same for all input; the tests hold them equal.
extension Character {
    var quickIsLetter: Bool {
        if let a = asciiValue { return (a | 0x20) &- 0x61 < 26 }
        return isLetter
    }

    var quickIsNumber: Bool {
        if let a = asciiValue { return a &- 0x30 < 10 }
        return isNumber
    }

    var quickIsWhitespace: Bool {
        if let a = asciiValue { return a == 0x20 || a &- 0x09 < 5 }
        return isWhitespace
    }
}
