import Crypto
import Foundation
import LiftoffKit

/// Participant tokens: 32 random bytes, base64url without padding. Only the SHA-256 is stored.
public enum UserToken {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func sha256(_ token: String) -> String {
        EventChain.sha256Hex(token)
    }
}
