extension StringProtocol {
    /// False only when Foundation's default search (`contains`, `range(of:)`: no options, so
    /// canonical equivalence) cannot find `needle` in the text: a byte search that misses is
    /// then the whole answer, and the slow search runs only where the bytes are found.
    ///
    /// Canonically equal text holds the needle's own bytes unless a character of the needle has
    /// other code points canonically equal to it: of ASCII, `K` (U+212A KELVIN SIGN), `;`
    /// (U+037E GREEK QUESTION MARK) and `` ` `` (U+1FEF); and a non-ASCII character may be
    /// written composed or decomposed. So a needle holding any of those always says "may".
    /// Symbols without a decomposition (`🛑`, `✅`) are safe too: `undecomposableSymbols`.
    func mayContainCanonically(_ needle: String) -> Bool {
        let plainASCII = needle.utf8.allSatisfy { $0 < 0x80 && $0 != 0x4B && $0 != 0x3B && $0 != 0x60 }
        guard plainASCII || undecomposableSymbols.contains(needle) else { return true }
        return utf8Contains(needle)
    }
}

/// Symbols the readers search for that are single code points with no canonical
/// decomposition, and that no other text decomposes to.
private let undecomposableSymbols: Set<String> = ["🛑", "✅", "☑", "✔"]
