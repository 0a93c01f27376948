import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffRender

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, html
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
          liftoff lint runbook.md --explain                 # the runbook with what was read, line by line
          liftoff lint runbook.md --explain --format html --output explain.html

        Exit 0 when there are no errors (warnings and notes are fine), 1 when there are,
        2 when the input cannot be used.
        """
    )

    @Argument(help: "The runbook (Markdown).")
    var file: String

    @Option(help: "Variables file (YAML). Missing variables become errors.")
    var vars: String?

    @Option(help: "text, json or sarif; with --explain, text or html.")
    var format: ReportFormat = .text

    @Option(help: "Write the json/sarif report (or the explanation) to this file instead of standard output.")
    var output: String?

    @Flag(help: "Print the runbook with what Liftoff read from each line beside it, and the annotation that fixes a misread line.")
    var explain = false

    @Option(help: "With --explain --format text: columns of source shown before the margin.")
    var width: Int = 60

    func validate() throws {
        if explain, format == .json || format == .sarif {
            throw ValidationError("--explain prints text or html, not \(format.rawValue)")
        }
        if !explain, format == .html {
            throw ValidationError("--format html needs --explain (the HTML page of the runbook itself is `liftoff render --format html`)")
        }
        if width < 12 || width > 1000 {
            throw ValidationError("--width must be between 12 and 1000")
        }
    }

    func run() async throws {
        let text = try InputFiles.readText(file)
        let variables = try InputFiles.vars(vars)
        let runbook = RunbookExtractor.extract(text, file: file)
        let diagnostics = Linter.lint(runbook, vars: variables, source: text)
        // A channel must say who reads it (docs/status-page.md); these sit in the vars file.
        let audience = variables?.audienceFindings ?? []
        for finding in audience { Terminal.note(Terminal.paint(finding.description, "error")) }

        if explain {
            let explanation = Explanation.make(runbook, source: text, diagnostics: diagnostics, vars: variables)
            if format == .html {
                try InputFiles.write(ExplanationHTML.page(explanation), to: output)
            } else {
                // Colour only when the explanation goes to a terminal.
                let colour = output == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
                try InputFiles.write(ExplanationText.render(explanation, sourceWidth: width, colour: colour), to: output)
            }
            Terminal.note(explanation.summary)
            if diagnostics.contains(where: { $0.severity == .error }) || !audience.isEmpty { throw CLIError.findings }
            return
        }

        switch format {
        case .html:
            break
        case .text:
            var out = ""
            for d in diagnostics {
                out += Terminal.paint(d.rendered(file: file), d.severity.rawValue) + "\n"
            }
            try InputFiles.write(out, to: output)
            Terminal.note(TextReport.summary(runbook, diagnostics: diagnostics))
        case .json:
            let shown = variables.map { runbook.substituting($0) } ?? runbook
            let report = LintReport(runbook: shown, diagnostics: diagnostics, vars: variables)
            try InputFiles.stream(to: output) { write in report.writeJSON(to: write) }
        case .sarif:
            try InputFiles.write(SARIFReport.make(file: file, diagnostics: diagnostics, toolVersion: Liftoff.version), to: output)
        }
        if diagnostics.contains(where: { $0.severity == .error }) || !audience.isEmpty {
            throw CLIError.findings
        }
    }
}
