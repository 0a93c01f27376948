import ArgumentParser
import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffStore

/// `--db` and `--token`, shared by every command that works on launches.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The database: sqlite:PATH or postgres://user@host:port/db?sslmode=disable|require (default: $LIFTOFF_DB, else sqlite:./liftoff.db).")
    var db: String?

    @Option(help: "Your participant token (default: $LIFTOFF_TOKEN).")
    var token: String?

    /// The store named by `--db` or `LIFTOFF_DB`.
    func location() throws(CLIError) -> StoreLocation {
        try Self.location(db ?? ProcessInfo.processInfo.environment["LIFTOFF_DB"] ?? StoreLocation.defaultSpec)
    }

    static func location(_ spec: String) throws(CLIError) -> StoreLocation {
        do {
            return try StoreLocation(spec: spec)
        } catch {
            throw .input(error.description)
        }
    }

    /// Opens the store, runs `body`, and closes the store whatever happens.
    func withStore<T>(create: Bool = false, _ body: (any EventStore) async throws -> T) async throws -> T {
        try await Self.withStore(try location(), create: create, body)
    }

    static func withStore<T>(_ location: StoreLocation, create: Bool = false, _ body: (any EventStore) async throws -> T) async throws -> T {
        do {
            return try await location.withStore(create: create, body)
        } catch let error as StoreError {
            throw CLIError.store(error)
        }
    }

    /// Who the CLI acts as: the participant whose token is given, else nobody.
    func actor(_ store: any EventStore, launch: Int64?) async throws -> LaunchActor? {
        guard let token = token ?? ProcessInfo.processInfo.environment["LIFTOFF_TOKEN"], !token.isEmpty else { return nil }
        guard let user = try await CLIError.mapping({ () throws(StoreError) in try await store.user(tokenSHA256: UserToken.sha256(token)) }) else {
            throw CLIError.input("the token in --token / LIFTOFF_TOKEN is not known to \(store.location), or was revoked, rotated or has expired (liftoff user list)")
        }
        if let launch {
            do throws(LaunchAccess.Denial) {
                try LaunchAccess.check(user, near: launch)
            } catch {
                throw CLIError.input(error.description)
            }
        }
        return user.actor
    }

    /// The acting participant, required for commands that change a launch.
    func requireActor(_ store: any EventStore, launch: Int64) async throws -> LaunchActor {
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
