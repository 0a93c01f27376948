import Foundation
import Logging
import PostgresNIO

/// Leadership by `pg_try_advisory_lock` on a session of its own: the lock lives exactly as long as
/// that session, so when the leader's process or connection dies, PostgreSQL releases it and a
/// standby (retrying every `retryInterval`) takes over. The leader checks its session every
/// `heartbeat` and cancels the body as soon as the session is gone.
public final class PostgresWatcherLeadership: WatcherLeadership, @unchecked Sendable {
    /// The advisory lock key ("LFTOWTCH").
    public static let defaultKey: Int64 = 0x4C46_544F_5754_4348

    public let url: PostgresURL
    public let key: Int64
    public let retryInterval: Duration
    public let heartbeat: Duration
    private let lock = NSLock()
    private var current = LeadershipRole.standby

    public init(url: PostgresURL, key: Int64 = PostgresWatcherLeadership.defaultKey, retryInterval: Duration = .seconds(3), heartbeat: Duration = .seconds(1)) {
        self.url = url
        self.key = key
        self.retryInterval = retryInterval
        self.heartbeat = heartbeat
    }

    public var role: LeadershipRole {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    private func set(_ role: LeadershipRole) {
        lock.lock()
        current = role
        lock.unlock()
    }

    private struct LeadershipLost: Error {}

    public func run(whileLeader body: @escaping @Sendable () async throws -> Void) async throws {
        defer { set(.standby) }
        while !Task.isCancelled {
            switch try await leadOnce(body) {
            case .finished: return
            case .notLeader, .lost: try await Task.sleep(for: retryInterval)
            }
        }
        throw CancellationError()
    }

    private enum Attempt { case finished, notLeader, lost }

    /// One session: try the lock; if held, run `body` until it ends or the session dies.
    private func leadOnce(_ body: @escaping @Sendable () async throws -> Void) async throws -> Attempt {
        let logger = PostgresEventStore.logger
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try PostgresEventStore.connectionConfiguration(url), id: 1, logger: logger)
        } catch {
            // The database is away: stand by and retry.
            if Task.isCancelled { throw CancellationError() }
            return .notLeader
        }
        let attempt: Attempt
        do {
            attempt = try await lead(on: connection, body)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        return attempt
    }

    private func lead(on connection: PostgresConnection, _ body: @escaping @Sendable () async throws -> Void) async throws -> Attempt {
        let logger = PostgresEventStore.logger
        do {
            let rows = try await connection.query("SELECT pg_try_advisory_lock(\(key)) AS held", logger: logger).collect()
            guard try rows.first?.makeRandomAccess()["held"].decode(Bool.self) == true else { return .notLeader }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .notLeader
        }
        set(.leader)
        defer { set(.standby) }
        let heartbeat = self.heartbeat
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    while true {
                        try await Task.sleep(for: heartbeat)
                        // A query written to a closed channel never completes, so look first.
                        guard !connection.isClosed else { throw LeadershipLost() }
                        do {
                            try await connection.query("SELECT 1", logger: logger)
                        } catch {
                            if Task.isCancelled { throw CancellationError() }
                            throw LeadershipLost()
                        }
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(key))", logger: logger)
            return .finished
        } catch is LeadershipLost {
            return .lost
        }
    }
}
