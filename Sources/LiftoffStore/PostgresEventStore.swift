import Foundation
import LiftoffKit
import Logging
import PostgresNIO

/// The shared store: PostgreSQL through postgres-nio's `PostgresClient` pool. Appends commit
/// before they are acknowledged (`synchronous_commit` as the server is configured, on by default)
/// and each commit notifies `liftoff_events` so other processes' subscribers hear of it.
///
/// Opened only for a scope, because the pool and the listener are tasks that must end with it:
///
/// ```swift
/// try await PostgresEventStore.withStore(url, create: true) { store in
///     let first = try await store.createLaunch(name: "checkout-v2", created: draft)
/// }
/// ```
public final class PostgresEventStore: EventStore {
    /// How an append keeps per-launch sequences gapless when writers race.
    public enum AppendLocking: String, Sendable, CaseIterable {
        /// Check the expected seq and insert; the primary key (launch, seq) refuses the loser, who
        /// gets a conflict and retries.
        case optimistic
        /// `SELECT … FOR UPDATE` on the launch row first, so writers to one launch queue up and a
        /// stale writer learns of its conflict without a failed insert.
        case rowLock = "row-lock"
    }

    public let url: PostgresURL
    public var location: String { url.description }
    let client: PostgresClient
    let sql = StoreSQL.postgres
    let clock: @Sendable () -> Date
    let appendLocking: AppendLocking
    let notifier: PostgresEventNotifier
    static let logger = Logger(label: "liftoff.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(url: PostgresURL, client: PostgresClient, clock: @escaping @Sendable () -> Date, appendLocking: AppendLocking, notifier: PostgresEventNotifier) {
        self.url = url
        self.client = client
        self.clock = clock
        self.appendLocking = appendLocking
        self.notifier = notifier
    }

    /// Ends every subscription; the pool itself closes when `withStore` returns.
    public func close() async {
        notifier.finishAll()
    }

    // MARK: Running SQL

    static func query(_ sql: String, _ binds: [PostgresValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .int(let v): bindings.append(v)
            case .text(let v): bindings.append(v)
            case .null: bindings.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    static func rows(_ sql: String, _ binds: [PostgresValue] = [], on connection: PostgresConnection, at location: String) async throws(StoreError) -> [PostgresRandomAccessRow] {
        // postgres-nio never answers a query written to a closed channel (e.g. the backend was
        // terminated mid-transaction), so look before writing.
        guard !connection.isClosed else {
            throw StoreError(.database, "lost the connection to PostgreSQL at \(location)", hint: "is the server running? the command can be repeated")
        }
        do {
            return try await connection.query(query(sql, binds), logger: logger).collect().map { $0.makeRandomAccess() }
        } catch {
            throw storeError(error, at: location)
        }
    }

    func rows(_ sql: String, _ binds: [PostgresValue] = [], on connection: PostgresConnection) async throws(StoreError) -> [PostgresRandomAccessRow] {
        try await Self.rows(sql, binds, on: connection, at: location)
    }

    func exec(_ sql: String, _ binds: [PostgresValue] = [], on connection: PostgresConnection) async throws(StoreError) {
        _ = try await rows(sql, binds, on: connection)
    }

    /// One pooled connection for `body`.
    func connection<T: Sendable>(_ body: (PostgresConnection) async throws(StoreError) -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.storeError(error, at: location)
        }
    }

    /// A read outside any transaction.
    func rows(_ sql: String, _ binds: [PostgresValue] = []) async throws(StoreError) -> [PostgresRandomAccessRow] {
        try await connection { (c) throws(StoreError) in try await rows(sql, binds, on: c) }
    }

    /// Runs `body` inside `BEGIN … COMMIT` on one pooled connection; rolls back on error. Returns
    /// only after COMMIT succeeded, so what it wrote is durable.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws(StoreError) -> T) async throws(StoreError) -> T {
        try await connection { (c) throws(StoreError) -> T in
            try await exec(sql.begin, on: c)
            do throws(StoreError) {
                let result = try await body(c)
                try await exec(sql.commit, on: c)
                return result
            } catch {
                try? await exec(sql.rollback, on: c)
                throw error
            }
        }
    }

    // MARK: Errors

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func storeError(_ error: any Error, at location: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let psql = error as? PSQLError else {
            return StoreError(.database, "PostgreSQL at \(location): \(PostgresURL.redacting(String(describing: error)))")
        }
        let state = psql.serverInfo?[.sqlState] ?? ""
        let message = psql.serverInfo?[.message] ?? Self.describe(psql)
        switch state {
        case "23505":
            return StoreError(.duplicate, message)
        case "3D000":
            return StoreError(.missing, "PostgreSQL at \(location): \(message)", hint: "create it first (createdb), or point --db / LIFTOFF_DB at the right database")
        case "28000", "28P01":
            return StoreError(.database, "PostgreSQL at \(location) refused the login: \(message)",
                              hint: "check the user and password (in the URL, or PGPASSWORD)")
        case "42501":
            return StoreError(.unwritable, "PostgreSQL at \(location): \(message)", hint: "grant the user rights on the database")
        default:
            break
        }
        switch psql.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return StoreError(.database, "cannot reach PostgreSQL at \(location): \(Self.describe(psql))",
                              hint: "is the server running and reachable? check --db / LIFTOFF_DB (postgres://user@host:port/db?sslmode=disable)")
        case .sslUnsupported:
            return StoreError(.database, "PostgreSQL at \(location) does not offer TLS", hint: "use sslmode=disable or prefer, or enable ssl on the server")
        default:
            return StoreError(.database, "PostgreSQL at \(location): \(message)")
        }
    }

    /// PSQLError prints a fixed text to avoid leaking data; say what happened, without binds.
    static func describe(_ error: PSQLError) -> String {
        var text = error.code.description
        if let underlying = error.underlying { text += " (\(underlying))" }
        return text
    }
}

/// A bound parameter: the store binds only these.
enum PostgresValue: Sendable {
    case int(Int64)
    case text(String)
    case null

    static func number(_ value: Int) -> PostgresValue { .int(Int64(value)) }
}
