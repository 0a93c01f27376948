import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import LiftoffMarkdown
import Testing

/// Every seed and corpus runbook parses and lints; what a reader sees in the corpus holds.
@Suite struct CorpusTests {
    @Test(arguments: Fixtures.allRunbookFiles)
    func everyRunbookParsesAndLints(_ url: URL) {
        let text = Fixtures.text(url)
        #expect(!text.isEmpty, "cannot read \(url.path)")
        let runbook = RunbookExtractor.extract(text, file: url.lastPathComponent)
        let diagnostics = Linter.lint(runbook)
        for d in diagnostics {
            #expect(d.line >= 1 && d.column >= 1)
        }
        for step in runbook.steps {
            #expect(!step.id.isEmpty)
            #expect(step.position.line >= 1)
        }
        #expect(Set(runbook.steps.map(\.id)).count == runbook.steps.count, "step ids must be unique")
    }

    private func corpus(_ prefix: String) -> Runbook? {
        guard let url = Fixtures.allRunbookFiles.first(where: { $0.lastPathComponent.hasPrefix(prefix) }) else { return nil }
        return RunbookExtractor.extract(Fixtures.text(url), file: url.lastPathComponent)
    }

    @Test func pmTemplateTaskItemsWithNestedOwners() throws {
        guard let runbook = corpus("03-") else { return }
        let tasks = runbook.steps.filter { $0.kind == .task }
        // 121 check boxes less the four "**Role:** GO / NO-GO - [Signature]" votes of the sign-off gate.
        #expect(tasks.count == 117)
        #expect(runbook.gates.contains { $0.roles.contains("Executive Sponsor") })
        let acceptance = try #require(tasks.first { $0.text == "All acceptance criteria met" })
        #expect(acceptance.owner == "QA Lead")
        #expect(runbook.steps.filter { $0.parent == acceptance.id }.isEmpty, "Owner/Status/Evidence lines describe the step")
        let weeks = try #require(runbook.phases.first { $0.title == "4 Weeks Before Go-Live" })
        #expect(weeks.window?.start == .days(-28))
        #expect(runbook.phases.contains { $0.title == "T-4 Hours: Pre-Deployment" && $0.window?.start == .hours(-4) })
        #expect(runbook.possiblePlaceholders.contains { $0.text == "[MM/DD/YYYY]" })
    }

    @Test func gitlabRolloutNestsThreeDeep() throws {
        guard let runbook = corpus("04-") else { return }
        let set = try #require(runbook.steps.first { $0.text.contains("--actors") })
        let parent = try #require(runbook.steps.first { $0.id == set.parent })
        #expect(parent.parent != nil)
        #expect(runbook.possiblePlaceholders.contains { $0.text == "<feature-flag-name>" })
    }

    @Test func commonmarkChecklistIndentedByOneSpace() throws {
        guard let runbook = corpus("06-") else { return }
        #expect(runbook.steps.filter { $0.kind == .task }.count == 17)
        #expect(runbook.commands.contains { $0.code.hasPrefix("git remote set-head") })
    }

    @Test func federalistLazyNumbering() throws {
        guard let runbook = corpus("11-") else { return }
        #expect(runbook.title == "Launch Checklist")
        let top = runbook.steps.filter { $0.parent == nil && $0.kind == .numbered }
        #expect(top.count == 9)
        #expect(runbook.steps.filter { $0.parent != nil }.count == 2)
    }

    @Test func mercariCheckTablesAreUntimedSteps() throws {
        guard let runbook = corpus("01-") else { return }
        // "| Check name | Short Description | Level C | …": every row a check to tick before release.
        #expect(runbook.steps.count == 74)
        #expect(runbook.steps.allSatisfy { $0.kind == .tableRow && $0.window == nil })
        // "alerts should be sent if it is >75%" in a cell: alerts on the row's signal, never on its
        // healthy side ("should be <50% during peak load").
        #expect(runbook.triggers.count >= 4)
        #expect(runbook.triggers.allSatisfy { $0.action == .alert && [.greater, .greaterOrEqual].contains($0.op) })
        #expect(runbook.triggers.contains { $0.signal == "disk usage" && $0.value == 0.75 })
    }

    @Test func unjucksRollbackTriggers() throws {
        guard let runbook = corpus("07-") else { return }
        let errorRate = try #require(runbook.triggers.first { $0.signal == "error rate" && $0.value == 0.05 })
        #expect(errorRate.forSeconds == 60)
        #expect(runbook.commands.count >= 10)
    }
}

@Suite struct CommandTests {
    @Test func promptsAreStrippedAndOutputDropped() {
        #expect(CommandDetector.withoutPrompts("$ tag=\"v1\"\n$ git push origin \"${tag}\"\n", language: "bash") == "tag=\"v1\"\ngit push origin \"${tag}\"\n")
        #expect(CommandDetector.withoutPrompts("$ kubectl get pods \\\n    -n web\nNAME  READY\napi   1/1\n", language: "console") == "kubectl get pods \\\n    -n web\n")
        #expect(CommandDetector.withoutPrompts("echo $HOME\n", language: "bash") == "echo $HOME\n")
    }

    @Test func expectationsFollowCommands() throws {
        let text = "# R\n## Steps\n1. Check the DB\n   ```bash\n   aws rds describe-db-instances --query 'x'\n   # Expected: available\n   ```\n"
        let runbook = RunbookExtractor.extract(text, file: "r.md")
        let command = try #require(runbook.commands.first)
        #expect(command.expected == "available")
        #expect(command.step == runbook.steps.first?.id)
        #expect(command.position == SourcePosition(line: 5, column: 4))
    }

    @Test(arguments: [
        ("bash scripts/migrate-prod.sh", true), ("./scripts/verify-migration.sh", true), ("kubectl rollout status deploy/api", true),
        ("$ git verify-tag v1", true), ("CHANGELOG.md", false), ("/chatops run feature set x true", false), ("composer.json", false),
        ("git", false), ("./docs/", false), ("$", false),
    ])
    func inlineCodeThatIsPlainlyACommand(_ code: String, _ expected: Bool) {
        #expect(CommandDetector.isPlainlyCommand(code) == expected)
    }
}
