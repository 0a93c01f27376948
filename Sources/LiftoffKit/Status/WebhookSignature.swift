import Crypto
import Foundation

/// `X-Liftoff-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>` over the exact body bytes,
/// the way GitHub signs its webhooks, so receivers can reuse their verification code. The server's
/// alert receiver checks signed alerts with the same code (docs/alerts.md).
public enum WebhookSignature {
    public static let header = "X-Liftoff-Signature-256"

    public static func value(secret: [UInt8], body: [UInt8]) -> String {
        "sha256=" + hexMAC(secret: secret, body: body)
    }

    /// The bare lowercase hex HMAC-SHA256 of `body` (Slack's `v0=` signature is one too).
    public static func hexMAC(secret: [UInt8], body: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time check of a received header against the body, for receivers written in Swift.
    public static func verify(_ headerValue: String, secret: [UInt8], body: [UInt8]) -> Bool {
        guard headerValue.hasPrefix("sha256=") else { return false }
        return verify(hex: headerValue.dropFirst("sha256=".count), secret: secret, body: body)
    }

    /// Constant-time check of a bare hex HMAC-SHA256 (Grafana's alerting signature has no prefix).
    public static func verify(hex: Substring, secret: [UInt8], body: [UInt8]) -> Bool {
        guard let mac = hexBytes(hex) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: SymmetricKey(data: secret))
    }

    private static func hexBytes(_ hex: Substring) -> [UInt8]? {
        guard hex.count == 64 else { return nil }
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }
}
