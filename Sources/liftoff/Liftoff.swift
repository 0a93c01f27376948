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
        subcommands: [
            InitCommand.self, LintCommand.self, PlanCommand.self, RenderCommand.self, CheckCommand.self,
            LaunchGroupCommand.self, StepCommand.self, GateCommand.self, NoteCommand.self, DefectCommand.self, CriterionCommand.self, RetroCommand.self,
            LogCommand.self, VerifyCommand.self, ReportCommand.self, UserCommand.self, DBCommand.self, StatusCommand.self, RollbackCommand.self, WatchCommand.self, ServeCommand.self, DemoCommand.self, SandboxCommand.self, AppendLoopCommand.self, DeliverCommand.self,
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
