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

    /// Events of a launch with `seq >= from`, in order.
    func read(_ launch: Int64, from seq: Int) async throws(StoreError) -> [LaunchEvent]

    func launches() async throws(StoreError) -> [LaunchSummary]

    func launchID(named name: String) async throws(StoreError) -> Int64?

    /// New events of a launch from `seq` on, as they are appended (by any process).
    func subscribe(_ launch: Int64, from seq: Int) -> AsyncThrowingStream<LaunchEvent, any Error>

    /// Stores a user under the SHA-256 of their token (never the token).
    func addUser(_ user: NewUser) async throws(StoreError) -> StoredUser

    func user(tokenSHA256: String) async throws(StoreError) -> StoredUser?

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

    public init(user: NewUser, createdAt: Date) {
        self.user = user
        self.createdAt = createdAt
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

    public init(name: String, tokenSHA256: String, roles: [String], admin: Bool, launch: Int64?) {
        self.name = name
        self.tokenSHA256 = tokenSHA256
        self.roles = roles
        self.admin = admin
        self.launch = launch
    }
}

public struct StoredUser: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var roles: [String]
    public var admin: Bool
    public var launch: Int64?

    public var actor: LaunchActor { LaunchActor(name: name, roles: roles, admin: admin) }
}
