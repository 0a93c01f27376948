import Foundation
import LiftoffKit
import SQLiteNIO

extension SQLiteEventStore {
    /// Opens the database at `path`, creating it only when `create` is true. A file that is not a
    /// Liftoff database is refused before anything is written to it.
    public static func open(path: String, create: Bool, clock: @escaping @Sendable () -> Date = { Date() }) async throws(StoreError) -> SQLiteEventStore {
        try await openMigrating(path: path, create: create, clock: clock).store
    }

    /// Creates the database if needed and applies missing migrations; returns the versions applied.
    public static func migrate(path: String, clock: @escaping @Sendable () -> Date = { Date() }) async throws(StoreError) -> [Int] {
        let (store, applied) = try await openMigrating(path: path, create: true, clock: clock)
        await store.close()
        return applied
    }

    static func openMigrating(path: String, create: Bool, clock: @escaping @Sendable () -> Date) async throws(StoreError) -> (store: SQLiteEventStore, applied: [Int]) {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue {
            throw StoreError(.notLiftoff, "'\(path)' is a directory, not a Liftoff database", hint: "name a file: --db sqlite:\(path)/liftoff.db")
        }
        if !exists, !create {
            throw StoreError(.missing, "no Liftoff database at '\(path)'",
                             hint: "create a launch first (liftoff launch create …), or point --db sqlite:PATH / LIFTOFF_DB at the right file")
        }
        if exists, let handle = FileHandle(forReadingAtPath: path) {
            let header = handle.readData(ofLength: 16)
            try? handle.close()
            if !header.isEmpty, header != Data("SQLite format 3\0".utf8) {
                throw StoreError(.notLiftoff, "'\(path)' is not a Liftoff database (not an SQLite file at all)",
                                 hint: "choose another path with --db sqlite:PATH; Liftoff leaves this file alone")
            }
        }

        // One thread per connection: a writer waiting on SQLite's lock never holds up another connection.
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: pool, on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            try? await pool.shutdownGracefully()
            let reason = (error as? SQLiteError)?.message ?? "\(error)"
            throw StoreError(.unwritable, "cannot open or create the database at '\(path)': \(reason)",
                             hint: "check that the directory exists and is writable, or choose another with --db sqlite:PATH")
        }
        let store = SQLiteEventStore(path: path, connection: connection, pool: pool, clock: clock)
        do {
            return (store, try await store.prepare(create: create))
        } catch {
            await store.close()
            throw error
        }
    }

    /// Recognises the file, then sets durability and brings the schema up to date.
    func prepare(create: Bool) async throws(StoreError) -> [Int] {
        // sqlite-nio installs a busy handler that spins forever; a timeout waits politely instead.
        try await exec("PRAGMA busy_timeout = 60000")
        let appID = try await rows("PRAGMA application_id").first?.column("application_id")?.integer ?? 0
        let tables = try await rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .compactMap { $0.column("name")?.string }
        if Int64(appID) != Self.applicationID {
            if appID != 0 || !tables.isEmpty {
                let shown = tables.prefix(5).joined(separator: ", ")
                throw StoreError(.notLiftoff, "'\(path)' is an SQLite database of another program (tables: \(shown.isEmpty ? "none" : shown)), not Liftoff's",
                                 hint: "choose another path with --db sqlite:PATH; Liftoff leaves this file alone")
            }
            guard create else {
                throw StoreError(.missing, "'\(path)' is an empty database, not yet a Liftoff one",
                                 hint: "create a launch first (liftoff launch create …)")
            }
        }
        _ = try await rows("PRAGMA journal_mode = WAL")
        try await exec("PRAGMA synchronous = FULL")
        try await exec("PRAGMA foreign_keys = ON")
        return try await migrate(tables: Set(tables))
    }

    func migrate(tables: Set<String>) async throws(StoreError) -> [Int] {
        let known = sql.migrations.map(\.version).max() ?? 0
        if tables.contains("schema_migrations") {
            let applied = try await rows(sql.appliedVersions).compactMap { $0.column("version")?.integer }.map { Int($0) }
            if let newest = applied.max(), newest > known {
                throw StoreError(.newerSchema, "'\(path)' has schema version \(newest); this Liftoff knows up to \(known)", hint: "upgrade liftoff")
            }
            if applied.max() == known { return [] }
        }
        let sql = self.sql
        let now = CanonicalTime.string(clock())
        return try await transaction { () throws(StoreError) -> [Int] in
            try await exec(sql.createMigrationsTable)
            let applied = Set(try await rows(sql.appliedVersions).compactMap { $0.column("version")?.integer }.map { Int($0) })
            var newly: [Int] = []
            for migration in sql.migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await exec(statement)
                }
                try await exec(sql.recordMigration, [.integer(SQLiteInt64(migration.version)), .text(migration.name), .text(now)])
                newly.append(migration.version)
            }
            try await exec("PRAGMA application_id = \(Self.applicationID)")
            return newly
        }
    }
}
