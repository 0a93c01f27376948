import Foundation
import LiftoffKit

/// `liftoff check` output: a table for people, JSON for tools, JUnit XML for CI.
/// Every result already has its secrets masked.
public struct CheckReport: Sendable {
    public var file: String
    public var results: [CheckResult]
    /// Step and section titles by id, for the table.
    public var runbook: Runbook

    public init(file: String, results: [CheckResult], runbook: Runbook) {
        self.file = file
        self.results = results
        self.runbook = runbook
    }

    public var passed: Bool { results.allSatisfy { $0.status == .pass } }

    public func count(_ status: CheckStatus) -> Int { results.filter { $0.status == status }.count }

    /// `12 checks: 10 pass, 1 fail, 1 error in 2.3s`.
    public func summary(wall: Double) -> String {
        var parts = ["\(count(.pass)) pass"]
        for status in [CheckStatus.fail, .error, .nodata] where count(status) > 0 { parts.append("\(count(status)) \(status.rawValue)") }
        return "\(results.count) check\(results.count == 1 ? "" : "s"): \(parts.joined(separator: ", ")) in \(CheckQuantity.duration(wall))"
    }

    /// Where a check belongs, as a reader would name it.
    public func stepLabel(_ check: Check) -> String {
        if let id = check.step, let step = runbook.step(id) { return step.text }
        if runbook.sections.indices.contains(check.section) { return runbook.sections[check.section].title }
        return "(runbook)"
    }

    // MARK: Text

    /// Columns: step, check, result, observed vs expected, duration.
    public func table(width: Int = 160) -> String {
        let header = ["STEP", "CHECK", "RESULT", "OBSERVED VS EXPECTED", "TIME"]
        let rows = results.map { r in
            [Self.clip(stepLabel(r.check), 32), Self.clip("\(r.check.kind.rawValue) \(r.check.target.display)", 48), r.status.rawValue.uppercased(), r.summary, CheckQuantity.duration(r.duration)]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i != 3 { widths[i] = max(widths[i], cell.count) }
        }
        let fixed = widths.enumerated().filter { $0.offset != 3 }.map(\.element).reduce(0, +) + 8
        widths[3] = max(20, min(rows.map { $0[3].count }.max() ?? 20, width - fixed))
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let text = i == 3 ? Self.clip(cell, widths[3]) : cell
                return i == cells.count - 1 ? text : text.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var out = line(header) + "\n"
        for row in rows { out += line(row) + "\n" }
        // Full explanations of what did not pass, unclipped, with file:line.
        let problems = results.filter { $0.status != .pass }
        if !problems.isEmpty {
            out += "\n"
            for r in problems {
                out += "\(r.check.file):\(r.check.position.line):\(r.check.position.column): \(r.status.rawValue): \(r.check.kind.rawValue) \(Self.clip(r.check.target.display, 200))\n"
                if let error = r.error { out += "  error: \(error)\n" }
                for o in r.outcomes where o.verdict != .pass { out += "  \(o.message)\n" }
            }
        }
        return out
    }

    /// What `--dry-run` prints: each check as it would run, secrets as {{NAME}}.
    public static func plan(_ checks: [Check], runbook: Runbook, defaultTimeout: Double) -> String {
        let report = CheckReport(file: runbook.file, results: [], runbook: runbook)
        var out = ""
        for check in checks {
            let timeout = check.options.timeout ?? defaultTimeout
            out += "\(check.file):\(check.position.line): [\(report.stepLabel(check))] \(check.kind.rawValue) \(clip(check.target.display, 200)) (timeout \(CheckQuantity.duration(timeout))) expect \(check.expectation)\n"
        }
        return out + "\(checks.count) check\(checks.count == 1 ? "" : "s") would run\n"
    }

    static func clip(_ s: String, _ n: Int) -> String {
        let flat = s.replacingOccurrences(of: "\n", with: " ⏎ ")
        return flat.count > n ? String(flat.prefix(max(0, n - 1))) + "…" : flat
    }

    // MARK: JSON

    struct ResultJSON: Encodable {
        var id: String
        var kind: String
        var target: String
        var step: String?
        var stepText: String
        var section: String?
        var file: String
        var line: Int
        var column: Int
        var origin: String
        var status: String
        var expected: String
        var summary: String
        var error: String?
        var durationMs: Int
        var assertions: [AssertionOutcome]
    }

    struct ReportJSON: Encodable {
        var file: String
        var passed: Bool
        var counts: [String: Int]
        var checks: [ResultJSON]
    }

    public func json() -> String {
        let checks = results.map { r in
            ResultJSON(
                id: r.check.id, kind: r.check.kind.rawValue, target: r.check.target.display, step: r.check.step, stepText: stepLabel(r.check),
                section: runbook.sections.indices.contains(r.check.section) ? runbook.sections[r.check.section].id : nil,
                file: r.check.file, line: r.check.position.line, column: r.check.position.column, origin: r.check.origin.rawValue,
                status: r.status.rawValue, expected: r.check.expectation, summary: r.summary, error: r.error,
                durationMs: Int((r.duration * 1000).rounded()), assertions: r.outcomes
            )
        }
        var counts: [String: Int] = [:]
        for status in [CheckStatus.pass, .fail, .error, .nodata] { counts[status.rawValue] = count(status) }
        return JSONOutput.encode(ReportJSON(file: file, passed: passed, counts: counts, checks: checks))
    }

    // MARK: JUnit

    /// One test suite per section, one test case per check; fail → <failure>, error and nodata → <error>.
    public func junit(timestamp: Date) -> String {
        var suites: [(String, [CheckResult])] = []
        for r in results {
            let name = runbook.sections.indices.contains(r.check.section) ? runbook.sections[r.check.section].title : "runbook"
            if let i = suites.firstIndex(where: { $0.0 == name }) { suites[i].1.append(r) } else { suites.append((name, [r])) }
        }
        let stamp = ISO8601DateFormatter().string(from: timestamp)
        let total = results.map(\.duration).reduce(0, +)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"liftoff check \(Self.xml(file))\" tests=\"\(results.count)\" failures=\"\(count(.fail))\" errors=\"\(count(.error) + count(.nodata))\" time=\"\(Self.seconds(total))\" timestamp=\"\(stamp)\">\n"
        for (name, members) in suites {
            let failures = members.filter { $0.status == .fail }.count
            let errors = members.filter { $0.status == .error || $0.status == .nodata }.count
            out += "  <testsuite name=\"\(Self.xml(name))\" tests=\"\(members.count)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(Self.seconds(members.map(\.duration).reduce(0, +)))\" timestamp=\"\(stamp)\">\n"
            for r in members {
                let caseName = "\(r.check.kind.rawValue) \(r.check.target.display) expect \(r.check.expectation)"
                out += "    <testcase classname=\"\(Self.xml(stepLabel(r.check)))\" name=\"\(Self.xml(caseName))\" file=\"\(Self.xml(r.check.file))\" line=\"\(r.check.position.line)\" time=\"\(Self.seconds(r.duration))\""
                switch r.status {
                case .pass:
                    out += "/>\n"
                case .fail:
                    out += ">\n      <failure message=\"\(Self.xml(r.summary))\" type=\"assertion\">\(Self.xml(r.outcomes.filter { $0.verdict != .pass }.map(\.message).joined(separator: "\n")))</failure>\n    </testcase>\n"
                case .error, .nodata:
                    out += ">\n      <error message=\"\(Self.xml(r.summary))\" type=\"\(r.status.rawValue)\">\(Self.xml(r.summary))</error>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    static func seconds(_ s: Double) -> String { String(format: "%.3f", s) }

    static func xml(_ s: String) -> String { XMLText.escaped(s) }
}
