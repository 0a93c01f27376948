import Foundation

/// `is jwt`: three base64url segments, a header whose `alg` is not `none`, and an `exp` in the
/// future. Says what it saw either way, never the token itself.
enum JWTInspector {
    static func inspect(_ token: String, now: Date) -> (ok: Bool, observed: String) {
        let token = token.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return (false, "not a JWT (\(parts.count) segment\(parts.count == 1 ? "" : "s"), want 3)") }
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        guard parts.allSatisfy({ $0.allSatisfy(alphabet.contains) }), !parts[0].isEmpty, !parts[1].isEmpty else {
            return (false, "not a JWT (segments are not base64url)")
        }
        guard let header = object(parts[0]) else { return (false, "not a JWT (header is not JSON)") }
        guard let payload = object(parts[1]) else { return (false, "not a JWT (payload is not JSON)") }
        let alg = header["alg"] as? String ?? "(none given)"
        if alg.lowercased() == "none" || header["alg"] == nil { return (false, "JWT with alg \(alg)") }
        guard let exp = (payload["exp"] as? NSNumber)?.doubleValue else { return (false, "JWT alg \(alg) without exp") }
        let expiry = Date(timeIntervalSince1970: exp)
        let stamp = ISO8601DateFormatter().string(from: expiry)
        if expiry <= now { return (false, "JWT alg \(alg), expired at \(stamp)") }
        return (true, "JWT alg \(alg), exp \(stamp)")
    }

    private static func object(_ segment: Substring) -> [String: Any]? {
        var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
