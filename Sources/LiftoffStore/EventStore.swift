import Foundation
import LiftoffKit

/// Where launches keep their events (DESIGN §8). One small contract, several implementations
/// (SQLite now; PostgreSQL later), all held to the same tests.
///
/// ```swift
/// let store = try await SQLiteEventStore.open(path: "liftoff.db", create: true)
/// let first = try await store.createLaunch(name: "checkout-v2", created: draft)
/// let more = try await store.append([markDraft], to: first.launch, expectedSeq: 1)
/// ```
public protocol EventStore: Sendable {
    /// Creates a launch and records its `launch.created` event as seq 1.
    func createLaunch(name: String, created: EventDraft) async throws(StoreError) -> LaunchEvent

    /// Appends `drafts` after event `expectedSeq`, all or nothing; returns only once they are durable.
    /// Throws `StoreError.Kind.conflict` when another writer got there first: reload and decide again.
    func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int) async throws(StoreError) -> [LaunchEvent]

    /// Events of a launch with `seq >= from`, in order.
    func read(_ launch: Int64, from seq: Int) async throws(StoreError) -> [LaunchEvent]

    func launches() async throws(StoreError) -> [LaunchSummary]

    /// New events of a launch from `seq` on, as they are appended (by any process).
    func subscribe(_ launch: Int64, from seq: Int) -> AsyncThrowingStream<LaunchEvent, any Error>

    /// Stores a user under the SHA-256 of their token (never the token).
    func addUser(_ user: NewUser) async throws(StoreError) -> StoredUser

    func user(tokenSHA256: String) async throws(StoreError) -> StoredUser?

    func close() async
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
