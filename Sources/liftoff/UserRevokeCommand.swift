import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffStore

extension UserCommand {
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a participant for good: their token and browser sessions stop working at once, on every server.",
            discussion: """
            The name stays taken (launches know participants by name), so nobody else can inherit its rights.

              liftoff user revoke ada
              liftoff user revoke 7
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The participant's name or id (liftoff user list).")
        var user: String

        func run() async throws {
            let account = try await database.withStore { store in
                let account = try await UserCommand.account(user, in: store)
                guard account.revokedAt == nil else { throw CLIError.input("\(account.name) (id \(account.id)) is revoked already") }
                let revoked = try await CLIError.mapping { () throws(StoreError) in try await store.revokeUser(account.id) }
                guard revoked else { throw CLIError.input("\(account.name) (id \(account.id)) is revoked already") }
                return account
            }
            Terminal.note("revoked \(account.name) (id \(account.id)); their token and sessions no longer work")
        }
    }
}
