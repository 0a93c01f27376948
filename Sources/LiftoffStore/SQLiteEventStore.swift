import Foundation
import LiftoffKit
import SQLiteNIO

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a commit (and so
/// an acknowledged append) survives a crash or power loss. Several processes may share the file;
/// writers serialise on SQLite's write lock and detect stale state by the expected seq.
///
/// ```swift
/// let store = try await SQLiteEventStore.open(path: "liftoff.db", create: true)
/// defer { Task { await store.close() } }
/// ```
public final class SQLiteEventStore: EventStore {
    /// `PRAGMA application_id` of a Liftoff database ("LFTO"), so other SQLite files are recognised.
    public static let applicationID: Int64 = 0x4C46_544F

    public let path: String
    public var location: String { path }
    let connection: SQLiteConnection
    let pool: NIOThreadPool
    let lock = AsyncLock()
    let sql = StoreSQL.sqlite
    let clock: @Sendable () -> Date
    /// Wakes this process's subscribers when an append commits.
    let appendSignal = AppendSignal()
    /// Wakes them when another process may have committed (docs/storage.md, "Live updates").
    let fileWatcher: DatabaseFileWatcher
    private let closed = OnceFlag()

    init(path: String, connection: SQLiteConnection, pool: NIOThreadPool, clock: @escaping @Sendable () -> Date) {
        self.path = path
        self.connection = connection
        self.pool = pool
        self.clock = clock
        fileWatcher = DatabaseFileWatcher(path: path)
    }

    public func close() async {
        guard closed.set() else { return }
        fileWatcher.stop()
        try? await connection.close()
        try? await pool.shutdownGracefully()
    }

    /// A store dropped without `close()` (a caller that threw on the way) still closes its
    /// connection, instead of tripping sqlite-nio's assertion and taking the process down.
    deinit {
        guard closed.set() else { return }
        fileWatcher.stop()
        let pool = pool
        connection.close().whenComplete { _ in pool.shutdownGracefully { _ in } }
    }

    // MARK: Running SQL

    func rows(_ query: String, _ binds: [SQLiteData] = []) async throws(StoreError) -> [SQLiteRow] {
        let collector = RowCollector()
        do {
            try await connection.query(query, binds) { collector.append($0) }
        } catch let error as SQLiteError {
            throw Self.storeError(error, path: path)
        } catch {
            throw StoreError(.database, "\(path): \(error)")
        }
        return collector.all
    }

    func exec(_ query: String, _ binds: [SQLiteData] = []) async throws(StoreError) {
        _ = try await rows(query, binds)
    }

    /// Runs `body` alone on this connection inside `BEGIN IMMEDIATE … COMMIT`; rolls back on error.
    func transaction<T: Sendable>(_ body: @Sendable () async throws(StoreError) -> T) async throws(StoreError) -> T {
        try await locked { () throws(StoreError) -> T in
            try await exec(sql.begin)
            let result: T
            do throws(StoreError) {
                result = try await body()
                try await exec(sql.commit)
            } catch {
                try? await exec(sql.rollback)
                throw error
            }
            return result
        }
    }

    func locked<T: Sendable>(_ body: @Sendable () async throws(StoreError) -> T) async throws(StoreError) -> T {
        await lock.lock()
        do throws(StoreError) {
            let result = try await body()
            await lock.unlock()
            return result
        } catch {
            await lock.unlock()
            throw error
        }
    }

    static func storeError(_ error: SQLiteError, path: String) -> StoreError {
        switch error.reason {
        case .readOnly, .readonlyDirectory, .readonlyCantLock, .readonlyInRecovery, .readonlyInRollback, .readonlyBackingMoved,
             .cantOpen, .cantOpenDirectory, .cantOpenInvalidPath, .permission:
            StoreError(.unwritable, "cannot write the database at '\(path)': \(error.message)",
                       hint: "check that the file and its directory are writable, or choose another with --db sqlite:PATH")
        case .notADatabase, .corrupt:
            StoreError(.notLiftoff, "'\(path)' is not a usable SQLite database: \(error.message)")
        case .constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed:
            StoreError(.duplicate, "\(error.message)")
        default:
            StoreError(.database, "database error at '\(path)': \(error.message)")
        }
    }
}

/// True the first time it is set, false after: closes exactly once, from `close()` or `deinit`.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func set() -> Bool {
        lock.withLock {
            defer { done = true }
            return !done
        }
    }
}
