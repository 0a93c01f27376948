import ArgumentParser
import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffProbes
import LiftoffRender
import LiftoffStore

enum LaunchReportFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html, json, pdf
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The post-launch report: outcome, timeline, steps, gates, checks, triggers, rollback, status posts, integrity.",
        discussion: """
        Works on a launch that is still running (the report so far). The hash chain is verified
        for the report; a broken chain is named in it. Secrets (env:NAME values) are never printed.

          liftoff report 1
          liftoff report checkout-v2 --format html --output report.html
          liftoff report 1 --format json | jq .summary
          liftoff report 1 --format pdf --output report.pdf      # printed by the installed Chromium
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The launch: its number or name.")
    var launch: String

    @Option(help: "md, html, json or pdf (needs --output and Chromium).")
    var format: LaunchReportFormat = .md

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    @Option(help: .hidden)
    var now: String?

    func run() async throws {
        if format == .pdf, output == nil { throw CLIError.input("--format pdf needs --output FILE (a PDF is not written to a terminal)") }
        let (events, earlier) = try await database.withStore { store in
            let id = try await LaunchReference.resolve(launch, in: store)
            let events = try await CLIError.mapping { () throws(StoreError) in try await store.read(id, from: 1) }
            // Earlier launches of the same runbook (rehearsals) to compare with; none is fine.
            guard let state = try? LaunchState.fold(events) else { return (events, [LaunchState]()) }
            return (events, await LaunchService(store: store).earlierLaunches(of: state))
        }
        let created = events.first.flatMap { try? $0.decode(LaunchCreated.self) }
        var clock = Date()
        if let now {
            let zone = created.flatMap { TimeZone(identifier: $0.timeZone) } ?? TimeZone(identifier: "UTC") ?? .current
            guard let parsed = Schedule.parseLocalDateTime(now, timeZone: zone) else { throw CLIError.input("cannot read --now '\(now)'") }
            clock = parsed
        }
        var report: LaunchReport
        do throws(LaunchService.Failure) {
            report = try LaunchService.report(of: events, now: clock, earlier: earlier)
        } catch {
            throw CLIError(message: "\(error)", code: 3)
        }
        // The trigger charts draw each rule's signal over the launch from the launch's Prometheus
        // (`prometheus:` in its vars), or the recorded values when it no longer holds the range.
        report = await LaunchService.withSignals(report, events: events, from: PrometheusSignalHistory(timeout: 5))
        if report.ending == nil { Terminal.note("note: launch \(report.launch) is still running; this is the report so far") }
        if report.integrity.verified == false {
            Terminal.note(Terminal.paint("warning: the hash chain is broken at seq \(report.integrity.brokenAt ?? 0); the report says so", "warning"))
        }
        switch format {
        case .md: try InputFiles.write(report.markdown(), to: output)
        case .html: try InputFiles.write(report.html(), to: output)
        case .json: try InputFiles.write(CanonicalJSON.string(report.json()) + "\n", to: output)
        case .pdf: try await ReportPDF.write(html: report.html(), to: output ?? "report.pdf")
        }
    }
}
