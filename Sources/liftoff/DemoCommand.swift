import ArgumentParser
import Foundation
import LiftoffDemo
import LiftoffKit
import LiftoffSandbox
import Logging

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A whole rehearsal launch against a local sandbox, in compressed time, with its war room.",
        discussion: """
        Runs the Acme blue-green runbook (examples/acme-blue-green) as a rehearsal launch on a fresh
        SQLite file against a built-in sandbox on 127.0.0.1: checks, a go/no-go vote, traffic
        shifted 10% → 50%, an error spike on green that fires the rollback trigger, the rollback,
        the report and the verified hash chain. Open the war-room address it prints while it runs.
        Without --exit the war room stays up until Ctrl-C.

          swift run liftoff demo
          liftoff demo --speed 60 --exit
          liftoff demo --runbook examples/go-live/runbook.md
        """
    )

    @Option(help: "War-room port (0: any free port; default 8080, or any free port when 8080 is taken).")
    var port: Int?

    @Option(help: "The SQLite file for the launch (must not exist yet); default: a new temporary directory.")
    var db: String?

    @Option(help: "How many times faster than the wall clock the launch runs.")
    var speed: Double = 20

    @Flag(help: "Stop when the launch has ended and the report is written (exit 0 when it rolled back and verified).")
    var exit = false

    @Option(help: "The runbook to launch (default: examples/acme-blue-green/runbook.md).")
    var runbook: String?

    @Option(help: "Its variables file (default: vars.yaml beside the runbook).")
    var vars: String?

    @Flag(help: "Start a real Prometheus (the prometheus binary) scraping the sandbox, instead of the sandbox answering queries itself.")
    var prometheus = false

    @Option(help: "With --exit: give up (exit 1) after this many wall-clock seconds.")
    var timeout: Double = 600

    func run() async throws {
        if let port, !(0...65535).contains(port) { throw CLIError.input("--port must be between 0 and 65535") }
        let port = port ?? (LocalPorts.isFree(8080) ? 8080 : 0)
        guard speed >= 1, speed <= 600 else { throw CLIError.input("--speed must be between 1 and 600") }
        let runbookPath = try runbook ?? Self.locate("examples/acme-blue-green/runbook.md")
        let varsPath = vars ?? Self.sibling(runbookPath, "vars.yaml")
        let source = try InputFiles.readText(runbookPath)
        let variables = try InputFiles.vars(varsPath) ?? LaunchVariables()
        let directory: URL
        let dbPath: String
        if let db {
            let path = db.hasPrefix("sqlite:") ? String(db.dropFirst(7)) : db
            guard !FileManager.default.fileExists(atPath: path) else {
                throw CLIError.input("\(path) already exists; the demo starts from a fresh file (remove it or choose another --db)")
            }
            dbPath = path
            directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("liftoff-demo-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))")
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw CLIError(message: "cannot create \(directory.path): \(error.localizedDescription)", code: 3)
            }
            dbPath = directory.appendingPathComponent("demo.db").path
        }
        Self.putSelfOnPath()

        var settings = DemoDirector.Settings(runbookFile: runbookPath, runbookSource: source, variables: variables)
        settings.exitWhenDone = exit
        settings.name = URL(fileURLWithPath: runbookPath).deletingLastPathComponent().lastPathComponent + "-demo"
        let prometheusProcess = DemoPrometheus(directory: directory)
        if prometheus {
            guard let binary = DemoPrometheus.binary() else {
                throw CLIError.input("--prometheus needs the prometheus binary on PATH (Debian: apt install prometheus)")
            }
            settings.startPrometheus = { urls in try await prometheusProcess.start(binary, scraping: [urls.blue, urls.green]) }
        }
        let reportDirectory = directory
        let output = DemoDirector.Output(line: { Terminal.note($0) }, finished: { launch, events, now, signals in
            await DemoReportFiles.write(launch: launch, events: events, into: reportDirectory, now: now, signals: signals)
        })
        var options = Demo.Options(databasePath: dbPath)
        options.port = port
        options.speed = speed
        options.version = Liftoff.version

        Terminal.note("Liftoff demo — a rehearsal launch of \(runbookPath) against a local sandbox")
        if let plan = try? Self.planLines(source: source, file: runbookPath, variables: variables) { Terminal.note(plan) }
        let outcome: DemoResult.Outcome?
        let (demoOptions, demoSettings, stopWhenDone) = (options, settings, exit)
        do {
            outcome = try await withThrowingTaskGroup(of: DemoResult.Outcome?.self) { group in
                group.addTask { try await Demo.run(demoOptions, settings: demoSettings, output: output) }
                if stopWhenDone {
                    let limit = timeout
                    group.addTask {
                        try await Task.sleep(for: .seconds(limit))
                        throw CLIError(message: "the demo did not finish within \(Int(limit)) s", code: 1)
                    }
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
        } catch let error as CLIError {
            prometheusProcess.stop()
            throw error
        } catch {
            prometheusProcess.stop()
            throw CLIError(message: "the demo stopped: \(error)", code: 3)
        }
        prometheusProcess.stop()
        Terminal.note("")
        Terminal.note("The launch record: sqlite:\(dbPath)  (try: liftoff log 1 --db sqlite:\(dbPath))")
        guard exit else { return }
        guard let outcome, outcome.ended == .rolledBack, outcome.verified else {
            throw CLIError(message: "the demo did not end as rehearsed (outcome: \(outcome?.ended?.rawValue ?? "none"))", code: 1)
        }
    }

    /// The plan, printed first: the phases, steps, gates and triggers Liftoff read.
    static func planLines(source: String, file: String, variables: LaunchVariables) throws -> String {
        let runbook = RunbookExtractor.extract(source, file: file)
        let triggers = runbook.triggers(vars: variables)
        var lines = ["Read \(file): \"\(runbook.title ?? file)\" — \(runbook.sections.count) sections, \(runbook.steps.count) steps, \(runbook.gates.count) gate(s), \(triggers.count) bound trigger(s)"]
        for gate in runbook.gates {
            let roles = gate.roles.map { PlaceholderScanner.fill($0, variables) }
            lines.append("  gate   \(PlaceholderScanner.fill(gate.title, variables)): needs \(roles.joined(separator: ", "))")
        }
        for rule in triggers { lines.append("  trigger \(rule.name): \(rule.conditionText) → \(rule.action.rawValue)") }
        for shift in runbook.shiftSteps(vars: variables).shifts { lines.append("  shift  \(shift.stages.map { "\($0)%" }.joined(separator: " → ")) (\(shift.command))") }
        return lines.joined(separator: "\n")
    }

    /// A path in the repository: relative to the working directory, else to the binary
    /// (`.build/debug/liftoff` → the checkout).
    static func locate(_ relative: String) throws -> String {
        if FileManager.default.fileExists(atPath: relative) { return relative }
        var dir = URL(fileURLWithPath: Self.executablePath()).deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = dir.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw CLIError.input("cannot find \(relative); run the demo from the Liftoff checkout, or pass --runbook FILE")
    }

    static func sibling(_ path: String, _ name: String) -> String? {
        let candidate = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The runbook's commands call `liftoff sandbox …`: make this very binary the one they find.
    static func putSelfOnPath() {
        let dir = URL(fileURLWithPath: executablePath()).deletingLastPathComponent().path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        setenv("PATH", "\(dir):\(path)", 1)
    }
}
