import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffStore

/// `--db` and `--token`, shared by every command that works on launches.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The database: sqlite:PATH (default: $LIFTOFF_DB, else sqlite:./liftoff.db).")
    var db: String?

    @Option(help: "Your participant token (default: $LIFTOFF_TOKEN).")
    var token: String?

    /// The SQLite path named by `--db` or `LIFTOFF_DB`.
    func path() throws(CLIError) -> String {
        let spec = db ?? ProcessInfo.processInfo.environment["LIFTOFF_DB"] ?? "sqlite:./liftoff.db"
        if spec.hasPrefix("sqlite:") {
            let path = String(spec.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw .input("--db sqlite: needs a path, e.g. --db sqlite:./liftoff.db") }
            return path
        }
        if spec.hasPrefix("postgres://") || spec.hasPrefix("postgresql://") {
            throw .input("PostgreSQL storage is not available yet; use --db sqlite:PATH")
        }
        guard !spec.contains("://") else { throw .input("cannot read --db '\(spec)'; write sqlite:PATH") }
        return spec
    }

    /// Opens the store, runs `body`, and closes the store whatever happens.
    func withStore<T>(create: Bool = false, _ body: (SQLiteEventStore) async throws -> T) async throws -> T {
        let store: SQLiteEventStore
        do {
            store = try await SQLiteEventStore.open(path: try path(), create: create)
        } catch let error as StoreError {
            throw CLIError.store(error)
        }
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// Who the CLI acts as: the participant whose token is given, else nobody.
    func actor(_ store: SQLiteEventStore, launch: Int64?) async throws -> LaunchActor? {
        guard let token = token ?? ProcessInfo.processInfo.environment["LIFTOFF_TOKEN"], !token.isEmpty else { return nil }
        guard let user = try await CLIError.mapping({ () throws(StoreError) in try await store.user(tokenSHA256: UserToken.sha256(token)) }) else {
            throw CLIError.input("the token in --token / LIFTOFF_TOKEN is not known to \(store.path)")
        }
        if let scoped = user.launch, let launch, scoped != launch {
            throw CLIError.input("\(user.name)'s token is for launch \(scoped), not launch \(launch)")
        }
        return user.actor
    }

    /// The acting participant, required for commands that change a launch.
    func requireActor(_ store: SQLiteEventStore, launch: Int64) async throws -> LaunchActor {
        guard let actor = try await actor(store, launch: launch) else {
            throw CLIError.input("this command needs a participant token: set LIFTOFF_TOKEN or pass --token (liftoff user add NAME --role ROLE prints one)")
        }
        return actor
    }

    /// The name recorded for commands that any local user may run (create, user add) without a token.
    static var localActor: String {
        "local:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown")
    }
}
