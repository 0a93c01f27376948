/// Splits Markdown source into lines without copying: each line is a slice of the
/// original text, without its terminator (`\n`, `\r\n` or `\r`). A leading UTF-8 BOM is skipped.
struct LineScanner {
    static func lines(of text: String) -> [Substring] {
        var result: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        if start < scalars.endIndex, scalars[start] == "\u{FEFF}" {
            start = scalars.index(after: start)
        }
        var i = start
        while i < scalars.endIndex {
            let c = scalars[i]
            if c == "\n" || c == "\r" {
                result.append(Substring(scalars[start..<i]))
                var next = scalars.index(after: i)
                if c == "\r", next < scalars.endIndex, scalars[next] == "\n" {
                    next = scalars.index(after: next)
                }
                start = next
                i = next
            } else {
                i = scalars.index(after: i)
            }
        }
        // A final line without terminator still counts; a trailing terminator adds no empty line.
        if start < scalars.endIndex {
            result.append(Substring(scalars[start..<scalars.endIndex]))
        }
        return result
    }
}

extension Unicode.Scalar {
    @inline(__always) var isSpaceOrTab: Bool { self == " " || self == "\t" }

    @inline(__always) var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }

    @inline(__always) var isASCIILetter: Bool {
        (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
    }

    @inline(__always) var isASCIIAlphanumeric: Bool { isASCIIDigit || isASCIILetter }

    var isASCIIPunctuation: Bool {
        switch value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }

    /// Unicode whitespace as CommonMark defines it (Zs plus tab, LF, FF, CR).
    var isMarkdownWhitespace: Bool {
        switch value {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20: return true
        case 0..<0x80: return false
        default: return properties.generalCategory == .spaceSeparator
        }
    }

    /// Unicode punctuation as CommonMark 0.31 defines it (P and S categories).
    var isMarkdownPunctuation: Bool {
        if value < 0x80 { return isASCIIPunctuation }
        switch properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// ASCII lowercase, used for case-insensitive tag and scheme matching.
    var asciiLowercased: Unicode.Scalar {
        if value >= 0x41 && value <= 0x5A, let s = Unicode.Scalar(value + 32) { return s }
        return self
    }
}

extension String {
    /// Builds a string by encoding UTF-8 directly: appending scalars to a
    /// `UnicodeScalarView` one by one was a quarter of the parse time on large files.
    init(scalars: ArraySlice<Unicode.Scalar>) {
        self.init(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var n = 0
            for scalar in scalars {
                let v = scalar.value
                if v < 0x80 {
                    buffer[n] = UInt8(v)
                    n += 1
                } else if v < 0x800 {
                    buffer[n] = UInt8(0xC0 | (v >> 6))
                    buffer[n + 1] = UInt8(0x80 | (v & 0x3F))
                    n += 2
                } else if v < 0x10000 {
                    buffer[n] = UInt8(0xE0 | (v >> 12))
                    buffer[n + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | (v & 0x3F))
                    n += 3
                } else {
                    buffer[n] = UInt8(0xF0 | (v >> 18))
                    buffer[n + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[n + 3] = UInt8(0x80 | (v & 0x3F))
                    n += 4
                }
            }
            return n
        }
    }

    init(scalars: [Unicode.Scalar]) {
        self.init(scalars: scalars[...])
    }
}

extension Substring {
    /// The slice starting `offset` Unicode scalars into this one (clamped to the end).
    func droppingScalars(_ offset: Int) -> Substring {
        let view = unicodeScalars
        let idx = view.index(view.startIndex, offsetBy: offset, limitedBy: view.endIndex) ?? view.endIndex
        return Substring(view[idx...])
    }
}
