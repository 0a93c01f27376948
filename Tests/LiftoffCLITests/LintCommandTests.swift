import Foundation
import LiftoffTestSupport
import Testing

@Suite struct LintCommandTests {
    @Test func cleanSeedExitsZeroWithASummary() throws {
        let r = try LiftoffBinary.run(["lint", "examples/acme-blue-green/runbook.md", "--vars", "examples/acme-blue-green/vars.yaml"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("Deployment Runbook — Acme Corp: 0 phases, 27 steps"))
    }

    @Test func missingVariablesWithVarsAreErrorsAndExitOne() throws {
        let dir = try LiftoffBinary.temporaryDirectory()
        let vars = dir.appendingPathComponent("vars.yaml")
        try "PROJECT_NAME: Shop\n".write(to: vars, atomically: true, encoding: .utf8)
        let r = try LiftoffBinary.run(["lint", "examples/go-live/runbook.md", "--vars", vars.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("examples/go-live/runbook.md:6:16: error: {{VERSION}} has no value in the vars file"))
        #expect(r.stdout.contains("hint: add `VERSION: …` to the vars file"))
    }

    /// A `github` channel whose repository is not owner/name: the vars file's line and column,
    /// the reason and a hint, and exit 2 (unusable input).
    @Test func aBadChannelKeyInTheVarsIsPointedAt() throws {
        let dir = try LiftoffBinary.temporaryDirectory()
        let vars = dir.appendingPathComponent("vars.yaml")
        try "notify:\n  deploys:\n    kind: github\n    token: env:GITHUB_TOKEN\n    repository: acme\n".write(to: vars, atomically: true, encoding: .utf8)
        let r = try LiftoffBinary.run(["lint", "examples/go-live/runbook.md", "--vars", vars.path])
        #expect(r.status == 2)
        let output = r.stdout + r.stderr
        #expect(output.contains("vars.yaml:5:17: error: repository 'acme' of channel 'deploys' is not owner/name"))
        #expect(output.contains("hint: repository: acme/api"))
    }

    @Test func filledVarsMakeTheTemplateClean() throws {
        let r = try LiftoffBinary.run(["lint", "examples/go-live/runbook.md", "--vars", "examples/go-live/vars.yaml", "--format", "json"])
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let placeholders = object?["placeholders"] as? [[String: Any]] ?? []
        #expect(!placeholders.isEmpty)
        #expect(placeholders.allSatisfy { $0["filled"] as? Bool == true })
        let steps = object?["steps"] as? [[String: Any]] ?? []
        #expect(steps.contains { $0["owner"] as? String == "Infrastructure Owner" })
    }

    @Test func sarifToAFile() throws {
        let dir = try LiftoffBinary.temporaryDirectory()
        let out = dir.appendingPathComponent("lint.sarif")
        let r = try LiftoffBinary.run(["lint", "examples/feature-launch/runbook.md", "--format", "sarif", "--output", out.path])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        let sarif = try String(contentsOf: out, encoding: .utf8)
        #expect(sarif.contains("\"version\" : \"2.1.0\""))
    }

    /// `--output` writes through what the path names: a link stays a link (and a device such as
    /// /dev/null stays a device) instead of being replaced by a new file.
    @Test func outputWritesThroughALinkInsteadOfReplacingIt() throws {
        let dir = try LiftoffBinary.temporaryDirectory()
        let real = dir.appendingPathComponent("real.sarif")
        let link = dir.appendingPathComponent("link.sarif")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let r = try LiftoffBinary.run(["lint", "examples/feature-launch/runbook.md", "--format", "sarif", "--output", link.path])
        #expect(r.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path)
        #expect(try String(contentsOf: real, encoding: .utf8).contains("\"version\" : \"2.1.0\""))
    }

    @Test func explainPrintsTheRunbookWithWhatWasReadInTheMargin() throws {
        let r = try LiftoffBinary.run(["lint", "examples/acme-blue-green/runbook.md", "--vars", "examples/acme-blue-green/vars.yaml", "--explain"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("   1 │ # Deployment Runbook — Acme Corp") && $0.hasSuffix("│ title 'Deployment Runbook — Acme Corp'") })
        #expect(lines.contains { $0.contains("│ - [ ] All CI checks pass on the release branch") && $0.contains("│ step · owner Platform Engineering") })
        let gate = try #require(lines.firstIndex { $0.contains("│ ## Go/No-Go") })
        #expect(lines[gate...].prefix(2).contains { $0.hasSuffix("│ gate 'Go/No-Go' · roles Release Manager, Platform Lead") })
        #expect(lines.contains { $0.contains("│ - Release Manager") && $0.hasSuffix("│ gate approver") })
        #expect(!r.stdout.contains("\u{1B}"))
        #expect(r.stderr.contains("Deployment Runbook — Acme Corp: 0 phases, 27 steps"))
    }

    @Test func explainAsAnHTMLPage() throws {
        let dir = try LiftoffBinary.temporaryDirectory()
        let out = dir.appendingPathComponent("explain.html")
        let r = try LiftoffBinary.run(["lint", "examples/go-live/runbook.md", "--explain", "--format", "html", "--output", out.path])
        #expect(r.status == 0 || r.status == 1)
        let page = try String(contentsOf: out, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("Content-Security-Policy"))
        #expect(page.contains("class=\"note k-step\""))
    }

    @Test func htmlWithoutExplainAndExplainAsJSONAreUsageErrors() throws {
        #expect(try LiftoffBinary.run(["lint", "examples/go-live/runbook.md", "--format", "html"]).status == 2)
        #expect(try LiftoffBinary.run(["lint", "examples/go-live/runbook.md", "--explain", "--format", "json"]).status == 2)
    }

    @Test func missingFileIsAnInputError() throws {
        let r = try LiftoffBinary.run(["lint", "no/such/runbook.md"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot read runbook 'no/such/runbook.md': no such file"))
    }

    @Test func binaryFileIsRefusedWithTheOffset() throws {
        let dir = try LiftoffBinary.temporaryDirectory()
        let file = dir.appendingPathComponent("latin1.md")
        try Data([0x23, 0x20, 0x43, 0x61, 0x66, 0xE9, 0x0A]).write(to: file)
        let r = try LiftoffBinary.run(["lint", file.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is not UTF-8 text (invalid byte at offset 5)"))
    }

    @Test func invalidVarsFileNamesThePlace() throws {
        let dir = try LiftoffBinary.temporaryDirectory()
        let vars = dir.appendingPathComponent("vars.yaml")
        try "A: 1\nB: [unclosed\n".write(to: vars, atomically: true, encoding: .utf8)
        let r = try LiftoffBinary.run(["lint", "examples/go-live/runbook.md", "--vars", vars.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("vars.yaml:"))
        #expect(r.stderr.contains("invalid YAML"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let r = try LiftoffBinary.run(["lint", "examples/go-live/runbook.md", "--colour"])
        #expect(r.status == 2)
    }

    @Test(arguments: ["seeds", "corpus"])
    func everySharedRunbookLintsWithoutCrashing(_ folder: String) throws {
        let dir = Repository.shared.appendingPathComponent(folder)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.filter { $0.hasSuffix(".md") } ?? []
        for name in files {
            let r = try LiftoffBinary.run(["lint", dir.appendingPathComponent(name).path, "--format", "json"])
            #expect(r.status == 0 || r.status == 1, "\(name): exit \(r.status)\n\(r.stderr)")
            #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil, "\(name): output is not JSON")
        }
    }
}

@Suite struct PlanCommandTests {
    @Test func planPrintsAbsoluteTimesInTheLaunchZone() throws {
        let r = try LiftoffBinary.run(["plan", "examples/go-live/runbook.md", "--vars", "examples/go-live/vars.yaml", "--at", "2026-03-30T09:00", "--tz", "Europe/Oslo"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Mon 23 Mar 2026 09:00"))
        #expect(r.stdout.contains("Infrastructure Owner"))
        let lines = r.stdout.split(separator: "\n")
        let migrate = lines.first { $0.contains("Run database migrations") }
        #expect(migrate?.contains("09:20") == true)
    }

    @Test func planJSONAndICS() throws {
        let dir = try LiftoffBinary.temporaryDirectory()
        let ics = dir.appendingPathComponent("launch.ics")
        let r = try LiftoffBinary.run(["plan", "examples/feature-launch/runbook.md", "--at", "2026-12-01T09:00", "--tz", "America/New_York", "--format", "json", "--ics", ics.path])
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let phases = object?["phases"] as? [[String: Any]] ?? []
        let l14 = phases.first { ($0["title"] as? String)?.hasPrefix("L-14d") == true }
        #expect(l14?["startAt"] as? String == "2026-11-17T09:00:00-05:00")
        let calendar = try String(contentsOf: ics, encoding: .utf8)
        #expect(calendar.contains("BEGIN:VEVENT"))
        #expect(calendar.contains("DTSTART:20261117T140000Z"))
    }

    @Test(arguments: [
        (["--at", "tomorrow", "--tz", "Europe/Oslo"], "cannot read --at 'tomorrow'"),
        (["--at", "2026-12-01T09:00", "--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
    ])
    func badTimesAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let r = try LiftoffBinary.run(["plan", "examples/go-live/runbook.md"] + arguments)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message))
    }
}

@Suite struct RenderCommandTests {
    @Test func markdownWithVariablesFilled() throws {
        let r = try LiftoffBinary.run(["render", "examples/go-live/runbook.md", "--vars", "examples/go-live/vars.yaml"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("**What:** Acme Shop v2.4.0 production launch"))
        #expect(!r.stdout.contains("{{PROJECT_NAME}}"))
    }

    @Test func htmlIsAStandalonePage() throws {
        let r = try LiftoffBinary.run(["render", "examples/acme-blue-green/runbook.md", "--format", "html"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(r.stdout.contains("<title>Deployment Runbook — Acme Corp</title>"))
        #expect(r.stdout.contains("<table>"))
    }
}

@Suite struct LintChecksTests {
    @Test func unreadableChecksAreLintErrorsAtTheirColumn() throws {
        let dir = try LiftoffBinary.temporaryDirectory()
        let file = dir.appendingPathComponent("r.md")
        try "# R\n\n## Smoke Tests\n\n- [ ] Cert valid <!-- liftoff: check tls {{DOMAIN}}:443 expect expiry > 9O -->\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try LiftoffBinary.run(["lint", file.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("r.md:5:"))
        #expect(r.stdout.contains("error: expected a number after 'expiry >'"))
        #expect(r.stdout.contains("[invalid-check]"))
    }

    @Test func theChecksExampleLintsClean() throws {
        let r = try LiftoffBinary.run(["lint", "examples/checks/runbook.md", "--vars", "examples/checks/vars.yaml"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(!r.stdout.contains("invalid-check"))
    }
}
