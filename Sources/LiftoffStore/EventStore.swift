import Foundation
import LiftoffKit

/// Where launches keep their events (DESIGN §8). One small contract, two implementations
/// (SQLite, PostgreSQL), held to one contract test suite.
///
/// ```swift
/// let store = try await SQLiteEventStore.open(path: "liftoff.db", create: true)
/// let first = try await store.createLaunch(name: "checkout-v2", created: draft)
/// let more = try await store.append([markDraft], to: first.launch, expectedSeq: 1)
/// ```
public protocol EventStore: Sendable {
    /// Where the store is, fit to print: a file path, or a PostgreSQL URL without its password.
    var location: String { get }

    /// Creates a launch and records its `launch.created` event as seq 1.
    func createLaunch(name: String, created: EventDraft) async throws(StoreError) -> LaunchEvent

    /// Appends `drafts` after event `expectedSeq`, all or nothing; returns only once they are durable.
    /// Throws `StoreError.Kind.conflict` when another writer got there first: reload and decide again.
    func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int) async throws(StoreError) -> [LaunchEvent]

    /// As `append(_:to:expectedSeq:)`, for a caller that knows the hash of event `expectedSeq` (a
    /// projection does): a store may then write without reading the head first.
    func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int, previousHash: String) async throws(StoreError) -> [LaunchEvent]

    /// As `append(_:to:expectedSeq:previousHash:)`, written only while `credential` still holds
    /// (checked with the write itself, so no revocation can come between): throws
    /// `StoreError.Kind.credentialEnded` when it no longer does. Nil: no check.
    func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int, previousHash: String,
                credential: CredentialCheck?) async throws(StoreError) -> [LaunchEvent]

    /// Events of a launch with `seq >= from`, in order.
    func read(_ launch: Int64, from seq: Int) async throws(StoreError) -> [LaunchEvent]

    func launches() async throws(StoreError) -> [LaunchSummary]

    func launchID(named name: String) async throws(StoreError) -> Int64?

    /// New events of a launch from `seq` on, as they are appended (by any process).
    func subscribe(_ launch: Int64, from seq: Int) -> AsyncThrowingStream<LaunchEvent, any Error>

    // MARK: Projection snapshots (docs/storage.md, "Snapshots")

    /// Keeps `snapshot` as the launch's latest (one per launch; a newer one replaces it).
    func saveSnapshot(_ snapshot: StoredSnapshot) async throws(StoreError)

    /// The launch's latest snapshot, whatever its version; nil when none was kept.
    func snapshot(of launch: Int64) async throws(StoreError) -> StoredSnapshot?

    // MARK: Users and sessions (docs/server.md, "Participants and tokens")

    /// Stores a user under the SHA-256 of their token (never the token). A name held by another
    /// user, revoked or not, is refused (`.duplicate`): launches know participants by name.
    func addUser(_ user: NewUser) async throws(StoreError) -> StoredUser

    /// The user behind a token hash, unless revoked or expired.
    func user(tokenSHA256: String) async throws(StoreError) -> StoredUser?

    /// Every user, revoked ones too, without their token hashes (for `liftoff user list`).
    func accounts() async throws(StoreError) -> [UserAccount]

    /// Revokes user `id` for good and ends their sessions; false when there is no such active user.
    func revokeUser(_ id: Int64) async throws(StoreError) -> Bool

    /// Gives user `id` a new token (the old one stops working) and ends their sessions.
    func rotateToken(of id: Int64, tokenSHA256: String, expiresAt: Date?) async throws(StoreError) -> Bool

    /// The active user mapped to Slack user `slackID` (`liftoff user add … --slack`), unless expired.
    func user(slackID: String) async throws(StoreError) -> StoredUser?

    /// Maps active user `id` to a Slack user id, or clears it (nil); false when there is no such
    /// active user. A Slack id held by another active user is refused (`.duplicate`).
    func setSlackID(_ slackID: String?, of id: Int64) async throws(StoreError) -> Bool

    /// Records a browser session under the SHA-256 of its id.
    func startSession(_ sessionSHA256: String, user: Int64, expiresAt: Date) async throws(StoreError)

    /// The user of a live session: the session and the user's token are both still valid.
    func sessionUser(_ sessionSHA256: String) async throws(StoreError) -> StoredUser?

    func endSession(_ sessionSHA256: String) async throws(StoreError)

    func close() async

    // MARK: Moving launches between stores (`liftoff db copy`)

    /// The launch row itself, or nil when there is no launch `id`.
    func launchRecord(_ id: Int64) async throws(StoreError) -> LaunchRecord?

    /// Writes a launch under its own id with its events exactly as given (seq, time, actor, hash).
    /// A launch already there with the same events is left alone (`.alreadyPresent`); one with
    /// other content, or another launch of the same name, is refused (`.duplicate`).
    func importLaunch(_ launch: LaunchRecord, events: [LaunchEvent]) async throws(StoreError) -> ImportOutcome

    /// Every user, with the SHA-256 of their token.
    func users() async throws(StoreError) -> [UserRecord]

    /// Adds a user as recorded elsewhere; the same token hash with the same user is `.alreadyPresent`.
    func importUser(_ user: UserRecord) async throws(StoreError) -> ImportOutcome
}

/// A launch's projection at one event, as the store keeps it: opaque to the store, which only
/// files it by launch with its format version and the seq and chain hash it was taken at.
public struct StoredSnapshot: Hashable, Sendable {
    public var launch: Int64
    public var version: Int
    public var seq: Int
    public var hash: String
    public var body: String

    public init(launch: Int64, version: Int, seq: Int, hash: String, body: String) {
        self.launch = launch
        self.version = version
        self.seq = seq
        self.hash = hash
        self.body = body
    }
}

public struct LaunchRecord: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var createdAt: Date

    public init(id: Int64, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

public struct UserRecord: Hashable, Sendable {
    public var user: NewUser
    public var createdAt: Date
    /// A revoked user is copied too, so their name stays taken.
    public var revokedAt: Date?

    public init(user: NewUser, createdAt: Date, revokedAt: Date? = nil) {
        self.user = user
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

public enum ImportOutcome: Hashable, Sendable {
    case copied
    case alreadyPresent
}

/// One row of `launch list`.
public struct LaunchSummary: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var createdAt: Date
    public var lastSeq: Int
    public var lastType: String
    public var lastTime: Date

    public init(id: Int64, name: String, createdAt: Date, lastSeq: Int, lastType: String, lastTime: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.lastSeq = lastSeq
        self.lastType = lastType
        self.lastTime = lastTime
    }
}

public struct NewUser: Hashable, Sendable {
    public var name: String
    public var tokenSHA256: String
    public var roles: [String]
    public var admin: Bool
    /// A token for one launch only; nil for every launch.
    public var launch: Int64?
    /// When the token stops working; nil for never.
    public var expiresAt: Date?
    /// The Slack user id whose button presses act as this user (docs/slack.md).
    public var slackID: String?

    public init(name: String, tokenSHA256: String, roles: [String], admin: Bool, launch: Int64?, expiresAt: Date? = nil, slackID: String? = nil) {
        self.name = name
        self.tokenSHA256 = tokenSHA256
        self.roles = roles
        self.admin = admin
        self.launch = launch
        self.expiresAt = expiresAt.map(CanonicalTime.rounded)
        self.slackID = slackID
    }
}

public struct StoredUser: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var roles: [String]
    public var admin: Bool
    public var launch: Int64?
    public var expiresAt: Date?

    public var actor: LaunchActor { LaunchActor(name: name, roles: roles, admin: admin) }
}

extension EventStore {
    public func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int, previousHash: String) async throws(StoreError) -> [LaunchEvent] {
        try await append(drafts, to: launch, expectedSeq: expectedSeq)
    }
}
