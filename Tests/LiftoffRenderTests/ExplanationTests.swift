import Foundation
@testable import LiftoffKit
@testable import LiftoffRender
import Testing

/// `lint --explain`: what was read is shown on the line it was read from.
@Suite struct ExplanationTests {
    static let runbook = """
    # Launch

    ## T-7 days: Prep

    - [ ] Freeze deploys <!-- liftoff: owner="SRE Lead" -->
    - [ ] Tell support

    ## Go/No-Go

    Required approvals from:
    - Release Manager

    ## Rollback Triggers

    - Error rate > 1% for 5 minutes

    ## Contacts

    1. Ada, on call
    """

    private func explain(_ text: String, vars: LaunchVariables? = nil) -> Explanation {
        let runbook = RunbookExtractor.extract(text, file: "t.md")
        return Explanation.make(runbook, source: text, diagnostics: Linter.lint(runbook, vars: vars, source: text), vars: vars)
    }

    private func texts(_ e: Explanation, _ line: Int, _ kind: Explanation.Note.Kind) -> [String] {
        e.notes(onLine: line).filter { $0.kind == kind }.map(\.text)
    }

    @Test func everyLineIsKeptAndNotesSitOnTheirLines() throws {
        let e = explain(Self.runbook)
        #expect(e.lines.count == 19)
        #expect(e.lines[4].text == "- [ ] Freeze deploys <!-- liftoff: owner=\"SRE Lead\" -->")
        #expect(texts(e, 1, .title) == ["title 'Launch'"])
        #expect(texts(e, 3, .phase) == ["phase T-7d"])
        #expect(texts(e, 5, .step) == ["step · owner SRE Lead · due T-7d"])
        #expect(texts(e, 5, .annotation) == ["annotation for step 'Freeze deploys'"])
        #expect(texts(e, 6, .step) == ["step · no owner · due T-7d"])
        #expect(texts(e, 8, .gate) == ["gate 'Go/No-Go' · roles Release Manager"])
        #expect(texts(e, 11, .read) == ["gate approver"])
        #expect(texts(e, 15, .trigger) == ["trigger rollback: error rate > 1% for 5m · unbound"])
        #expect(texts(e, 19, .ignored) == ["ignored: contacts or references"])
        #expect(e.notes(onLine: 2).isEmpty)
    }

    @Test func hintsGiveTheAnnotationThatFixesTheLine() throws {
        let e = explain(Self.runbook)
        let step = try #require(e.notes(onLine: 6).first { $0.kind == .step })
        #expect(step.hint == "<!-- liftoff: owner=\"…\" -->")
        let trigger = try #require(e.notes(onLine: 15).first { $0.kind == .trigger })
        #expect(trigger.hint == "bind it in the vars file: signals: { error rate: '<PromQL>' }")
        let diagnostic = try #require(e.notes(onLine: 6).first { $0.kind == .diagnostic })
        #expect(diagnostic.severity == .info)
        #expect(diagnostic.text.contains("[step-without-owner]"))
    }

    @Test func fixesGoOnTopLevelStepsAndAreNotRepeated() throws {
        let e = explain("""
        ## T-1h: Deploy
        - [ ] Ship it
        ## Steps
        - [ ] Untimed
          - [ ] Child
        ## Rollback Procedure
        1. Revert
        """)
        #expect(e.notes(onLine: 4).first { $0.kind == .step }?.hint == "<!-- liftoff: owner=\"…\" at=T-… -->")
        #expect(e.notes(onLine: 5).first { $0.kind == .step }?.hint == nil)
        #expect(e.notes(onLine: 7).first { $0.kind == .step }?.hint == "<!-- liftoff: owner=\"…\" -->")
        let trigger = explain("## Rollback Triggers\n- Error rate > 1% for 5 minutes\n")
        let hints = trigger.notes(onLine: 2).compactMap(\.hint)
        #expect(hints == ["bind it in the vars file: signals: { error rate: '<PromQL>' }"])
    }

    @Test func varsBindTheTrigger() throws {
        var vars = LaunchVariables()
        vars.signals["error rate"] = "sum(rate(errors[5m]))"
        let e = explain(Self.runbook, vars: vars)
        #expect(texts(e, 15, .trigger) == ["trigger rollback: error rate > 1% for 5m · bound to the vars file's signal"])
    }

    @Test func anUnreadCriterionAndPlainContentSayWhy() throws {
        let e = explain("""
        ## Rollback Triggers

        - When it feels wrong

        ## Background

        - Some context
        """)
        let criterion = try #require(e.notes(onLine: 3).first { $0.kind == .read })
        #expect(criterion.text == "criterion Liftoff could not read as a condition")
        #expect(criterion.hint?.hasPrefix("<!-- liftoff: trigger ") == true)
        #expect(e.notes(onLine: 7).first { $0.kind == .ignored }?.text.hasPrefix("ignored: content") == true)
    }

    @Test func anOwnerLineSaysWhatItSets() {
        let e = explain("## Database\n\n**Owner:** DBA | **Due:** T-3 days\n\n- [ ] Back up\n")
        #expect(texts(e, 3, .read) == ["owner line · owner DBA · due T-3d for section 'Database'"])
        #expect(texts(e, 5, .step) == ["step · owner DBA · due T-3d"])
    }

    @Test func aTableOfContentsIsNamed() {
        let e = explain("## Table of Contents\n\n1. [Prep](#prep)\n2. [Deploy](#deploy)\n")
        #expect(texts(e, 3, .ignored) == ["ignored: table of contents"])
    }

    @Test func commandsPlaceholdersAndWindowsAreShown() {
        let e = explain("""
        ## H+0:15 → H+0:45: Deploy

        - [ ] Run the migration for {{VERSION}}

          ```bash
          ./migrate.sh
          ```
        """)
        #expect(texts(e, 1, .phase) == ["phase T+15m … T+45m"])
        #expect(texts(e, 3, .placeholder) == ["placeholder {{VERSION}}"])
        #expect(texts(e, 6, .command) == ["command (bash) for step 'Run the migration for {{VERSION}}'"])
    }

    @Test func aDiagnosticSitsBesideItsLine() {
        let e = explain("## Steps\n\n```yaml\n- [ ] hidden\n```\n")
        #expect(e.notes(onLine: 3).contains { $0.kind == .diagnostic && $0.text.contains("unread-task-items") })
    }

    // MARK: Rendering

    @Test func textPutsSourceLeftAndTheReadingRight() {
        let out = ExplanationText.render(explain(Self.runbook), sourceWidth: 30)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        let five = lines.first { $0.hasPrefix("   5 │ ") }
        #expect(five == "   5 │ - [ ] Freeze deploys <!-- lif… │ step · owner SRE Lead · due T-7d")
        #expect(lines.contains { $0.contains("fix: <!-- liftoff: owner=\"…\" -->") })
        #expect(!out.contains("\u{1B}"))
        #expect(ExplanationText.render(explain(Self.runbook), colour: true).contains("\u{1B}[32m"))
    }

    @Test func textNeverPassesControlCharactersToTheTerminal() {
        let out = ExplanationText.render(explain("## \u{1B}]0;pwned\u{07}Steps\n- [ ] a\u{1B}[2Jb\n"), colour: false)
        #expect(!out.contains("\u{1B}"))
        #expect(!out.contains("\u{07}"))
    }

    @Test func htmlEscapesHostileText() {
        let hostile = """
        # <script>alert(1)</script>

        ## Steps <style>*{}</style>

        - [ ] "><img src=x onerror=alert(1)> <!-- liftoff: owner="<b onmouseover=x>" -->
        """
        let page = ExplanationHTML.page(explain(hostile))
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("<b "))
        #expect(page.components(separatedBy: "<style").count == 2)
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("owner &lt;b onmouseover=x&gt;"))
        #expect(page.contains("Content-Security-Policy"))
        #expect(page.contains("style-src \(HTML.escape(ExplanationHTML.styleHash))"))
        #expect(page.contains("<tr id=\"L5\" class=\"read\">"))
    }
}
