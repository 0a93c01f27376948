/// Who runs the watcher (triggers, schedules, outbox) when several `serve` instances share a
/// store: exactly one at a time, and another takes over when the leader dies (DESIGN §8).
///
/// ```swift
/// try await location.withLeadership { leadership in
///     try await leadership.run { try await watcher.run() }   // cancelled when leadership is lost
/// }
/// ```
public protocol WatcherLeadership: Sendable {
    /// Waits to lead, runs `body` while leading, and cancels it when leadership is lost; then
    /// stands by again. Returns when `body` returns, throws what it throws (other than the
    /// cancellation caused by a lost leadership), and ends when the calling task is cancelled.
    func run(whileLeader body: @escaping @Sendable () async throws -> Void) async throws

    /// `leader` or `standby`, for `/healthz`.
    var role: LeadershipRole { get }
}

public enum LeadershipRole: String, Sendable {
    case leader
    case standby
}

/// SQLite: one file, one serving process; that process leads.
public struct SingleProcessLeadership: WatcherLeadership {
    public init() {}

    public var role: LeadershipRole { .leader }

    public func run(whileLeader body: @escaping @Sendable () async throws -> Void) async throws {
        try await body()
    }
}
