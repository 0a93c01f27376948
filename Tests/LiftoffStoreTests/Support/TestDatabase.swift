import Foundation
import LiftoffKit
import LiftoffStore
import Logging
import PostgresNIO
import Testing

/// The two stores the contract suite runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A fresh, empty database of this kind for one test, dropped afterwards; nil (with a printed
    /// reason, or a failure in CI) when PostgreSQL is not configured.
    @discardableResult
    func withDatabase<T>(_ body: (TestDatabase) async throws -> T) async throws -> T? {
        switch self {
        case .sqlite:
            let dir = try TestEnvironment.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            return try await body(TestDatabase(location: .sqlite(path: dir.appendingPathComponent("l.db").path)))
        case .postgres:
            guard let admin = TestPostgres.adminURL else { return nil }
            let name = "liftoff_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
            try await TestPostgres.execute("CREATE DATABASE \(name)", on: admin)
            var url = admin
            url.database = name
            do {
                let result = try await body(TestDatabase(location: .postgres(url)))
                try await TestPostgres.execute("DROP DATABASE \(name) WITH (FORCE)", on: admin)
                return result
            } catch {
                _ = try? await TestPostgres.execute("DROP DATABASE \(name) WITH (FORCE)", on: admin)
                throw error
            }
        }
    }
}

/// One empty database; every `withStore` is another handle on it (as another process would have).
struct TestDatabase: Sendable {
    var location: StoreLocation

    func withStore<T>(create: Bool = true, _ body: (any EventStore) async throws -> T) async throws -> T {
        try await location.withStore(create: create, body)
    }

    /// A store holding one launch of the sample runbook.
    func withLaunch<T>(_ body: (any EventStore, Int64) async throws -> T) async throws -> T {
        try await withStore { store in
            let first = try await store.createLaunch(name: "checkout-v2", created: TestEnvironment.createdDraft())
            return try await body(store, first.launch)
        }
    }
}

/// The server named by LIFTOFF_TEST_POSTGRES_URL (`.ci/postgres start DIR` prints one).
enum TestPostgres {
    static var adminURL: PostgresURL? {
        guard let text = ProcessInfo.processInfo.environment["LIFTOFF_TEST_POSTGRES_URL"], !text.isEmpty else {
            TestEnvironment.unavailable("a PostgreSQL server (set LIFTOFF_TEST_POSTGRES_URL, e.g. from .ci/postgres start DIR)")
            return nil
        }
        do {
            return try PostgresURL(text)
        } catch {
            Issue.record("LIFTOFF_TEST_POSTGRES_URL: \(error)")
            return nil
        }
    }

    static let logger = Logger(label: "liftoff.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    static func configuration(_ url: PostgresURL) -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.username, password: nil,
                                                             database: url.database, tls: .disable)
        configuration.options.additionalStartupParameters = [("application_name", "liftoff-tests")]
        return configuration
    }

    /// Runs SQL on a connection of its own; returns the first column of each row as text.
    @discardableResult
    static func execute(_ sql: String, on url: PostgresURL) async throws -> [String] {
        let connection = try await PostgresConnection.connect(configuration: configuration(url), id: 99, logger: logger)
        do {
            var values: [String] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                values.append((try? row.makeRandomAccess()[0].decode(String.self)) ?? "")
            }
            try await connection.close()
            return values
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
