import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffProbes
import LiftoffRender

enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, junit
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a runbook's automated checks: http, tls, dns, tcp, command and prometheus.",
        discussion: """
        Runs every `<!-- liftoff: check … -->` annotation, every `checks:` entry of a liftoff
        block or the front matter, and every shell command followed by `# Expected: X`, each
        with its own timeout and at most --concurrency at a time. Failures show what was
        observed beside what was expected. Secrets (env:NAME variables) are read from the
        environment when a check runs and shown as ****.

          liftoff check examples/checks/runbook.md --vars examples/checks/vars.yaml
          liftoff check runbook.md --vars vars.yaml --only smoke-tests --format junit --output checks.xml
          liftoff check runbook.md --vars vars.yaml --dry-run

        Exit 0 when every check passes, 1 when any fails, errors or has no data, 2 when the
        input cannot be used.
        """
    )

    @Argument(help: "The runbook (Markdown).")
    var file: String

    @Option(help: "Variables file (YAML): {{NAME}} values, env:NAME secrets, prometheus URL.")
    var vars: String?

    @Option(help: "Only the checks of this section (id or title, with its subsections) or step (id).")
    var only: String?

    @Option(help: "text, json or junit.")
    var format: CheckFormat = .text

    @Option(help: "How many checks run at once.")
    var concurrency: Int = 32

    @Option(help: "Time limit for checks without their own, e.g. 10s or 500ms.")
    var timeout: String = "10s"

    @Option(help: "Prometheus base URL (overrides `prometheus:` in the vars file).")
    var prometheus: String?

    @Flag(help: "Print what would run, run nothing.")
    var dryRun = false

    @Flag(help: "Leave out command checks (shell commands from the runbook).")
    var skipCommands = false

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard Self.seconds(timeout) != nil else { throw ValidationError("cannot read --timeout '\(timeout)'; write e.g. 10s, 500ms or 1m") }
    }

    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            if let v = Double(text.dropLast(unit.count)), v > 0 { return v * factor }
        }
        return Double(text).flatMap { $0 > 0 ? $0 : nil }
    }

    func run() async throws {
        let defaultTimeout = Self.seconds(timeout) ?? 10
        let text = try InputFiles.readText(file)
        let variables = try InputFiles.vars(vars)
        let runbook = RunbookExtractor.extract(text, file: file)
        var found = runbook.checks(vars: variables ?? LaunchVariables(), source: text)
        guard found.errors.isEmpty else {
            throw CLIError.input(found.errors.map(\.description).joined(separator: "\n") + "\n\(found.errors.count) check\(found.errors.count == 1 ? "" : "s") cannot be read")
        }
        if let only {
            found = found.only(only, in: runbook)
            guard !found.checks.isEmpty else {
                throw CLIError.input("no checks in section or step '\(only)'; sections: \(runbook.sections.map(\.id).prefix(12).joined(separator: ", "))")
            }
        }
        var checks = found.checks
        if skipCommands { checks.removeAll { $0.kind == .command } }
        if dryRun {
            try InputFiles.write(CheckReport.plan(checks, runbook: runbook, defaultTimeout: defaultTimeout), to: output)
            return
        }
        if checks.isEmpty {
            Terminal.note("no checks in \(file); annotate a step with <!-- liftoff: check http GET https://… expect status == 200 -->")
            return
        }
        let runner = CheckRunner(concurrency: concurrency, defaultTimeout: defaultTimeout, environment: ProcessInfo.processInfo.environment, prometheusURL: prometheus ?? variables?.prometheus, passEnvironment: variables?.passEnvironment ?? [])
        let progress = CheckProgress(total: checks.count)
        let clock = ContinuousClock()
        let started = clock.now
        let results = await runner.run(checks) { result, done, total in progress.update(result, done: done, total: total) }
        progress.finish()
        let wall = clock.now - started
        let report = CheckReport(file: file, results: results, runbook: runbook)
        switch format {
        case .text: try InputFiles.write(report.table(), to: output)
        case .json: try InputFiles.write(report.json(), to: output)
        case .junit: try InputFiles.write(report.junit(timestamp: Date()), to: output)
        }
        let (s, atto) = wall.components
        Terminal.note(report.summary(wall: Double(s) + Double(atto) / 1e18))
        if !report.passed { throw CLIError.findings }
    }
}
