import Foundation
import LiftoffStore
import Synchronization

/// The users that tokens and sessions named when the store was last asked, for the one kind of
/// request that needs no fresh answer: a launch command, whose append checks in the same
/// statement that the credential still holds (`CredentialCheck`). Every other request asks the
/// store, so logout, rotation and revocation take effect at once everywhere (docs/server.md).
///
/// Entries are dropped when an append finds the credential ended, after `lifetime`, and all at
/// once when the cache is full; none of that is needed for safety, only to bound memory.
final class CredentialCache: Sendable {
    struct Entry {
        let user: StoredUser
        let storedAt: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    let capacity: Int
    let lifetime: TimeInterval

    init(capacity: Int = 4096, lifetime: TimeInterval = 300) {
        self.capacity = max(1, capacity)
        self.lifetime = lifetime
    }

    static func key(_ via: Identity.Via, _ sha256: String) -> String {
        (via == .bearer ? "t:" : "s:") + sha256
    }

    /// The user a credential named, while neither the user nor the entry has expired (a session
    /// cookie carries its own end, checked before this is asked, and the append checks both).
    func user(_ via: Identity.Via, _ sha256: String, now: Date) -> StoredUser? {
        entries.withLock { entries -> StoredUser? in
            let key = Self.key(via, sha256)
            guard let entry = entries[key] else { return nil }
            let expired = entry.user.expiresAt.map { $0 <= now } ?? false
            guard !expired, now.timeIntervalSince(entry.storedAt) < lifetime else {
                entries[key] = nil
                return nil
            }
            return entry.user
        }
    }

    func remember(_ via: Identity.Via, _ sha256: String, user: StoredUser, now: Date) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[Self.key(via, sha256)] = Entry(user: user, storedAt: now)
        }
    }

    func forget(_ via: Identity.Via, _ sha256: String) {
        _ = entries.withLock { $0.removeValue(forKey: Self.key(via, sha256)) }
    }

    var count: Int { entries.withLock { $0.count } }
}
