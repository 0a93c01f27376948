import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffStore

extension UserCommand {
    /// Maps a participant to a Slack user, or clears it, without touching their token.
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Map a participant to a Slack user (--slack U…) or clear it (--no-slack).",
            discussion: """
            The Slack user's button presses (GO / NO-GO, Confirm rollback, Hold) then act as this
            participant, with their roles (docs/slack.md). One Slack user maps to one active participant.
            The token stays as it is.

              liftoff user update lee --slack U0123ABCD
              liftoff user update lee --no-slack
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The participant's name or id (liftoff user list).")
        var user: String

        @Option(help: "The Slack user id (U… or W…, from the person's Slack profile: ⋮ → Copy member ID).")
        var slack: String?

        @Flag(help: "Remove the mapping to a Slack user.")
        var noSlack = false

        func run() async throws {
            guard (slack != nil) != noSlack else { throw CLIError.input("give one of --slack U… or --no-slack") }
            let slackID = try slack.map(SlackUserID.checked)
            let account = try await database.withStore { store in
                let account = try await UserCommand.account(user, in: store)
                guard account.revokedAt == nil else { throw CLIError.input("\(account.name) (id \(account.id)) is revoked") }
                let updated = try await CLIError.mapping { () throws(StoreError) in try await store.setSlackID(slackID, of: account.id) }
                guard updated else { throw CLIError.input("\(account.name) (id \(account.id)) was revoked meanwhile") }
                return account
            }
            Terminal.note(slackID.map { "\(account.name) (id \(account.id)) is Slack user \($0)" } ?? "\(account.name) (id \(account.id)) has no Slack user now")
        }
    }
}

/// A Slack user id as Slack shows it (`U0123ABCD`, `W…` on Enterprise Grid).
enum SlackUserID {
    static func checked(_ raw: String) throws(CLIError) -> String {
        let id = raw.trimmingCharacters(in: .whitespaces)
        guard id.count >= 3, id.count <= 32, let first = id.first, first == "U" || first == "W",
              id.allSatisfy({ ($0.isASCII && $0.isUppercase) || ($0.isASCII && $0.isNumber) }) else {
            throw CLIError.input("'\(raw)' is not a Slack user id; it looks like U0123ABCD (Slack profile: ⋮ → Copy member ID)")
        }
        return id
    }
}
