import LiftoffMarkdown
import Testing
@testable import LiftoffKit

/// Markdown inside ```markdown / ```md / ```gfm fences is read as Markdown, at its real place.
@Suite struct MarkdownFenceTests {
    private func read(_ text: String) -> Runbook { RunbookExtractor.extract(text, file: "t.md") }

    @Test func aFencedChecklistBecomesSectionsAndStepsOnTheFilesLines() throws {
        let runbook = read("""
        # Playbook

        ## Template

        ```markdown
        ### T-7 days
        - [ ] Freeze deploys
        ```
        """)
        let phase = try #require(runbook.sections.first { $0.title == "T-7 days" })
        #expect(phase.position == SourcePosition(line: 6, column: 1))
        #expect(phase.anchor != nil)
        #expect(runbook.sections[phase.parent ?? 0].title == "Template")
        let step = try #require(runbook.steps.first)
        #expect(step.text == "Freeze deploys")
        #expect(step.position == SourcePosition(line: 7, column: 1))
        #expect(step.window == TimeWindow(start: .days(-7), end: .days(-7)))
    }

    @Test(arguments: ["markdown", "md", "gfm", "Markdown title=\"x\""])
    func everyMarkdownInfoStringIsRead(_ info: String) {
        let runbook = read("## Steps\n\n```\(info)\n- [ ] Inner\n```\n")
        #expect(runbook.steps.map(\.text) == ["Inner"])
    }

    @Test func anIndentedFenceInAListItemShiftsColumnsAndNestsUnderTheItem() throws {
        let runbook = read("""
        ## Steps

        - [ ] Fill in the template
          ```md
          - [ ] Inner task
            - [ ] Deeper
          ```
        """)
        let outer = try #require(runbook.steps.first { $0.text == "Fill in the template" })
        let inner = try #require(runbook.steps.first { $0.text == "Inner task" })
        #expect(inner.position == SourcePosition(line: 5, column: 3))
        #expect(inner.parent == outer.id)
        let deeper = try #require(runbook.steps.first { $0.text == "Deeper" })
        #expect(deeper.position == SourcePosition(line: 6, column: 5))
        #expect(deeper.parent == inner.id)
    }

    @Test func nestedFencesInsideWork() throws {
        let runbook = read("""
        ## Playbook

        ~~~markdown
        ## Deploy
        - [ ] Run the migration
          ```bash
          ./migrate.sh
          ```
        ````md
        - [ ] Inside a fence inside a fence
        ````
        ~~~
        """)
        let step = try #require(runbook.steps.first { $0.text == "Run the migration" })
        let command = try #require(runbook.commands.first)
        #expect(command.step == step.id)
        #expect(command.position == SourcePosition(line: 7, column: 3))
        #expect(command.code.contains("./migrate.sh"))
        let innermost = try #require(runbook.steps.first { $0.text == "Inside a fence inside a fence" })
        #expect(innermost.position == SourcePosition(line: 10, column: 1))
    }

    @Test func whatFollowsTheFenceBelongsToTheEnclosingSectionAgain() throws {
        let runbook = read("""
        ## Checklist

        ```markdown
        # Inner heading
        - [ ] Inside
        ```

        - [ ] After the fence

        ## Next
        - [ ] In next
        """)
        let after = try #require(runbook.steps.first { $0.text == "After the fence" })
        #expect(runbook.sections[after.section].title == "Checklist")
        let inner = try #require(runbook.sections.first { $0.title == "Inner heading" })
        #expect(inner.level == 3)
        let next = try #require(runbook.steps.first { $0.text == "In next" })
        #expect(runbook.sections[next.section].title == "Next")
        #expect(runbook.sections[runbook.sections[next.section].parent ?? 0].parent == nil)
    }

    @Test func aFencesH1IsNotTheTitleAndItsFrontMatterIsNotTheRunbooks() {
        let runbook = read("""
        ```markdown
        ---
        title: Template
        ---
        # Template title
        - [ ] Inside
        ```
        """)
        #expect(runbook.title == nil)
        #expect(runbook.frontMatter == nil)
        #expect(runbook.sections.contains { $0.title == "Template title" })
    }

    @Test func placeholdersAndAnnotationsInsideKeepTheirColumns() throws {
        let runbook = read("""
        ## Steps
        > ```markdown
        > - [ ] Deploy {{VERSION}} <!-- liftoff: owner="SRE Lead" -->
        > ```
        """)
        let step = try #require(runbook.steps.first)
        #expect(step.position == SourcePosition(line: 3, column: 3))
        #expect(step.owner == "SRE Lead")
        #expect(runbook.placeholders.first?.positions == [SourcePosition(line: 3, column: 16)])
        #expect(runbook.annotations.first?.position.line == 3)
    }

    // MARK: What is still not read

    @Test func taskItemsInOtherFencesAreReportedAtTheFence() throws {
        let runbook = read("""
        ## Notes

        ```yaml
        - [ ] one
        - [x] two
        key: value
        ```
        """)
        #expect(runbook.steps.isEmpty)
        let d = try #require(runbook.diagnostics.first { $0.code == "unread-task-items" })
        #expect(d.severity == .info)
        #expect(d.position == SourcePosition(line: 3, column: 1))
        #expect(d.message == "2 task items inside a ```yaml fence were not read")
        #expect(d.hint == "use a ```markdown fence, or move them out of the code block")
    }

    @Test func shellMarkdownAndLiftoffFencesAreNotReported() {
        for info in ["bash", "markdown", "liftoff"] {
            let runbook = read("## Steps\n\n```\(info)\n- [ ] x\n```\n")
            #expect(!runbook.diagnostics.contains { $0.code == "unread-task-items" }, "\(info)")
        }
    }

    @Test(arguments: [
        ("- [ ] a", true), ("* [x] a", true), ("+ [X] a", true), ("  1. [ ] a", true), ("2) [ ]", true), ("\t- [ ] a", true),
        ("- [] a", false), ("-[ ] a", false), ("- [y] a", false), ("[ ] a", false), ("- [ ]a", false), ("1234567890. [ ] a", false), ("text - [ ] a", false),
    ])
    func taskItemLines(_ c: (String, Bool)) {
        #expect(FencedTaskItems.isTaskItem(Substring(c.0)) == c.1)
    }
}
