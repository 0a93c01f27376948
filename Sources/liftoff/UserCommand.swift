import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffStore

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list, revoke participants and rotate their tokens.",
        discussion: """
        A participant is a user id behind a token; names are unique per database, so a name always
        carries one user's rights. Revoking or rotating ends that user's browser sessions at once.
        """,
        subcommands: [Add.self, List.self, Revoke.self, Rotate.self, Update.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a participant; prints their token once (only its SHA-256 is stored).",
            discussion: """
            Roles are per launch. With --launch the user joins that launch now with these roles and
            the token works for that launch only; without it, the user joins any launch with these
            roles on their first action there.

              export LIFTOFF_TOKEN=$(liftoff user add alice --role "Engineering Lead" --launch 1)
              liftoff user add ops --role viewer --expires 30d

            A name already taken (even by a revoked user) is refused: rotate that user's token instead.
            """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The participant's name (shown in the audit trail).")
        var name: String

        @Option(name: .customLong("role"), help: "A role, e.g. \"Engineering Lead\" or viewer (repeatable).")
        var roles: [String] = []

        @Flag(help: "May override gates, end launches and add participants.")
        var admin = false

        @Option(help: "Join this launch (number or name) now; the token is for it alone.")
        var launch: String?

        @Option(help: "The token stops working after this long, e.g. 30d or 12h (default: never).")
        var expires: String?

        @Option(help: "The Slack user id (U…) whose button presses act as this participant (docs/slack.md).")
        var slack: String?

        func run() async throws {
            let slack = try slack.map(SlackUserID.checked)
            let name = name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.hasPrefix("local:"), name != "system" else {
                throw CLIError.input("a user needs a name (not 'system' or local:…)")
            }
            let roles = roles.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let token = UserToken.generate()
            let expiresAt = try TokenExpiry.date(expires)
            try await database.withStore(create: launch == nil) { store in
                var launchID: Int64?
                if let launch { launchID = try await LaunchReference.resolve(launch, in: store) }
                let user = NewUser(name: name, tokenSHA256: UserToken.sha256(token), roles: roles, admin: admin, launch: launchID, expiresAt: expiresAt,
                                   slackID: slack)
                _ = try await CLIError.mapping { () throws(StoreError) in try await store.addUser(user) }
                if let launchID {
                    let by = try await database.actor(store, launch: launchID)?.name ?? DatabaseOptions.localActor
                    let draft = EventDraft(actor: by, ParticipantAdded(participant: name, roles: roles, admin: admin))
                    try await CLIError.mapping { () throws(StoreError) in try await Self.record(draft, on: launchID, in: store) }
                }
            }
            let until = (expiresAt.map { "; it expires \(CanonicalTime.string($0))" } ?? "") + (slack.map { "; Slack user \($0)" } ?? "")
            Terminal.note("added \(name)\(admin ? " (admin)" : "") with \(roles.isEmpty ? "no roles (viewer)" : roles.joined(separator: ", "))\(until); the token below is shown once")
            print(token)
        }

        /// Appends one event at the head of the log, retrying when another writer moves it.
        static func record(_ draft: EventDraft, on launch: Int64, in store: any EventStore) async throws(StoreError) {
            for _ in 0..<1000 {
                let head = try await store.read(launch, from: 1).last?.seq ?? 0
                do {
                    _ = try await store.append([draft], to: launch, expectedSeq: head)
                    return
                } catch where error.isConflict {
                    continue
                }
            }
            throw StoreError(.database, "gave up after 1000 conflicting writes to launch \(launch)")
        }
    }
}
