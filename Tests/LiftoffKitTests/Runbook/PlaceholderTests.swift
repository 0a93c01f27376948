@testable import LiftoffKit
import LiftoffKitFixtures
import LiftoffMarkdown
import Testing

@Suite struct PlaceholderTests {
    @Test(arguments: [
        ("Point `{{DOMAIN}}` at the load balancer", ["DOMAIN"]),
        ("{{release_manager}} and {{A1_B2}}", ["release_manager", "A1_B2"]),
        ("image: {{ .Values.image }}", []),
        ("[here]({{site.baseurl}}/documentation/)", []),
        ("echo ${FEATURE_NAME} and ${{X}}", []),
        ("{{{TRIPLE}}}", []),
        ("{{WITH SPACE}}", []),
        ("{{}}", []),
    ])
    func variablesAreLettersDigitsAndUnderscoresOnly(line: String, expected: [String]) {
        #expect(PlaceholderScanner.variables(in: Substring(line)).map(\.text) == expected)
    }

    @Test(arguments: [
        ("Owner: [Name] on [MM/DD/YYYY]", ["[Name]", "[MM/DD/YYYY]"]),
        ("behind the `<feature-flag-name>` feature flag", ["<feature-flag-name>"]),
        ("curl -f https://{environment}.unjucks.app/{target-slot}/health", ["{environment}", "{target-slot}"]),
        ("Team: NAME_OF_TEAM, channel `#g_TEAM_NAME`", ["NAME_OF_TEAM"]),
        ("[main-issue]: MAIN-ISSUE-LINK", ["MAIN-ISSUE-LINK"]),
        ("* `[CHANGE]` and `[BUGFIX]`", []),
        ("- [ ] task and - [x] done", []),
        ("a [link](https://example.com) and ![img](x.png) and [ref][main-issue]", []),
        ("\\[Continue in Part 2...\\]", []),
        ("<br> <details> <https://example.com>", []),
        ("Any SEV1 or GO/NO-GO decision", []),
    ])
    func otherStylesArePossiblePlaceholders(line: String, expected: [String]) {
        let hits = PlaceholderScanner.possible(in: Substring(line), shellCode: false, referenceLabels: ["main-issue"])
        #expect(hits.map(\.text) == expected)
    }

    @Test func shellCodeKeepsItsBrackets() {
        let hits = PlaceholderScanner.possible(in: "if [ -f x ]; then echo $DATABASE_URL; fi", shellCode: true, referenceLabels: [])
        #expect(hits.isEmpty)
    }

    @Test func columnsAreExact() throws {
        let text = "# T\n\nDeploy to `{{DOMAIN}}` now — {{DOMAIN}}\n"
        let runbook = RunbookExtractor.extract(text, file: "t.md")
        let domain = try #require(runbook.placeholders.first)
        #expect(domain.positions == [SourcePosition(line: 3, column: 12), SourcePosition(line: 3, column: 30)])
    }

    @Test func liquidAndShellInTheCorpusAreNotVariables() {
        for url in Fixtures.allRunbookFiles where url.lastPathComponent.hasPrefix("11-") || url.lastPathComponent.hasPrefix("07-") || url.lastPathComponent.hasPrefix("14-") {
            let runbook = RunbookExtractor.extract(Fixtures.text(url), file: url.lastPathComponent)
            #expect(runbook.placeholders.isEmpty, "\(url.lastPathComponent): \(runbook.placeholders.map(\.name))")
            #expect(!runbook.possiblePlaceholders.contains { $0.text == "[CHANGE]" })
        }
    }

    @Test func substitutionFillsOnlyKnownNames() {
        #expect(PlaceholderScanner.substitute("{{A}}-{{B}}-{{ C }}", ["A": "1", "C": "3"]) == "1-{{B}}-{{ C }}")
    }
}
