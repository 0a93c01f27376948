import Foundation

/// Which store `--db` / `LIFTOFF_DB` names: `sqlite:PATH` or `postgres://user[:password]@host[:port]/db?sslmode=…`.
/// Its description never shows a password.
///
/// ```swift
/// let location = try StoreLocation(spec: "postgres://liftoff@db.internal:5432/liftoff?sslmode=require")
/// try await location.withStore(create: false) { store in try await store.launches() }
/// ```
public enum StoreLocation: Hashable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresURL)

    public static let defaultSpec = "sqlite:./liftoff.db"

    public init(spec: String) throws(StoreError) {
        if spec.hasPrefix("sqlite:") {
            let path = String(spec.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw StoreError(.missing, "--db sqlite: needs a path", hint: "e.g. --db sqlite:./liftoff.db")
            }
            self = .sqlite(path: path)
        } else if spec.hasPrefix("postgres://") || spec.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(spec))
        } else if spec.contains("://") {
            throw StoreError(.missing, "cannot read --db '\(PostgresURL.redacting(spec))'",
                             hint: "write sqlite:PATH or postgres://user@host:port/db?sslmode=disable")
        } else {
            self = .sqlite(path: spec)
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:" + path
        case .postgres(let url): url.description
        }
    }

    public var kind: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// Opens the store (creating it, or its schema, only when `create` is true), runs `body`,
    /// and closes it whatever happens. A PostgreSQL store's pool and listener run in a task
    /// group that lives exactly as long as this call.
    public func withStore<T>(create: Bool, clock: @escaping @Sendable () -> Date = { Date() },
                             _ body: (any EventStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite(let path):
            let store = try await SQLiteEventStore.open(path: path, create: create, clock: clock)
            do {
                let result = try await body(store)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        case .postgres(let url):
            return try await PostgresEventStore.withStore(url, create: create, clock: clock) { store in try await body(store) }
        }
    }

    /// Who may run the watcher, for a store at this location. SQLite: this process, always.
    public func withLeadership<T>(_ body: (any WatcherLeadership) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            return try await body(SingleProcessLeadership())
        case .postgres(let url):
            return try await body(PostgresWatcherLeadership(url: url))
        }
    }
}

extension StoreLocation {
    /// Creates the database's schema or brings it up to date; returns the versions applied now
    /// (none when it was up to date already).
    public func migrate() async throws(StoreError) -> [Int] {
        switch self {
        case .sqlite(let path): try await SQLiteEventStore.migrate(path: path)
        case .postgres(let url): try await PostgresEventStore.migrate(url)
        }
    }

    /// The newest schema version this Liftoff knows.
    public var schemaVersion: Int {
        let sql: StoreSQL = switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
        return sql.migrations.map(\.version).max() ?? 0
    }
}
