import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffRender

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Lay a runbook's phases and steps on the calendar for a launch time.",
        discussion: """
        Every phase and timed step at its absolute window, sorted, with owners. Days are
        calendar days in the launch time zone (DST-correct); hours and minutes are exact.

          liftoff plan runbook.md --at 2026-12-01T09:00 --tz Europe/Oslo
          liftoff plan runbook.md --at 2026-12-01T09:00 --tz Europe/Oslo --ics launch.ics
        """
    )

    @Argument(help: "The runbook (Markdown).")
    var file: String

    @OptionGroup var time: LaunchTimeOptions

    @Option(help: "Variables file (YAML) to fill owners and titles.")
    var vars: String?

    @Option(help: "text or json.")
    var format: PlanFormat = .text

    @Option(help: "Also write an iCalendar file (RFC 5545) with one event per phase, gate or timed step.")
    var ics: String?

    @Option(help: "Write the plan to this file instead of standard output.")
    var output: String?

    func run() async throws {
        let (t0, zone) = try time.resolve()
        let text = try InputFiles.readText(file)
        let variables = try InputFiles.vars(vars)
        // Wall-clock times in a runbook that states no launch time are placed against --at.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let local = calendar.dateComponents([.hour, .minute], from: t0)
        let launchMinute = (local.hour ?? 0) * 60 + (local.minute ?? 0)
        var runbook = RunbookExtractor.extract(text, file: file, launchMinute: launchMinute)
        if let variables { runbook = runbook.substituting(variables) }
        let plan = Plan(runbook: runbook, t0: t0, timeZone: zone)
        // A launch inside a freeze window is an error (exit 1), reported after the plan is written.
        let frozen = FreezeWindows.conflicts(runbook, vars: variables, t0: t0, timeZone: zone)

        switch format {
        case .text:
            try InputFiles.write(plan.text(), to: output)
        case .json:
            var report = LintReport(runbook: runbook, diagnostics: Linter.lint(runbook, vars: variables) + frozen, vars: variables)
            report.schedule(runbook: runbook, t0: t0, timeZone: zone)
            try InputFiles.write(report.json(), to: output)
        }
        if let ics {
            let calendar = ICSCalendar.make(plan, stamp: Date())
            do {
                try Data(calendar.utf8).write(to: URL(fileURLWithPath: ics))
            } catch {
                throw CLIError.input("cannot write '\(ics)': \(error.localizedDescription)")
            }
            Terminal.note("wrote \(ics) (\(plan.entries.count) events)")
        }
        for diagnostic in frozen { Terminal.note(diagnostic.rendered(file: file)) }
        if !frozen.isEmpty { throw CLIError.findings }
    }
}
