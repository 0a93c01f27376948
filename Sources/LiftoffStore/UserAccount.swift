import Foundation
import LiftoffKit

/// One row of `liftoff user list`: everything about a user except their token.
public struct UserAccount: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var roles: [String]
    public var admin: Bool
    public var launch: Int64?
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    /// The Slack user id mapped to this user (docs/slack.md).
    public var slackID: String?

    public init(id: Int64, name: String, roles: [String], admin: Bool, launch: Int64?, createdAt: Date, expiresAt: Date?, revokedAt: Date?,
                slackID: String? = nil) {
        self.slackID = slackID
        self.id = id
        self.name = name
        self.roles = roles
        self.admin = admin
        self.launch = launch
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// `active`, `expired` or `revoked` at `now`.
    public func standing(at now: Date) -> String {
        if revokedAt != nil { return "revoked" }
        if let expiresAt, expiresAt <= now { return "expired" }
        return "active"
    }
}

/// The rules both stores apply to users, in one place.
enum UserRules {
    static func nameTaken(_ name: String, by id: Int64) -> StoreError {
        StoreError(.duplicate, "there is already a user named '\(name)' (id \(id)); names are unique, so one name never carries two users' rights",
                   hint: "choose another name, or give '\(name)' a new token with: liftoff user rotate \(name)")
    }

    static func slackTaken(_ slackID: String, by name: String, id: Int64) -> StoreError {
        StoreError(.duplicate, "Slack user \(slackID) is already mapped to '\(name)' (id \(id)); one Slack user acts as one participant",
                   hint: "clear it there first: liftoff user update \(name) --no-slack")
    }

    /// A token or session past its expiry does not work.
    static func live(_ expiresAt: String?, now: Date) -> Bool {
        guard let expiresAt else { return true }
        guard let date = CanonicalTime.parse(expiresAt) else { return false }
        return date > now
    }

    static func time(_ text: String?) -> Date? {
        text.flatMap(CanonicalTime.parse)
    }
}
