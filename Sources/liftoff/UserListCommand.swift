import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffStore

extension UserCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List participants: id, name, roles, launch, admin, created, expiry, revocation, Slack user (never tokens).",
            discussion: "  liftoff user list\n  liftoff user list --format json"
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "text or json.")
        var format: String = "text"

        func run() async throws {
            guard ["text", "json"].contains(format) else { throw CLIError.input("--format is text or json") }
            let accounts = try await database.withStore { store in
                try await CLIError.mapping { () throws(StoreError) in try await store.accounts() }
            }
            let now = Date()
            if format == "json" {
                let rows = accounts.map { a in
                    JSONValue.object([
                        "id": .int(a.id), "name": .string(a.name), "roles": .array(a.roles.map(JSONValue.string)), "admin": .bool(a.admin),
                        "launch": a.launch.map(JSONValue.int) ?? .null, "createdAt": .string(CanonicalTime.string(a.createdAt)),
                        "expiresAt": a.expiresAt.map { .string(CanonicalTime.string($0)) } ?? .null,
                        "revokedAt": a.revokedAt.map { .string(CanonicalTime.string($0)) } ?? .null,
                        "state": .string(a.standing(at: now)),
                        "slack": a.slackID.map(JSONValue.string) ?? .null,
                    ])
                }
                print(CanonicalJSON.string(.array(rows)))
                return
            }
            print("ID    NAME                 ROLES                    LAUNCH  ADMIN  CREATED                   EXPIRES                   STATE")
            for a in accounts {
                let roles = a.roles.isEmpty ? "(viewer)" : a.roles.joined(separator: ", ")
                let expires = a.expiresAt.map(CanonicalTime.string) ?? "never"
                let state = a.revokedAt.map { "revoked " + CanonicalTime.string($0) } ?? a.standing(at: now)
                print("\(String(a.id).padded(5)) \(a.name.padded(20)) \(roles.padded(24)) \((a.launch.map(String.init) ?? "any").padded(7)) "
                      + "\((a.admin ? "yes" : "no").padded(6)) \(CanonicalTime.string(a.createdAt).padded(25)) \(expires.padded(25)) \(state)"
                      + (a.slackID.map { "  slack \($0)" } ?? ""))
            }
        }
    }

    /// The account named by `NAME` or `ID` (a name wins over an id, being unique).
    static func account(_ reference: String, in store: any EventStore) async throws -> UserAccount {
        let accounts = try await CLIError.mapping { () throws(StoreError) in try await store.accounts() }
        if let byName = accounts.first(where: { $0.name == reference }) { return byName }
        if let id = Int64(reference), let byID = accounts.first(where: { $0.id == id }) { return byID }
        throw CLIError.input("no user '\(reference)' in \(store.location); liftoff user list shows them")
    }
}
