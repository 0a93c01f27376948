import ArgumentParser
import LiftoffKit

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif
}

struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a runbook: placeholders, owners, times, gates and triggers.",
        discussion: """
        Reads the runbook as written and reports what a launch would trip over, each finding
        with file:line:col, a code and a hint.

          liftoff lint runbook.md
          liftoff lint runbook.md --vars vars.yaml --format sarif --output lint.sarif

        Exit 0 when there are no errors (warnings and notes are fine), 1 when there are,
        2 when the input cannot be used.
        """
    )

    @Argument(help: "The runbook (Markdown).")
    var file: String

    @Option(help: "Variables file (YAML). Missing variables become errors.")
    var vars: String?

    @Option(help: "text, json or sarif.")
    var format: ReportFormat = .text

    @Option(help: "Write the json/sarif report to this file instead of standard output.")
    var output: String?

    func run() async throws {
        let text = try InputFiles.readText(file)
        let variables = try InputFiles.vars(vars)
        let runbook = RunbookExtractor.extract(text, file: file)
        let diagnostics = Linter.lint(runbook, vars: variables, source: text)

        switch format {
        case .text:
            var out = ""
            for d in diagnostics {
                out += Terminal.paint(d.rendered(file: file), d.severity.rawValue) + "\n"
            }
            try InputFiles.write(out, to: output)
            Terminal.note(TextReport.summary(runbook, diagnostics: diagnostics))
        case .json:
            let shown = variables.map { runbook.substituting($0) } ?? runbook
            try InputFiles.write(LintReport(runbook: shown, diagnostics: diagnostics, vars: variables).json(), to: output)
        case .sarif:
            try InputFiles.write(SARIFReport.make(file: file, diagnostics: diagnostics, toolVersion: Liftoff.version), to: output)
        }
        if diagnostics.contains(where: { $0.severity == .error }) {
            throw CLIError.findings
        }
    }
}
