import Crypto
import Foundation

/// HS256 tokens for the sandbox's `POST /api/v2/auth/token`, so a smoke test can check a real
/// JWT (three base64url segments, a signing algorithm, an expiry) and use it.
enum SandboxToken {
    static func mint(subject: String, key: [UInt8], now: Date, lifetime: TimeInterval = 3600) -> String {
        let header = segment(#"{"alg":"HS256","typ":"JWT"}"#.utf8)
        let claims = segment(#"{"sub":"\#(subject)","iss":"liftoff-sandbox","iat":\#(Int(now.timeIntervalSince1970)),"exp":\#(Int(now.timeIntervalSince1970 + lifetime))}"#.utf8)
        let signed = "\(header).\(claims)"
        return "\(signed).\(signature(signed, key: key))"
    }

    /// The subject of a token this sandbox signed and that has not expired, else nil.
    static func verify(_ token: String, key: [UInt8], now: Date) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, signature("\(parts[0]).\(parts[1])", key: key) == parts[2],
              let data = decode(parts[1]), let claims = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let exp = claims["exp"] as? Double, exp > now.timeIntervalSince1970 else { return nil }
        return claims["sub"] as? String
    }

    static func signature(_ text: String, key: [UInt8]) -> String {
        segment(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key)))
    }

    static func segment<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        return Data(base64Encoded: base)
    }
}
