@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// What a careful human reads in the seed runbooks, pinned.
@Suite struct AcmeBlueGreenGoldenTests {
    let runbook = Fixtures.runbook("acme-blue-green")

    @Test func titleAndDocumentOwner() {
        #expect(runbook.title == "Deployment Runbook — Acme Corp")
        #expect(runbook.steps.allSatisfy { $0.owner == "Platform Engineering" })
    }

    @Test func checklistsAndProceduresBecomeSteps() {
        let bySection = Dictionary(grouping: runbook.steps.filter { $0.parent == nil }) { runbook.sections[$0.section].title }
        #expect(bySection["Pre-Deploy Checklist"]?.count == 7)
        #expect(bySection["Pre-Deploy Checklist"]?.allSatisfy { $0.kind == .task && !$0.done } == true)
        #expect(bySection["Deployment Steps"]?.count == 6)
        #expect(bySection["Smoke Test Checklist"]?.count == 5)
        #expect(bySection["Rollback Procedure"]?.count == 5)
        let deploy = runbook.steps.first { $0.text.hasPrefix("Click Deploy to Idle Environment") }
        #expect(runbook.steps.filter { $0.parent == deploy?.id }.count == 4)
    }

    @Test func rollbackStepsAreMarkedRollback() {
        let rollback = runbook.steps.filter(\.rollback)
        #expect(rollback.count == 5)
        #expect(rollback.first?.text.hasPrefix("In the deployment dashboard") == true)
    }

    @Test func rollbackTriggersFromProseWithTheirTimeBound() throws {
        let p99 = try #require(runbook.triggers.first { $0.text.hasPrefix("p99 latency exceeds 800ms") })
        #expect(p99.signal == "p99 latency")
        #expect(p99.op == .greater)
        #expect(p99.value == 0.8)
        #expect(p99.action == .rollback)
        #expect(p99.activeForSeconds == 900)
        let errors = try #require(runbook.triggers.first { $0.text.hasPrefix("Error rate exceeds 1%") })
        #expect(errors.signal == "error rate")
        #expect(errors.value == 0.01)
        #expect(!runbook.triggers.contains { $0.text.contains("SEV1") })
    }

    @Test func thresholdTableGivesAlertsOnTheUnhealthySide() throws {
        let table = runbook.triggers.filter { $0.action == .alert }
        let p99 = try #require(table.first { $0.signal == "p99 latency" })
        #expect(p99.op == .greaterOrEqual)
        #expect(p99.value == 0.8)
        #expect(p99.activeForSeconds == 1800)
        #expect(table.first { $0.signal == "error rate" }?.value == 0.005)
        #expect(table.first { $0.signal == "cpu" }?.value == 0.7)
        #expect(table.first { $0.signal == "memory" }?.value == 0.8)
        #expect(table.first { $0.signal == "queue depth" }?.value == 500)
        #expect(table.first { $0.signal == "active connections" }?.value == 180)
    }

    @Test func contactsAreNotSteps() {
        #expect(!runbook.steps.contains { $0.text.contains("Dana Chen") })
    }
}

@Suite struct GoLiveTemplateGoldenTests {
    let runbook = Fixtures.runbook("go-live")

    @Test func prelaunchPhasesWithOwnersAndDueOffsets() throws {
        let t7 = try #require(runbook.sections.first { $0.title == "T-7 Days: Infrastructure Verification" })
        #expect(t7.window?.start == .days(-7))
        #expect(t7.owner == "{{INFRA_OWNER}}")
        let steps = runbook.steps.filter { $0.section == runbook.sections.firstIndex(of: t7) }
        #expect(steps.count == 9)
        #expect(steps.allSatisfy { $0.owner == "{{INFRA_OWNER}}" && $0.window?.start == .days(-7) })
        let phases = runbook.phases.map(\.title)
        #expect(phases.contains("T-5 Days: DNS Configuration"))
        #expect(phases.contains("T-1 Day: Legal / Compliance Sign-off"))
        #expect(phases.contains("T-0: Pre-Launch Final Checks (Within 2 Hours of Launch)"))
    }

    @Test func launchTableRowsWithOffsetsAndOwners() throws {
        let rows = runbook.steps.filter { $0.kind == .tableRow && runbook.sections[$0.section].title.hasPrefix("H") }
        #expect(rows.count == 25)
        let first = try #require(rows.first)
        #expect(first.text == "Announce in war room: \"Deployment started\"")
        #expect(first.window?.start == .zero)
        #expect(first.owner == "{{IC}}")
        let migrate = try #require(rows.first { $0.text.hasPrefix("Run database migrations") })
        #expect(migrate.window?.start == .minutes(20))
        #expect(migrate.owner == "{{DB_OWNER}}")
        #expect(migrate.commands.map { runbook.commands[$0].code } == ["bash scripts/migrate-prod.sh"])
        let last = try #require(rows.last)
        #expect(last.text == "Declare go-live successful")
        #expect(last.window?.start == .hours(2))
        let dbPhase = try #require(runbook.sections.first { $0.title.hasPrefix("H+0:15") })
        #expect(dbPhase.window == TimeWindow(start: .minutes(15), end: .minutes(45)))
    }

    @Test func placeholderTriggersKeepTheirVariables() throws {
        let errorRate = try #require(runbook.triggers.first { $0.signal == "error rate" })
        #expect(errorRate.valueVariable == "ROLLBACK_ERROR_RATE")
        #expect(errorRate.forVariable == "ROLLBACK_DURATION")
        let p99 = try #require(runbook.triggers.first { $0.signal == "p99 latency" })
        #expect(p99.valueVariable == "ROLLBACK_P99")
        let vars = LaunchVariables(values: ["ROLLBACK_ERROR_RATE": "2", "ROLLBACK_DURATION": "5", "ROLLBACK_P99": "1200", "ROLLBACK_LATENCY_DURATION": "10"])
        let filled = runbook.substituting(vars)
        let resolved = try #require(filled.triggers.first { $0.signal == "error rate" })
        #expect(resolved.value == 0.02)
        #expect(resolved.forSeconds == 300)
        #expect(filled.triggers.first { $0.signal == "p99 latency" }?.value == 1.2)
    }

    @Test func rollbackProcedureWithCommands() {
        let rollback = runbook.steps.filter { $0.rollback && $0.parent == nil }
        #expect(rollback.count == 8)
        let codes = rollback.flatMap(\.commands).map { runbook.commands[$0].code }
        #expect(codes == ["bash scripts/rollback.sh production", "bash scripts/migrate-down.sh production"])
    }

    @Test func approvalsAreGates() throws {
        let approval = try #require(runbook.gates.first { $0.title == "Approval" })
        #expect(approval.roles == ["Author", "Reviewer", "Approver"])
        let legal = try #require(runbook.gates.first { $0.title.contains("Legal") })
        #expect(legal.roles == ["{{LEGAL_OWNER}}"])
    }

    @Test func guidanceCommentsAreHelp() {
        #expect(runbook.guidance.count == 5)
        #expect(runbook.guidance.first?.text.hasPrefix("Summarize the go-live event") == true)
    }

    @Test func placeholdersWithEveryLine() throws {
        let domain = try #require(runbook.placeholders.first { $0.name == "DOMAIN" })
        #expect(domain.positions.count >= 5)
        #expect(runbook.placeholders.count == 59)
    }
}

@Suite struct FeatureLaunchGoldenTests {
    let runbook = Fixtures.runbook("feature-launch")

    @Test func goNoGoGateWithItsFourApprovers() throws {
        let gate = try #require(runbook.gates.first { $0.title.contains("Go/No-Go") })
        #expect(gate.roles == ["Engineering Lead", "Product Owner", "Engineering Manager", "Program Manager"])
        #expect(gate.window?.start == .hours(-1))
        #expect(runbook.gates.filter { $0.title.contains("Go/No-Go") }.count == 1)
    }

    @Test func rollbackTriggersFromTheOutline() throws {
        let errorRate = try #require(runbook.triggers.first { $0.text == "Error rate > 1% for 5 minutes" })
        #expect(errorRate.signal == "error rate")
        #expect(errorRate.value == 0.01)
        #expect(errorRate.forSeconds == 300)
        #expect(errorRate.action == .rollback)
        let p95 = try #require(runbook.triggers.first { $0.text == "P95 latency > 500ms for 10 minutes" })
        #expect(p95.signal == "p95 latency")
        #expect(p95.value == 0.5)
        #expect(p95.forSeconds == 600)
    }

    @Test func twoLevelThresholdsGiveAlertAndPage() throws {
        let warning = try #require(runbook.triggers.first { $0.text == "warning: P95 > 200ms" })
        #expect(warning.signal == "p95 latency")
        #expect(warning.action == .alert)
        #expect(warning.value == 0.2)
        let critical = try #require(runbook.triggers.first { $0.text == "critical: P95 > 500ms" })
        #expect(critical.action == .page)
        let errorWarning = try #require(runbook.triggers.first { $0.text == "warning: 0.1%" })
        #expect(errorWarning.signal == "error rate")
        #expect(errorWarning.value == 0.001)
    }

    @Test func outlineTimelinePhasesWithRoleOwnedTasks() throws {
        let l14 = try #require(runbook.phases.first { $0.title.hasPrefix("L-14d") })
        #expect(l14.window?.start == .days(-14))
        let index = try #require(runbook.sections.firstIndex(of: l14))
        let tasks = runbook.steps.filter { $0.section == index }
        #expect(tasks.count == 12)
        #expect(tasks.first?.text == "Initialize launch document")
        #expect(tasks.first?.owner == "Program Manager")
        #expect(!tasks.contains { $0.text == "Launch plan draft" })
        let t15 = try #require(runbook.phases.first { $0.title == "T-15min" })
        #expect(t15.window?.start == .minutes(-15))
    }

    @Test func outlineChecklistOwners() throws {
        let scaling = try #require(runbook.steps.first { $0.text == "Scaling policies configured" })
        #expect(scaling.kind == .task)
        #expect(scaling.owner == "Engineering Lead")
        #expect(runbook.steps.first { $0.text == "Security review completed" }?.owner == "Security Lead")
    }

    @Test func launchSequenceStepsWithActions() throws {
        let flags = try #require(runbook.steps.first { $0.text == "Feature Flag Configuration" })
        #expect(flags.owner == "Engineering Lead")
        #expect(flags.window?.start == .zero)
        #expect(runbook.steps.filter { $0.parent == flags.id }.map(\.text) == ["Update feature flags", "Verify configuration", "Confirm propagation"])
        #expect(runbook.steps.first { $0.text == "Database Updates" }?.owner == "Database Admin")
    }

    @Test func rollbackCommandsFromCommandKeys() throws {
        let disable = try #require(runbook.steps.first { $0.text == "Feature Disable" })
        #expect(disable.rollback)
        let code = try #require(disable.commands.first.map { runbook.commands[$0].code })
        #expect(code.hasPrefix("aws ssm put-parameter \\\n  --name"))
        #expect(runbook.steps.first { $0.text == "Code Rollback" }?.commands.count == 1)
    }

    @Test func contactsAndRACIAreNotSteps() {
        #expect(!runbook.steps.contains { $0.text.contains("@eng-lead") })
        #expect(!runbook.steps.contains { $0.text == "Overall launch coordination" })
        #expect(runbook.raci.count == 9)
        #expect(runbook.raci.first { $0.activity == "Deployment" }?.responsible == "Engineering Lead")
    }

    @Test func bracketPlaceholdersAreOnlyPossible() {
        #expect(runbook.placeholders.isEmpty)
        #expect(runbook.possiblePlaceholders.contains { $0.text == "[ZOOM_LINK]" })
        #expect(!runbook.possiblePlaceholders.contains { $0.text.contains("Continue in Part") })
    }
}
