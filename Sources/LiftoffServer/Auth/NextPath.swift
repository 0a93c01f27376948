import Foundation

/// Where a login may send the browser next: a path on this server and nothing else.
///
/// Browsers forgive a lot in a `Location` (tabs and newlines are dropped, `\` is read as `/`,
/// `//host` and `/\host` leave the site), so the rule is an allow-list: one leading `/`, then only
/// URL path/query characters; after percent-decoding (up to three layers) still one leading `/`,
/// printable ASCII and no `\`.
enum NextPath {
    static let fallback = "/launches"

    static func safe(_ next: String?) -> String {
        guard let next, next.count <= 2048, isSafe(next) else { return fallback }
        return next
    }

    static func isSafe(_ next: String) -> Bool {
        guard isPath(next), next.unicodeScalars.allSatisfy(isURLCharacter) else { return false }
        var layer = next
        for _ in 0..<3 {
            guard let decoded = layer.removingPercentEncoding, decoded != layer else { return true }
            guard isPath(decoded), decoded.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F && $0 != "\\" }) else { return false }
            layer = decoded
        }
        return false
    }

    /// Exactly one leading `/`.
    static func isPath(_ s: String) -> Bool {
        s.hasPrefix("/") && !s.hasPrefix("//")
    }

    /// RFC 3986 path, query and fragment characters, and `%`.
    static func isURLCharacter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (CharacterSet.alphanumerics.contains(c) || "-._~!$&'()*+,;=:@/?%#".unicodeScalars.contains(c))
    }
}
