import Foundation
import LiftoffKit

/// A credential that must still hold when an append is written: checked by the same statement
/// (SQLite) or in the same transaction (PostgreSQL) as the write, so a server may decide on a
/// credential it looked up earlier and still never write for one that was revoked, rotated,
/// logged out or expired since (docs/server.md, "Credentials on the write path").
public struct CredentialCheck: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// An API token (`users.token_sha256`).
        case token
        /// A browser session (`liftoff_sessions.id_sha256`).
        case session
    }

    public var kind: Kind
    /// SHA-256 of the token or session id, as the store keeps it.
    public var sha256: String
    /// The user the credential named when it was looked up, with the rights the write was decided on.
    public var user: StoredUser

    public init(kind: Kind, sha256: String, user: StoredUser) {
        self.kind = kind
        self.sha256 = sha256
        self.user = user
    }

    /// An `EXISTS (…)` condition that holds while the credential still names `user` with the same
    /// rights; `?` placeholders (SQLite), binds from `values(now:)`.
    var sqliteCondition: String {
        switch kind {
        case .token:
            return """
                EXISTS (SELECT 1 FROM users WHERE token_sha256 = ? AND id = ? AND revoked_at IS NULL AND roles = ? AND admin = ? \
                AND launch_id IS ? AND (expires_at IS NULL OR expires_at > ?))
                """
        case .session:
            return """
                EXISTS (SELECT 1 FROM liftoff_sessions s JOIN users u ON u.id = s.user_id WHERE s.id_sha256 = ? AND u.id = ? \
                AND u.revoked_at IS NULL AND u.roles = ? AND u.admin = ? AND u.launch_id IS ? \
                AND (u.expires_at IS NULL OR u.expires_at > ?) AND s.expires_at > ?)
                """
        }
    }

    /// The same condition for PostgreSQL, numbered from `$first`, locking the rows it read
    /// (`FOR SHARE`) so a revocation waits until the append has committed or rolled back.
    func postgresQuery(first: Int) -> String {
        let p = (first..<(first + 7)).map { "$\($0)" }  // the session's form has one bind more
        switch kind {
        case .token:
            return """
                SELECT 1 FROM users WHERE token_sha256 = \(p[0]) AND id = \(p[1]) AND revoked_at IS NULL AND roles = \(p[2]) \
                AND admin = \(p[3]) AND launch_id IS NOT DISTINCT FROM \(p[4]) AND (expires_at IS NULL OR expires_at > \(p[5])) FOR SHARE
                """
        case .session:
            return """
                SELECT 1 FROM liftoff_sessions s JOIN users u ON u.id = s.user_id WHERE s.id_sha256 = \(p[0]) AND u.id = \(p[1]) \
                AND u.revoked_at IS NULL AND u.roles = \(p[2]) AND u.admin = \(p[3]) AND u.launch_id IS NOT DISTINCT FROM \(p[4]) \
                AND (u.expires_at IS NULL OR u.expires_at > \(p[5])) AND s.expires_at > \(p[6]) FOR SHARE
                """
        }
    }

    /// Canonical time strings compare in time order (users' and sessions' `expires_at` are kept so).
    enum Bind {
        case text(String)
        case integer(Int64)
        case null
    }

    func binds(now: Date) -> [Bind] {
        let time = CanonicalTime.string(now)
        var binds: [Bind] = [.text(sha256), .integer(user.id), .text(ImportRules.rolesText(user.roles)), .integer(user.admin ? 1 : 0),
                             user.launch.map { .integer($0) } ?? .null, .text(time)]
        if kind == .session { binds.append(.text(time)) }
        return binds
    }

    /// Whether it still holds, asked the slow way (a store without a combined write, or to tell a
    /// refused append's cause).
    func holds(in store: any EventStore) async throws(StoreError) -> Bool {
        let current: StoredUser? = switch kind {
        case .token: try await store.user(tokenSHA256: sha256)
        case .session: try await store.sessionUser(sha256)
        }
        return current == user
    }

    static func ended(_ kind: Kind) -> StoreError {
        StoreError(.credentialEnded, "the \(kind == .token ? "token" : "session") this request was made with no longer holds (revoked, rotated, logged out or expired)",
                   hint: "sign in again, or ask an admin for a token (liftoff user list shows who holds one)")
    }
}

extension EventStore {
    /// Appends only while `credential` still holds; throws `credentialEnded` otherwise. Stores
    /// that can check it in the write itself do; this fallback asks first.
    public func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int, previousHash: String,
                       credential: CredentialCheck?) async throws(StoreError) -> [LaunchEvent] {
        if let credential, try await !credential.holds(in: self) { throw CredentialCheck.ended(credential.kind) }
        return try await append(drafts, to: launch, expectedSeq: expectedSeq, previousHash: previousHash)
    }
}
