import Foundation

/// Why an attempt did not deliver: worth retrying (the receiver is down, slow or busy) or not
/// (the receiver refused the request; the channel cannot be used).
enum DeliveryFailure: Error, Hashable, Sendable {
    /// `retryAfter`: what the receiver asked for (`Retry-After`), in seconds.
    case transient(String, retryAfter: TimeInterval?)
    case permanent(String)

    static func transient(_ reason: String) -> DeliveryFailure { .transient(reason, retryAfter: nil) }

    var reason: String {
        switch self {
        case .transient(let r, _), .permanent(let r): r
        }
    }

    var isPermanent: Bool {
        if case .permanent = self { return true }
        return false
    }
}
