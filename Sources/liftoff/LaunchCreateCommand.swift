import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffApplication
import LiftoffStore

struct LaunchCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a launch from a runbook: stores its text and hash, T-0, zone, variables and mode.",
        discussion: """
        Secrets in the vars file stay `env:NAME` references; their values are never stored.
        Prints the new launch's number on standard output.

          liftoff launch create runbook.md --at 2026-12-01T09:00 --tz Europe/Oslo --vars vars.yaml --name checkout-v2
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The runbook (Markdown).")
    var file: String

    @OptionGroup var time: LaunchTimeOptions

    @Option(help: "Variables file (YAML).")
    var vars: String?

    @Option(help: "A unique name for the launch.")
    var name: String

    @Option(help: "rehearsal or live.")
    var mode: LaunchMode = .rehearsal

    @Option(help: "Link this launch to another (its number or name) as a rehearsal of the same change, whatever the runbook's path or title.")
    var rehearsalOf: String?

    func run() async throws {
        let text = try InputFiles.readText(file)
        let variables = try InputFiles.vars(vars)
        let newLaunch: NewLaunch
        do {
            newLaunch = try NewLaunch(name: name, runbookFile: file, runbookSource: text, at: time.at, timeZone: time.tz,
                                   mode: mode, variables: variables)
        } catch {
            throw CLIError.input(error.description)
        }
        var launch = newLaunch
        let (event, state) = try await database.withStore(create: true) { store in
            if let rehearsalOf { launch.created.rehearsalOf = try await LaunchReference.resolve(rehearsalOf, in: store) }
            let who = try await database.actor(store, launch: nil)?.name ?? DatabaseOptions.localActor
            return try await CLIError.mapping { () throws(LaunchService.Failure) in
                try await LaunchService(store: store).create(launch, by: who)
            }
        }
        let created = launch.created
        Terminal.note("created launch \(event.launch) '\(launch.name)' (\(mode.rawValue)): \(state.runbook.steps.count) steps, \(state.runbook.gates.count) gates, T-0 \(Schedule.iso8601(created.t0, timeZone: state.timeZone)); runbook sha256 \(created.runbookSHA256.prefix(12))…")
        print(event.launch)
    }
}

extension LaunchMode: ExpressibleByArgument {}
extension LaunchOutcome: ExpressibleByArgument {}
extension DefectSeverity: ExpressibleByArgument {}
