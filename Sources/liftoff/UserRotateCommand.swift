import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffStore

extension UserCommand {
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Print a new token for a participant; the old one and their browser sessions stop working at once.",
            discussion: """
            The user keeps their id, name, roles and launch. Without --expires the expiry stays as it was
            (an expired user needs --expires, or gets a token that is expired already).

              export LIFTOFF_TOKEN=$(liftoff user rotate ada)
              liftoff user rotate ops --expires 30d
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The participant's name or id (liftoff user list).")
        var user: String

        @Option(help: "The new token stops working after this long, e.g. 30d (default: the old expiry).")
        var expires: String?

        @Flag(help: "Make the new token never expire.")
        var noExpiry = false

        func run() async throws {
            let token = UserToken.generate()
            let newExpiry = try TokenExpiry.date(expires)
            if noExpiry, newExpiry != nil { throw CLIError.input("--expires and --no-expiry exclude each other") }
            let account = try await database.withStore { store in
                let account = try await UserCommand.account(user, in: store)
                guard account.revokedAt == nil else {
                    throw CLIError.input("\(account.name) (id \(account.id)) is revoked; revocation is final (add the person under another name)")
                }
                let expiry = noExpiry ? nil : newExpiry ?? account.expiresAt
                let rotated = try await CLIError.mapping { () throws(StoreError) in
                    try await store.rotateToken(of: account.id, tokenSHA256: UserToken.sha256(token), expiresAt: expiry)
                }
                guard rotated else { throw CLIError.input("\(account.name) (id \(account.id)) was revoked meanwhile") }
                return account
            }
            Terminal.note("new token for \(account.name) (id \(account.id)); the old token and their sessions no longer work; the token below is shown once")
            print(token)
        }
    }
}
