import ArgumentParser
import Foundation

@main
struct Liftoff: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "liftoff",
        abstract: "Run go-live runbooks written in Markdown.",
        discussion: """
        Liftoff reads the runbooks teams already write: phases anchored on T-0, checklists,
        owners, go/no-go gates and rollback triggers, with no special markup.

          liftoff lint examples/acme-blue-green/runbook.md
          liftoff plan examples/go-live/runbook.md --at 2026-12-01T09:00 --tz Europe/Oslo
          liftoff render examples/go-live/runbook.md --vars examples/go-live/vars.yaml --format html

        Exit codes: 0 ok, 1 findings, 2 usage or input error, 3 infrastructure error.
        """,
        version: "\(version) (\(ReleaseStamp.description))",
        // Help lists commands by what a person is doing (the README has them all in one table).
        subcommands: [DeliverCommand.self],
        groupedSubcommands: [
            CommandGroup(name: "Plan a launch", subcommands: [
                InitCommand.self, LintCommand.self, PlanCommand.self, RenderCommand.self, CheckCommand.self,
            ]),
            CommandGroup(name: "Run a launch", subcommands: [
                LaunchGroupCommand.self, StepCommand.self, GateCommand.self, StatusCommand.self, RollbackCommand.self,
                NoteCommand.self, DefectCommand.self, CriterionCommand.self, RetroCommand.self,
            ]),
            CommandGroup(name: "Record and report", subcommands: [LogCommand.self, VerifyCommand.self, ReportCommand.self]),
            CommandGroup(name: "Serve and watch", subcommands: [ServeCommand.self, WatchCommand.self, DemoCommand.self, SandboxCommand.self]),
            CommandGroup(name: "Administer", subcommands: [UserCommand.self, DBCommand.self]),
        ]
    )

    /// Usage errors exit 2 (DESIGN §11), not ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            Terminal.error(error.message)
            Foundation.exit(error.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 1 {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
