import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import LiftoffRender
import Testing

/// Random and truncated input never crashes or hangs extraction, lint, plan or render.
@Suite struct ExtractionRobustnessTests {

    static let fragments = [
        "# ", "## T-7 Days: ", "### H+0:15 → H+0:45: ", "#### L-14d (2 weeks before):", "- [ ] ", "- [x] ", "  - ", "    - ", "1. ", "1) ",
        "\t- ", "> ", "```bash\n", "```\n", "~~~\n", "```liftoff\n", "```markdown\n", "````md\n", "  ```gfm\n", "| Time | Action | Owner |\n|---|---|---|\n", "| H+0:20 | Run `bash x.sh` | {{DB}} |\n",
        "**Owner:** {{X}} | **Due:** T-3 days\n", "<!-- liftoff: check http GET https://{{D}}/ expect status == 200 -->", "<!-- GUIDANCE: x -->",
        "<!--", "-->", "Error rate > 1% for 5 minutes", "p99 latency exceeds 800ms", "warning: P95 > 200ms", "Required approvals from:\n  - Lead\n",
        "Step 1 - X:\n  command: |\n    echo hi\n  owner: Lead\n", "[Name] <name> {name} NAME_OF_X ${y} {{ .V }}", "**SRE Lead**: ", "`code", "**", "_", "*", "[", "](", "\\",
        "---\n", "title: x\n", "\n", "\n\n", "    ", "é", "🚀", "\u{0}", "\r\n", "\r", "T-", "H+", "Day 2-7", "D-Day", "(0-4h)", "%", "ms", "{{", "}}",
    ]

    @Test func randomDocumentsNeverCrash() {
        var rng = SplitMix64(state: 0xC0FFEE)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let zone = TimeZone(identifier: "Europe/Oslo") ?? .gmt
        for _ in 0..<1500 {
            var text = ""
            for _ in 0..<Int(rng.next() % 60) {
                text += rng.pick(Self.fragments)
                if rng.next() % 3 == 0 { text += rng.pick(["word ", "Deploy ", "Verify the thing ", "\n"]) }
            }
            exercise(text, t0: t0, zone: zone)
        }
    }

    @Test(arguments: Fixtures.allRunbookFiles)
    func everyTruncationOfARealRunbookIsFine(_ url: URL) {
        let text = Fixtures.text(url)
        let scalars = Array(text.unicodeScalars)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let cuts = stride(from: 0, to: scalars.count, by: max(1, scalars.count / 80))
        for cut in cuts {
            var prefix = ""
            prefix.unicodeScalars.append(contentsOf: scalars[..<cut])
            exercise(prefix, t0: t0, zone: .gmt)
        }
    }

    @Test func pathologicalNestingAndRuns() {
        let cases = [
            String(repeating: ">", count: 5000) + " x",
            String(repeating: "- ", count: 3000) + "[ ] deep",
            String(repeating: "*", count: 20000),
            String(repeating: "[", count: 10000) + String(repeating: "]", count: 10000),
            String(repeating: "`", count: 10000),
            String(repeating: "<!--", count: 3000),
            String(repeating: "  ", count: 4000) + "- x:\n" + String(repeating: "   - y\n", count: 500),
            "```\n" + String(repeating: "a: b\n  - c\n", count: 3000),
            "| a | b |\n|---|---|\n" + String(repeating: "| x | y |\n", count: 5000),
            String(repeating: "{{", count: 5000) + String(repeating: "}}", count: 5000),
            String(repeating: "T-1 ", count: 3000),
        ]
        for text in cases {
            exercise(text, t0: Date(timeIntervalSince1970: 0), zone: .gmt)
        }
    }

    private func exercise(_ text: String, t0: Date, zone: TimeZone) {
        let runbook = RunbookExtractor.extract(text, file: "fuzz.md")
        let lines = max(1, text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).count)
        for step in runbook.steps {
            #expect(step.position.line >= 1 && step.position.line <= lines + 1)
        }
        let diagnostics = Linter.lint(runbook, vars: LaunchVariables(values: ["X": "1"]))
        #expect(diagnostics.allSatisfy { $0.line >= 1 })
        _ = Plan(runbook: runbook, t0: t0, timeZone: zone).text()
        _ = LintReport(runbook: runbook, diagnostics: diagnostics).json()
        _ = HTMLRenderer.page(text, title: runbook.title, vars: nil)
        let explanation = Explanation.make(runbook, source: text, diagnostics: diagnostics)
        _ = ExplanationText.render(explanation, colour: true)
        _ = ExplanationHTML.page(explanation)
    }
}
