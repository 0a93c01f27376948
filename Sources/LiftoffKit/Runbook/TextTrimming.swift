/// Whitespace trimming without Foundation, fast on ASCII (runs for every block and cell).
extension Substring {
    func trimmingCharactersInSpaceSub() -> Substring {
        var s = self
        while let f = s.utf8.first, f < 0x80 ? Self.isASCIISpace(f) : s.first?.quickIsWhitespace == true { s.removeFirst() }
        while let l = s.utf8.last, l < 0x80 ? Self.isASCIISpace(l) : s.last?.quickIsWhitespace == true { s.removeLast() }
        return s
    }

    static func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C
    }
}

extension String {
    package func trimmingCharactersInSpace() -> String {
        let trimmed = Substring(self).trimmingCharactersInSpaceSub()
        return trimmed.utf8.count == utf8.count ? self : String(trimmed)
    }
}

extension StringProtocol {
    /// Substring search on UTF-8 bytes. Titles are short; this avoids bridging to NSString.
    func utf8Contains(_ needle: String) -> Bool {
        // The needle's own bytes (a literal's are in place), not a copy per call: readers ask
        // dozens of these per line.
        withContiguousUTF8(needle) { n in utf8Contains(n) }
    }

    private func utf8Contains(_ n: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = n.first else { return true }
        return withContiguousUTF8(self) { hay in
            guard hay.count >= n.count else { return false }
            var i = 0
            let last = hay.count - n.count
            while i <= last {
                if hay[i] == first {
                    var k = 1
                    while k < n.count, hay[i + k] == n[k] { k += 1 }
                    if k == n.count { return true }
                }
                i += 1
            }
            return false
        }
    }
}

/// The text's UTF-8 bytes in place, or a copy where they are not contiguous.
func withContiguousUTF8<R>(_ s: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    let copy = Array(s.utf8)
    return copy.withUnsafeBufferPointer(body)
}
