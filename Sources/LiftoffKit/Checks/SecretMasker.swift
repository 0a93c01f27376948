/// Replaces secret values (resolved from `env:NAME` variables) with `****` in anything shown or
/// stored, in the forms a value takes on its way through URLs, JSON and shells: as is,
/// percent-encoded (either hex case, `+` for a space), JSON-escaped, backslash- or
/// quote-escaped for a shell, and base64 (of the value, or of anything holding it, such as the
/// `user:password` of Basic auth). Mask first, cut after: `safePrefix` cuts unmasked text
/// without leaving part of a secret. See docs/checks.md "Secrets".
public struct SecretMasker: Hashable, Sendable {
    public static let mask = "****"
    private var secrets: [[UInt8]]

    public init(secrets: some Sequence<String>) {
        self.secrets = Set(secrets.filter { !$0.isEmpty }).sorted { $0.utf8.count > $1.utf8.count }.map { Array($0.utf8) }
    }

    public var isEmpty: Bool { secrets.isEmpty }

    /// Bytes past a cut worth keeping so a secret that straddles it can still be seen whole
    /// (its longest encoding is six bytes per byte: `\u00XX`).
    public var margin: Int { (secrets.first?.count ?? 0) * 6 + 8 }

    public func mask(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        let bytes = Array(text.utf8)
        let found = ranges(in: bytes)
        guard !found.isEmpty else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var at = 0
        for range in found {
            out += bytes[at..<range.lowerBound]
            out += Array(Self.mask.utf8)
            at = range.upperBound
        }
        out += bytes[at...]
        return String(decoding: out, as: UTF8.self)
    }

    /// At most `maxBytes` of `text`, cut on a character boundary and before any secret the cut
    /// would split, so no prefix of a secret remains to be seen.
    public func safePrefix(_ text: String, maxBytes: Int) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count > maxBytes else { return text }
        var cut = maxBytes
        for range in ranges(in: bytes) where range.lowerBound < cut && range.upperBound > cut {
            cut = range.lowerBound
        }
        while cut > 0, cut < bytes.count, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return String(decoding: bytes[..<cut], as: UTF8.self)
    }

    /// Where secrets occur, in any of their forms, as sorted disjoint byte ranges.
    func ranges(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            var end: Int?
            for secret in secrets {
                if let e = match(secret, in: bytes, at: i) { end = max(end ?? e, e) }
            }
            if let end, end > i {
                found.append(i..<end)
                i = end
            } else {
                i += 1
            }
        }
        found += base64Runs(in: bytes)
        return merge(found)
    }

    /// The end of `secret` written at `start` in one of its encodings, byte by byte (trying
    /// each way a byte may be written: `'` is itself or `'\''`).
    private func match(_ secret: [UInt8], in text: [UInt8], at start: Int) -> Int? {
        func from(_ index: Int, _ k: Int) -> Int? {
            guard index < secret.count else { return k }
            for next in steps(secret[index], text, k) {
                if let end = from(index + 1, next) { return end }
            }
            return nil
        }
        return from(0, start)
    }

    /// Where byte `b` written at `k` ends: itself, `%XX`, `+` (a space), `\b`, a JSON escape, `'\''`.
    private func steps(_ b: UInt8, _ t: [UInt8], _ k: Int) -> [Int] {
        guard k < t.count else { return [] }
        var out: [Int] = []
        if t[k] == b { out.append(k + 1) }
        if t[k] == UInt8(ascii: "%"), k + 2 < t.count, let h = Self.hex(t[k + 1]), let l = Self.hex(t[k + 2]), h << 4 | l == b { out.append(k + 3) }
        if b == UInt8(ascii: " "), t[k] == UInt8(ascii: "+") { out.append(k + 1) }
        if t[k] == UInt8(ascii: "\\"), k + 1 < t.count {
            let e = t[k + 1]
            if e == b { out.append(k + 2) }
            if Self.named[e] == b { out.append(k + 2) }
            if e == UInt8(ascii: "u"), k + 5 < t.count, b < 0x80,
               let a = Self.hex(t[k + 2]), let c = Self.hex(t[k + 3]), let d = Self.hex(t[k + 4]), let f = Self.hex(t[k + 5]),
               a == 0, c == 0, d << 4 | f == b {
                out.append(k + 6)
            }
        }
        if b == UInt8(ascii: "'") {
            for form in Self.quoteForms where t[k...].starts(with: form) { out.append(k + form.count) }
        }
        return out
    }

    private static let named: [UInt8: UInt8] = [UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C]
    private static let quoteForms: [[UInt8]] = [Array("'\\''".utf8), Array("'\"'\"'".utf8)]

    /// Runs of base64 text (standard or URL alphabet) whose decoding holds a secret.
    private func base64Runs(in bytes: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        let shortest = secrets.map(\.count).min() ?? 1
        while i < bytes.count {
            guard Self.base64Value(bytes[i]) != nil else { i += 1; continue }
            var j = i
            while j < bytes.count, Self.base64Value(bytes[j]) != nil || bytes[j] == UInt8(ascii: "=") { j += 1 }
            if (j - i) * 3 / 4 >= shortest {
                // A value may start inside the run (a prefix such as `token=`): try each offset.
                for offset in 0..<min(4, j - i) {
                    let decoded = Self.decodeBase64(bytes[(i + offset)..<j])
                    if secrets.contains(where: { decoded.contains($0) }) {
                        out.append(i..<j)
                        break
                    }
                }
            }
            i = j
        }
        return out
    }

    private func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func base64Value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): c - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): c - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"): 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): 63
        default: nil
        }
    }

    /// Decodes as much as the characters allow, ignoring padding and a ragged end.
    private static func decodeBase64(_ chars: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for c in chars {
            guard let v = base64Value(c) else { break }
            buffer = buffer << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in it.
    fileprivate func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
