import Foundation

/// Slack's request signature (docs/slack.md): `X-Slack-Signature: v0=<hex HMAC-SHA256>` with the
/// app's signing secret over `v0:{X-Slack-Request-Timestamp}:{raw body}`. A timestamp more than
/// five minutes from `now` is refused, so a captured request cannot be replayed later. Pure: the
/// caller passes the clock's `now`.
public enum SlackSignature {
    public static let signatureHeader = "X-Slack-Signature"
    public static let timestampHeader = "X-Slack-Request-Timestamp"
    /// Slack's own advice: refuse requests older (or newer) than five minutes.
    public static let tolerance: TimeInterval = 5 * 60

    public enum Verdict: Hashable, Sendable {
        case valid
        case missing(String)
        case stale(String)
        case mismatch

        /// Why a request was refused, without echoing what it sent.
        public var reason: String {
            switch self {
            case .valid: "valid"
            case .missing(let what): what
            case .stale(let what): what
            case .mismatch: "the X-Slack-Signature does not match the body (v0 HMAC-SHA256 with the signing secret)"
            }
        }
    }

    /// `v0=<hex>` for `body` sent at `timestamp`: what Slack sends, and what tests sign with.
    public static func value(secret: [UInt8], timestamp: String, body: [UInt8]) -> String {
        "v0=" + WebhookSignature.hexMAC(secret: secret, body: base(timestamp: timestamp, body: body))
    }

    /// Checks the two headers against the body, the timestamp first (cheap), then the HMAC in
    /// constant time.
    public static func verify(signature: String?, timestamp: String?, body: [UInt8], secret: [UInt8], now: Date) -> Verdict {
        guard let timestamp, !timestamp.isEmpty else { return .missing("missing header \(timestampHeader)") }
        guard let signature, !signature.isEmpty else { return .missing("missing header \(signatureHeader)") }
        guard timestamp.count <= 12, let seconds = Int64(timestamp) else {
            return .stale("header \(timestampHeader) must be Unix seconds")
        }
        guard abs(Double(seconds) - now.timeIntervalSince1970) <= tolerance else {
            return .stale("the request timestamp is more than \(Int(tolerance / 60)) minutes from now (a replayed or delayed request)")
        }
        guard signature.hasPrefix("v0=") else { return .mismatch }
        return WebhookSignature.verify(hex: signature.dropFirst(3), secret: secret, body: base(timestamp: timestamp, body: body)) ? .valid : .mismatch
    }

    static func base(timestamp: String, body: [UInt8]) -> [UInt8] {
        Array("v0:\(timestamp):".utf8) + body
    }
}
