import ArgumentParser
import LiftoffKit

extension StatusLevel: ExpressibleByArgument {}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Post a status update to the launch's internal channels, or publish one for customers.",
        discussion: """
        The update is recorded first and delivered after (by `liftoff watch` or `liftoff serve`),
        to every channel in the launch's vars file (`notify:`), retried until it arrives.

          liftoff status post 1 yellow "Canary at 10%, p99 slightly up, watching"
          liftoff status publish 1 in_progress "Maintenance on the API has begun."
          liftoff status publish 1 investigating "Some requests fail" --title "Elevated errors" --component "API=partial_outage"
        """,
        subcommands: [Post.self, Publish.self]
    )

    struct Post: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Post a status update: green, yellow or red, and a message.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The launch: its number or name.") var launch: String
        @Argument(help: "green, yellow or red.") var status: StatusLevel
        @Argument(help: "What changed and what is next.") var message: String

        func run() async throws {
            try await LaunchAction.perform(database, launch: launch) { _ in .postStatus(status: status, message: message) }
        }
    }
}
