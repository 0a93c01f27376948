import Crypto
import Foundation

/// Signs and checks the session cookie `liftoff_session` and derives CSRF tokens from it.
///
/// Cookie value: `v2.<sessionID>.<expiryUnix>.<hmac>`, the HMAC-SHA256 (hex) of everything before
/// the last dot under the server's key. The session id is random; the store keeps only its SHA-256
/// with the user id, so logout, revocation and rotation end a session on every instance
/// (docs/server.md, "Sessions"). The signature turns forged cookies away before the store is asked.
/// The key comes from `LIFTOFF_SESSION_SECRET`, else it is random per process (restarting the
/// server then logs everybody out).
public struct SessionKeys: Sendable {
    public static let cookieName = "liftoff_session"
    let key: SymmetricKey

    public init(secret: String) {
        key = SymmetricKey(data: SHA256.hash(data: Data(secret.utf8)))
    }

    public init() {
        key = SymmetricKey(size: .bits256)
    }

    /// `LIFTOFF_SESSION_SECRET` when set and non-empty, else a random key.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SessionKeys {
        if let secret = environment["LIFTOFF_SESSION_SECRET"], !secret.isEmpty { return SessionKeys(secret: secret) }
        return SessionKeys()
    }

    public func cookieValue(session: String, expires: Date) -> String {
        let body = "v2.\(session).\(Int64(expires.timeIntervalSince1970))"
        return body + "." + mac(body)
    }

    /// The session id inside a genuine, unexpired cookie; nil for anything else.
    public func verify(cookie: String, now: Date) -> String? {
        let parts = cookie.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v2", let expiry = Int64(parts[2]),
              parts[1].count == 43, parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        let body = parts[0...2].joined(separator: ".")
        guard Self.constantTimeEqual(mac(body), String(parts[3])) else { return nil }
        guard Double(expiry) > now.timeIntervalSince1970 else { return nil }
        return String(parts[1])
    }

    public func csrfToken(forSession cookieValue: String) -> String {
        mac("csrf:" + cookieValue)
    }

    /// The CSRF token pages embed for the caller, when they came with a session.
    public func csrfToken(for context: ServerContext) -> String? {
        guard let identity = context.identity, identity.via == .session, let cookie = identity.sessionCookie else { return nil }
        return csrfToken(forSession: cookie)
    }

    public func checkCSRF(_ token: String?, forSession cookieValue: String) -> Bool {
        guard let token else { return false }
        return Self.constantTimeEqual(token, csrfToken(forSession: cookieValue))
    }

    func mac(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
