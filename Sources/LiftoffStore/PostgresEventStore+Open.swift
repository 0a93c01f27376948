import Foundation
import LiftoffKit
import Logging
import NIOSSL
import PostgresNIO

extension PostgresEventStore {
    /// Opens the database at `url` for the duration of `body`: checks it is reachable and is (or
    /// may become) a Liftoff database, brings the schema up to date, then runs the pool and the
    /// LISTEN connection in a task group that ends when `body` returns or throws.
    public static func withStore<T>(_ url: PostgresURL, create: Bool, clock: @escaping @Sendable () -> Date = { Date() },
                                    appendLocking: AppendLocking = .optimistic,
                                    _ body: (PostgresEventStore) async throws -> T) async throws -> T {
        _ = try await withConnection(url) { (connection) throws(StoreError) in
            try await prepare(connection, at: url, create: create, clock: clock)
        }
        let client = PostgresClient(configuration: try clientConfiguration(url))
        let location = url.description
        let notifier = PostgresEventNotifier(client: client) { (launch, seq) throws(StoreError) in
            try await readEvents(launch, from: seq, client: client, at: location)
        }
        let store = PostgresEventStore(url: url, client: client, clock: clock, appendLocking: appendLocking, notifier: notifier)
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask { await client.run() }
            group.addTask { await notifier.run() }
            defer { group.cancelAll() }
            do {
                let result = try await body(store)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        }
    }

    /// Applies the migrations this Liftoff knows that the database lacks; returns the versions applied.
    @discardableResult
    public static func migrate(_ url: PostgresURL, clock: @escaping @Sendable () -> Date = { Date() }) async throws(StoreError) -> [Int] {
        try await withConnection(url) { (connection) throws(StoreError) in
            try await prepare(connection, at: url, create: true, clock: clock)
        }
    }

    /// A dedicated connection (not from a pool) for `body`, closed afterwards. Fails fast with a
    /// clear message when the server cannot be reached.
    static func withConnection<T>(_ url: PostgresURL, _ body: (PostgresConnection) async throws(StoreError) -> T) async throws(StoreError) -> T {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try connectionConfiguration(url), id: 0, logger: logger)
        } catch {
            throw storeError(error, at: url.description)
        }
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Recognises the database and migrates it (inside one transaction under an advisory lock, so
    /// two instances starting together apply each migration once).
    static func prepare(_ c: PostgresConnection, at url: PostgresURL, create: Bool, clock: @Sendable () -> Date) async throws(StoreError) -> [Int] {
        let location = url.description
        let sql = StoreSQL.postgres
        let known = sql.migrations.map(\.version).max() ?? 0
        let hasMigrations = try await rows(PostgresSQL.migrationsTableExists, on: c, at: location).first?.bool("present") ?? false
        if !hasMigrations {
            let tables = try await rows(PostgresSQL.liftoffTablesPresent, on: c, at: location).first?.int("n") ?? 0
            if tables > 0 {
                throw StoreError(.notLiftoff, "\(location) has tables named launches, events or users that are not Liftoff's",
                                 hint: "give Liftoff a database of its own (createdb liftoff)")
            }
            guard create else {
                throw StoreError(.missing, "\(location) has no Liftoff schema yet", hint: "liftoff db migrate --db \(location) creates it")
            }
        }
        func applied() async throws(StoreError) -> [Int] {
            try await rows(sql.appliedVersions, on: c, at: location).compactMap { $0.int("version") }
        }
        if hasMigrations {
            let versions = try await applied()
            if let newest = versions.max(), newest > known {
                throw StoreError(.newerSchema, "\(location) has schema version \(newest); this Liftoff knows up to \(known)", hint: "upgrade liftoff")
            }
            if versions.max() == known { return [] }
        }
        _ = try await rows(sql.begin, on: c, at: location)
        do throws(StoreError) {
            _ = try await rows(PostgresSQL.migrationLock, on: c, at: location)
            _ = try await rows(sql.createMigrationsTable, on: c, at: location)
            let done = Set(try await applied())
            var now: [Int] = []
            for migration in sql.migrations where !done.contains(migration.version) {
                for statement in migration.statements {
                    _ = try await rows(statement, on: c, at: location)
                }
                _ = try await rows(sql.recordMigration, [.number(migration.version), .text(migration.name), .text(CanonicalTime.string(clock()))], on: c, at: location)
                now.append(migration.version)
            }
            _ = try await rows(sql.commit, on: c, at: location)
            return now
        } catch {
            _ = try? await rows(sql.rollback, on: c, at: location)
            throw error
        }
    }

    // MARK: Configuration

    static func tls(_ mode: PostgresURL.SSLMode) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if mode != .verifyFull { tls.certificateVerification = .none }
        return tls
    }

    static func clientConfiguration(_ url: PostgresURL) throws(StoreError) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch url.sslMode {
        case .disable: .disable
        case .prefer: .prefer(Self.tls(.prefer))
        case .require, .verifyFull: .require(Self.tls(url.sslMode))
        }
        var configuration = PostgresClient.Configuration(host: url.host, port: url.port, username: url.username, password: url.password,
                                                         database: url.database, tls: tls)
        configuration.options.additionalStartupParameters = [("application_name", "liftoff")]
        return configuration
    }

    static func connectionConfiguration(_ url: PostgresURL) throws(StoreError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            tls = switch url.sslMode {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: Self.tls(.prefer)))
            case .require, .verifyFull: .require(try NIOSSLContext(configuration: Self.tls(url.sslMode)))
            }
        } catch {
            throw StoreError(.database, "cannot set up TLS for \(url.description): \(error)")
        }
        var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.username, password: url.password,
                                                             database: url.database, tls: tls)
        configuration.options.additionalStartupParameters = [("application_name", "liftoff")]
        return configuration
    }
}

extension PostgresRandomAccessRow {
    func int(_ column: String) -> Int? {
        guard contains(column) else { return nil }
        return (try? self[column].decode(Int64.self)).map { Int($0) }
    }

    func int64(_ column: String) -> Int64? {
        guard contains(column) else { return nil }
        return try? self[column].decode(Int64.self)
    }

    func string(_ column: String) -> String? {
        guard contains(column) else { return nil }
        return try? self[column].decode(String.self)
    }

    func bool(_ column: String) -> Bool? {
        guard contains(column) else { return nil }
        return try? self[column].decode(Bool.self)
    }
}
