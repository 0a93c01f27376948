import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import LiftoffMarkdown
@testable import LiftoffRender
import Testing

@Suite struct LintJSONTests {
    @Test func documentedKeysAreAlwaysPresent() throws {
        let runbook = Fixtures.runbook("go-live")
        let json = LintReport(runbook: runbook, diagnostics: Linter.lint(runbook)).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["runbook"] as? [String: Any])?["title"] as? String == "Go-Live Runbook")
        let phase = try #require((object["phases"] as? [[String: Any]])?.first)
        for key in ["id", "title", "line", "anchor", "start", "end"] { #expect(phase[key] != nil, "phases[].\(key)") }
        let steps = try #require(object["steps"] as? [[String: Any]])
        for key in ["id", "text", "line", "section", "owner", "start", "end", "done", "kind"] { #expect(steps[0][key] != nil, "steps[].\(key)") }
        // Untimed values are null, not missing.
        let untimed = try #require(steps.first { $0["start"] is NSNull })
        #expect(untimed["end"] is NSNull)
        let placeholder = try #require((object["placeholders"] as? [[String: Any]])?.first)
        #expect(placeholder["name"] is String && placeholder["lines"] is [Int])
        let gate = try #require((object["gates"] as? [[String: Any]])?.first)
        for key in ["id", "title", "line", "roles"] { #expect(gate[key] != nil) }
        let trigger = try #require((object["triggers"] as? [[String: Any]])?.first)
        for key in ["line", "text", "signal", "op", "value", "forSeconds"] { #expect(trigger[key] != nil, "triggers[].\(key)") }
        let command = try #require((object["commands"] as? [[String: Any]])?.first)
        for key in ["line", "language", "code", "expected"] { #expect(command[key] != nil) }
        let diagnostic = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        for key in ["severity", "code", "line", "column", "message"] { #expect(diagnostic[key] != nil) }
        #expect(object["possiblePlaceholders"] is [Any])
    }

    @Test func planJSONAddsAbsoluteTimesWithOffsets() throws {
        let runbook = Fixtures.runbook("go-live")
        let zone = try #require(TimeZone(identifier: "Europe/Oslo"))
        let t0 = try #require(Schedule.parseLocalDateTime("2026-03-30T09:00", timeZone: zone))
        var report = LintReport(runbook: runbook, diagnostics: [])
        report.schedule(runbook: runbook, t0: t0, timeZone: zone)
        let t7 = try #require(report.phases.first { $0.title.hasPrefix("T-7 Days") })
        #expect(t7.startAt == "2026-03-23T09:00:00+01:00")
        let migrate = try #require(report.steps.first { $0.text.hasPrefix("Run database migrations") })
        #expect(migrate.startAt == "2026-03-30T09:20:00+02:00")
        #expect(migrate.start == 1200)
    }
}

@Suite struct LintRuleTests {
    @Test func missingVariablesAreErrorsOnlyWithAVarsFile() throws {
        let runbook = RunbookExtractor.extract("# R\n## Steps\n- [ ] Point {{DOMAIN}} at {{LB}}\n", file: "r.md")
        let without = Linter.lint(runbook)
        #expect(without.filter { $0.code == "unfilled-placeholder" }.allSatisfy { $0.severity == .warning })
        let with = Linter.lint(runbook, vars: LaunchVariables(values: ["DOMAIN": "x"]))
        let missing = with.filter { $0.code == "unfilled-placeholder" }
        #expect(missing.count == 1)
        #expect(missing.first?.severity == .error)
        #expect(missing.first?.message.contains("{{LB}}") == true)
        #expect(missing.first.map { SourcePosition(line: $0.line, column: $0.column) } == SourcePosition(line: 3, column: 27))
    }

    @Test func unboundTriggersAreReportedNotGuessed() {
        let runbook = Fixtures.runbook("feature-launch")
        let unbound = Linter.lint(runbook).filter { $0.code == "unbound-trigger" }
        #expect(unbound.count == Set(runbook.triggers.map(\.signal)).count)
        let bound = Linter.lint(runbook, vars: LaunchVariables(signals: ["error rate": "x", "p95 latency": "y"]))
        #expect(bound.filter { $0.code == "unbound-trigger" }.count < unbound.count)
        #expect(!bound.contains { $0.code == "unbound-trigger" && $0.message.contains("'error rate'") })
    }

    @Test func ownerlessStepsAreNotesPerSection() throws {
        let runbook = RunbookExtractor.extract("# R\n## Smoke Tests\n- check a\n- check b\n## Owned\n**Owner:** SRE\n- [ ] c\n", file: "r")
        let notes = Linter.lint(runbook).filter { $0.code == "step-without-owner" }
        #expect(notes.count == 1)
        #expect(notes.first?.severity == .info)
        #expect(notes.first?.message.contains("2 steps") == true)
    }

    @Test func timeLikeHeadingsThatDoNotParseAreWarnings() throws {
        let runbook = RunbookExtractor.extract("# R\n## T-? days: prep\n- [ ] x\n", file: "r")
        let d = try #require(Linter.lint(runbook).first { $0.code == "unparsed-time" })
        #expect(d.line == 2 && d.column == 1)
        #expect(d.hint != nil)
    }

    @Test func sarifIsValidAndPointsAtLines() throws {
        let runbook = Fixtures.runbook("go-live")
        let sarif = SARIFReport.make(file: "runbook.md", diagnostics: Linter.lint(runbook), toolVersion: "test")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        let region = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
        #expect((region?["startLine"] as? Int ?? 0) >= 1)
        #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
    }
}

@Suite struct PlanAndCalendarTests {
    let zone = TimeZone(identifier: "Europe/Oslo") ?? .gmt

    @Test func planIsSortedAndDSTCorrect() throws {
        let runbook = Fixtures.runbook("go-live")
        let t0 = try #require(Schedule.parseLocalDateTime("2026-03-30T09:00", timeZone: zone))
        let plan = Plan(runbook: runbook, t0: t0, timeZone: zone)
        #expect(plan.entries.map(\.startAt) == plan.entries.map(\.startAt).sorted())
        let t7 = try #require(plan.entries.first { $0.kind == .phase && $0.title.hasPrefix("T-7 Days") })
        #expect(Schedule.iso8601(t7.startAt, timeZone: zone) == "2026-03-23T09:00:00+01:00")
        let text = plan.text()
        #expect(text.contains("Mon 23 Mar 2026 09:00"))
        #expect(text.contains("{{INFRA_OWNER}}"))
    }

    @Test func icsHasOneEventPerTimedEntryWithStableUIDs() throws {
        let runbook = Fixtures.runbook("go-live")
        let t0 = try #require(Schedule.parseLocalDateTime("2026-12-01T09:00", timeZone: zone))
        let plan = Plan(runbook: runbook, t0: t0, timeZone: zone)
        let a = ICSCalendar.make(plan, stamp: Date(timeIntervalSince1970: 0))
        let b = ICSCalendar.make(plan, stamp: Date(timeIntervalSince1970: 0))
        #expect(a == b)
        #expect(a.components(separatedBy: "BEGIN:VEVENT").count - 1 == plan.entries.count)
        let uids = a.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        #expect(Set(uids).count == uids.count)
        #expect(a.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(a.contains("DTSTART:20261201T082000Z"))
        for line in a.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        #expect(!a.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func icsEscapesAndFoldsText() {
        #expect(ICSCalendar.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        let long = "SUMMARY:" + String(repeating: "é", count: 60)
        let folded = ICSCalendar.fold(long)
        #expect(folded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == long)
    }

    @Test func offsetsReadLikeTheRunbook() {
        #expect(Plan.offsetText(.days(-7)) == "T-7d")
        #expect(Plan.offsetText(.zero) == "T-0")
        #expect(Plan.offsetText(TimeOffset(seconds: 5400)) == "T+1h30m")
    }
}

@Suite struct RenderTests {
    @Test func htmlIsInertForHostileRunbooks() {
        let hostile = """
        # Release <script>alert(1)</script>

        <script>alert(2)</script>

        <img src=x onerror=alert(3)>

        - [ ] Click [here](javascript:alert(4)) and [there](JaVaScRiPt:alert(5)) or <a href="javascript:alert(6)">x</a>
        - [ ] Visit [docs](https://example.com/docs) for {{DOMAIN}}
        | a | <b onmouseover=alert(7)>b</b> |
        |---|---|
        | `<script>` | ok |
        """
        let html = HTMLRenderer.page(hostile, title: "T <script>", vars: LaunchVariables(values: ["DOMAIN": "<b>shop</b>", "TOKEN": "env:SECRET"]))
        #expect(!html.contains("<script>"))
        #expect(!html.lowercased().contains("href=\"javascript"))
        #expect(html.contains("<a href=\"#\" rel=\"noopener noreferrer\">here</a>"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("<b onmouseover"))
        #expect(html.contains("href=\"https://example.com/docs\""))
        #expect(html.contains("&lt;b&gt;shop&lt;/b&gt;"))
        #expect(html.contains("Content-Security-Policy"))
        #expect(html.contains("<input type=\"checkbox\" disabled>"))
    }

    @Test func missingVariablesAreMarkedAndKnownOnesFilledAndEscaped() {
        let html = MarkdownHTML.render("Go {{A}} and {{B}} in `{{A}}`", values: ["A": "<x>"]).rendered
        #expect(html == "<p>Go &lt;x&gt; and <span class=\"missing\">{{B}}</span> in <code>&lt;x&gt;</code></p>\n")
        let embedded = MarkdownHTML.render("Go {{A}} and {{B}} in `{{A}}`", values: ["A": "<x>"], options: .embedded).rendered
        #expect(embedded == "<p>Go &lt;x&gt; and {{B}} in <code>{{A}}</code></p>")
    }

    @Test func theTwoOptionSetsDifferOnlyWhereTheCallersDo() {
        let text = "# Title\n\n- [x] Done\n- [ ] Open\n\n![logo](https://example.com/l.png)\n"
        let page = MarkdownHTML.render(text).rendered
        #expect(page.contains("<h1>Title</h1>\n"))
        #expect(page.contains(#"<li class="task"><input type="checkbox" disabled checked>Done</li>"#))
        #expect(page.contains(#"<img src="https://example.com/l.png" alt="logo">"#))
        let embedded = MarkdownHTML.render(text, options: .embedded).rendered
        #expect(embedded.hasPrefix("<h3>Title</h3><ul>"))
        #expect(embedded.contains(#"<li class="task"><span class="task-box" aria-hidden="true">☑ </span>Done</li>"#))
        #expect(embedded.contains(#"<span class="image-alt">[image: logo]</span>"#))
        #expect(!embedded.contains("<img"))
    }

    @Test func tableAlignmentIsAClassNeverAStyle() {
        let html = MarkdownHTML.render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n").rendered
        #expect(html.contains(#"<th scope="col" class="align-left">a</th><th scope="col" class="align-center">b</th>"#))
        #expect(html.contains(#"<td class="align-right">3</td>"#))
        #expect(!html.contains("style="))
    }

    @Test func markdownFillsProseButNotCodeOrSecrets() {
        let text = "# {{NAME}}\n\nToken {{TOKEN}}\n\n```bash\ncurl {{NAME}}\n```\n| {{NAME}} |\n|---|\n"
        let filled = MarkdownFiller.fill(text, vars: LaunchVariables(values: ["NAME": "Shop", "TOKEN": "env:API_TOKEN"]))
        #expect(filled == "# Shop\n\nToken {{TOKEN}}\n\n```bash\ncurl {{NAME}}\n```\n| Shop |\n|---|\n")
    }
}

@Suite struct ZoneNameTests {
    @Test(arguments: [
        ("Europe/Oslo", "2026-01-15T09:00", "CET"), ("Europe/Oslo", "2026-07-15T09:00", "CEST"),
        ("America/New_York", "2026-01-15T09:00", "EST"), ("UTC", "2026-01-15T09:00", "UTC"),
    ])
    func shortNamesPeopleWrite(_ zone: String, _ at: String, _ expected: String) throws {
        let tz = try #require(TimeZone(identifier: zone))
        let date = try #require(Schedule.parseLocalDateTime(at, timeZone: tz))
        #expect(ZoneAbbreviation.short(tz, at: date) == expected)
    }
}
