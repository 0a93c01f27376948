import ArgumentParser
import LiftoffKit

extension PublicNotice.Phase: ExpressibleByArgument {}
extension PublicNotice.Impact: ExpressibleByArgument {}

extension StatusCommand {
    /// `liftoff status publish`: the public status page and public channels (docs/status-page.md).
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish an update for customers: the maintenance (scheduled, in_progress, verifying, completed) or an incident (investigating, identified, monitoring, resolved).",
            discussion: "Without --incident an incident state opens a new incident (it needs --title). It goes to the public status page and the channels with `audience: public`.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The launch: its number or name.") var launch: String
        @Argument(help: "The new state: scheduled, in_progress, verifying, completed, investigating, identified, monitoring or resolved.") var phase: PublicNotice.Phase
        @Argument(help: "The message for customers.") var message: String
        @Option(help: "The headline (default: the maintenance's or the incident's).") var title: String?
        @Option(help: "The incident to update (its number); none opens a new one.") var incident: Int?
        @Option(help: "An incident's impact: none, minor, major or critical.") var impact: PublicNotice.Impact?
        @Option(name: .customLong("component"), help: "NAME=STATUS (operational, degraded_performance, partial_outage, major_outage, under_maintenance); repeat for more.")
        var components: [String] = []

        func run() async throws {
            var changes: [String: PublicNotice.ComponentStatus] = [:]
            for pair in components {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let status = PublicNotice.ComponentStatus(rawValue: parts[1]) else {
                    throw ValidationError("--component takes NAME=STATUS with STATUS one of \(PublicNotice.ComponentStatus.allCases.map(\.rawValue).joined(separator: ", ")), not '\(pair)'")
                }
                changes[parts[0]] = status
            }
            let notice = PublicNotice(phase: phase, title: title ?? "", incident: incident,
                                      impact: impact ?? (phase.kind == .incident ? .minor : .none), components: changes)
            try await LaunchAction.perform(database, launch: launch) { _ in .publish(notice, message: message, impactGiven: impact != nil) }
        }
    }
}
