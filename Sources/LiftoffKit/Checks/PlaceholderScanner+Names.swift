extension PlaceholderScanner {
    /// The `{{NAME}}` variables in a text, in order of appearance.
    static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else { break }
            let name = String(after[..<close.lowerBound])
            if !name.isEmpty, name.unicodeScalars.allSatisfy(isNameScalar) {
                names.append(name)
                rest = after[close.upperBound...]
            } else {
                rest = after
            }
        }
        return names
    }
}
