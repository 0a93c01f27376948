import LiftoffMarkdown
import Testing
@testable import LiftoffKit

/// Criteria anywhere, and never a trigger that fires on a healthy system (docs/runbook-format.md).
@Suite struct CriteriaReadingTests {
    private func read(_ markdown: String) -> Runbook {
        RunbookExtractor.extract(markdown, file: "test.md")
    }

    private func describe(_ t: TriggerCandidate) -> String {
        "\(t.signal) \(t.op.rawValue) \(t.value.map { String($0) } ?? "nil") for \(t.forSeconds.map(String.init) ?? "-") \(t.action.rawValue)"
    }

    // MARK: Safety

    @Test func successCriteriaAreHealthyNeverTriggers() {
        let rb = read("""
        # Release

        ## Success criteria

        - 5xx below 0.5%
        - p95 latency < 400ms
        - [ ] Error rate < 0.1% for 24 hours
        """)
        #expect(rb.triggers.isEmpty, "\(rb.triggers.map(describe))")
        #expect(rb.healthy.count == 3)
        #expect(rb.steps.isEmpty, "criteria lists are not steps")
    }

    @Test func proceedIfLineInsideRollbackSectionIsHealthy() {
        let rb = read("""
        # Canary

        ## Rollback criteria

        - proceed if ✅ p95 < 400ms
        - Error rate > 2% for 5 minutes
        """)
        #expect(rb.triggers.map(describe) == ["error rate > 0.02 for 300 rollback"])
        #expect(rb.healthy.map(\.signal) == ["p95"])
    }

    @Test func conditionPointingAtHealthIsNeverATrigger() {
        let rb = read("""
        # Release

        ## Rollback triggers

        - Error rate < 1%
        - Success rate > 99.5%
        - Success rate < 99% for 10 minutes
        """)
        #expect(rb.triggers.map(describe) == ["success rate < 0.99 for 600 rollback"])
        #expect(rb.healthy.count == 2)
    }

    @Test func explicitAbortColumnWinsOverSuccessColumn() {
        let rb = read("""
        # Canary analysis

        | Metric | Healthy | Abort when |
        |---|---|---|
        | Error rate | < 0.5% | > 2% for 5 min |
        | p99 latency | < 300ms | > 900ms for 3 minutes |
        """)
        #expect(rb.triggers.map(describe).sorted() == ["error rate > 0.02 for 300 rollback", "p99 latency > 0.9 for 180 rollback"])
        #expect(rb.healthy.count == 2)
    }

    @Test func thresholdTableWithoutActionColumnFiresOnTheBreach() {
        let rb = read("""
        # Release

        ## Rollback

        | Metric | Dashboard | Threshold |
        |---|---|---|
        | p99 latency | Grafana | < 800ms |
        """)
        #expect(rb.triggers.map(describe) == ["p99 latency >= 0.8 for - rollback"])
    }

    @Test(arguments: ["Latency > 3x baseline for 5 minutes", "Crash rate > 4× normal", "Crash rate spike > 100% of baseline", "Crash rate > baseline + 10%"])
    func relativeValuesStayRelative(_ line: String) throws {
        let rb = read("# Release\n\n## Rollback triggers\n\n- \(line)\n")
        let trigger = try #require(rb.triggers.first)
        #expect(trigger.value == nil)
        #expect(trigger.relative != nil)
        #expect(rb.triggerRules(vars: LaunchVariables(values: [:], signals: ["latency": "q", "crash rate": "q"])).rules.isEmpty)
        #expect(Linter.lint(rb).contains { $0.code == "relative-trigger" })
    }

    @Test func nonMetricsAreNeverTriggers() {
        let rb = read("""
        # Release

        ## Rollback procedure

        Expected duration: < 10 minutes.

        - Rollback Time: <5 minutes
        """)
        #expect(rb.triggers.isEmpty, "\(rb.triggers.map(describe))")
    }

    @Test func triggerSatisfiedByTheStatedBaselineIsALintError() throws {
        let rb = read("""
        # Latency

        The p99 latency baseline is ~350ms.

        ## Rollback triggers

        - p99 latency > 300ms for 3 minutes
        """)
        let finding = try #require(Linter.lint(rb).first { $0.code == "trigger-fires-at-baseline" })
        #expect(finding.severity == .error)
        #expect(finding.line == 7)
    }

    // MARK: Criteria anywhere

    @Test func proseInAProcedureYieldsOneRulePerClause() {
        let rb = read("""
        # Deploy

        ## Procedure

        1. Start the canary. The on-call will undo the release if p99 stays above 300 ms for 3 minutes or 5xx passes 2%.
        """)
        #expect(rb.triggers.map(describe) == ["p99 > 0.3 for 180 rollback", "5xx > 0.02 for - rollback"])
    }

    @Test func nestedCriteriaTakeTheSignalOfTheirItem() {
        let rb = read("""
        # Release

        ## Monitoring

        1. **Error rate**
           - alert if > 1%
        2. **Queue depth**
           - page if > 10000 sustained for 4 minutes
        """)
        #expect(rb.triggers.map(describe) == ["error rate > 0.01 for - alert", "queue depth > 10000.0 for 240 page"])
    }

    @Test func leadSentenceDurationAppliesToItsList() {
        let rb = read("""
        # Release

        ## Halt criteria

        Halt the rollout if any of these hold for 15 consecutive minutes:

        - Error rate > 1%
        - p99 latency > 2s (sustained 3+ min)
        """)
        #expect(rb.triggers.map(describe) == ["error rate > 0.01 for 900 halt", "p99 latency > 2.0 for 180 halt"])
    }

    @Test(arguments: [
        ("Error rate > 1% for 4+ minutes", 240),
        ("Error rate > 1% (sustained 3+ min)", 180), ("Error rate > 1% (5 min)", 300), ("Error rate > 1% (15-minute window)", 900),
        ("Error rate > 1% over a 10-minute window", 600),
        ("Error rate > 1% for at least 5 minutes", 300),
        ("Error rate > 1% over 10 minutes", 600),
    ])
    func durationShapes(_ c: (String, Int)) throws {
        let parsed = try #require(TriggerSentenceParser.parse(c.0))
        #expect(parsed.forSeconds == c.1)
        #expect(parsed.value == 0.01)
    }

    @Test func headingWordsChooseTheAction() {
        let rb = read("""
        # Launch

        ## Alert if

        - Error rate > 1%

        ## When to page the on-call

        - Error rate > 5%

        ## Abort criteria

        - Error rate > 10%
        """)
        #expect(rb.triggers.map(\.action) == [.alert, .page, .rollback])
    }

    @Test func dontRollBackIfIsHealthy() {
        let rb = read("""
        # Release

        ## Rollback

        Don't rollback if: affects < 5% of users.

        Rollback if: error rate > 5% for 10 minutes.
        """)
        #expect(rb.triggers.map(describe) == ["error rate > 0.05 for 600 rollback"])
    }

    @Test func signalAfterItsThreshold() throws {
        let parsed = ConditionClauses.parse("Core functionality broken, >50% error rate")
        #expect(parsed.map(\.signal) == ["error rate"])
        #expect(parsed.first?.value == 0.5)
        // Only a unit after the threshold: the context names the signal.
        #expect(TriggerSentenceParser.parse("< 500 messages", defaultSubject: "queue depth")?.signal == "queue depth")
    }

    @Test func haltIsATriggerAction() throws {
        let definition = try TriggerParser(values: [:]).parse("trigger hold: error rate > 1% for 2m then halt", context: .init(file: "t.md", position: SourcePosition(line: 1, column: 1)))
        #expect(definition.action == .halt)
    }
}

/// Shapes found in the corpus that the rules above generalise.
@Suite struct CriteriaShapeTests {
    private func read(_ markdown: String) -> Runbook {
        RunbookExtractor.extract(markdown, file: "test.md")
    }

    @Test func alertThresholdsLabelIntroducesCriteria() {
        let rb = read("""
        # Rollout

        ## Monitoring

        **Alert Thresholds:**
        - App launch failures > 1%
        - Crash rate increase > 50%
        """)
        #expect(rb.triggers.count == 2)
        #expect(rb.triggers.allSatisfy { $0.action == .alert })
        #expect(rb.triggers.first { $0.signal == "app launch failures" }?.value == 0.01)
        // A percentage of a change is relative to what the signal was before.
        #expect(rb.triggers.first { $0.signal.hasPrefix("crash rate") }?.relative != nil)
    }

    /// "falls by more than 20%" is the size of a change, never a level: read as a level it would
    /// fire whenever the signal stood above 0.2.
    @Test func aChangeByAnAmountIsRelativeAndNamesItsSignal() throws {
        let rb = read("""
        # Release

        ## Rollback triggers

        - Order volume falls by more than 20% versus last week
        - p99 latency goes up by > 200ms
        - Traffic is down by more than 30%
        - Packet drop rate > 1%
        """)
        #expect(rb.triggers.map { "\($0.signal) \($0.op.rawValue) \($0.value.map { String($0) } ?? "nil") \($0.relative ?? "-")" } == [
            "order volume > nil 20% decrease",
            "p99 latency > nil 0.2s increase",
            "traffic > nil 30% decrease",
            "packet drop rate > 0.01 -",
        ])
        #expect(rb.triggerRules(vars: LaunchVariables(values: [:], signals: ["order volume": "q", "p99 latency": "q", "traffic": "q"])).rules.isEmpty)
    }

    @Test func currencyAndThousands() throws {
        #expect(TriggerSentenceParser.parse("Cost/Hour > $750")?.value == 750)
        #expect(TriggerSentenceParser.parse("queue depth > 10k")?.value == 10_000)
        #expect(TriggerSentenceParser.parse("packet drop rate > 5%")?.relative == nil)
    }

    @Test func anAsideDoesNotSetThePolarity() {
        let rb = read("""
        # Rollout

        ## Stage 2

        1. Hold for 30 minutes. We pause the rollout (no rollback yet) if the queue depth exceeds 5000.
        """)
        #expect(rb.triggers.map(\.action) == [.halt])
    }

    @Test func cellProseAlertsOnTheRowSignal() {
        let rb = read("""
        # Readiness

        | Item | Requirement |
        |---|---|
        | Disk usage | Disk usage is monitored and alerts are sent if it is >75%. |
        """)
        #expect(rb.triggers.map { "\($0.signal) \($0.op.rawValue) \($0.value ?? -1)" } == ["disk usage > 0.75"])
    }

    @Test func checkpointRowIsAGateWithItsOwner() throws {
        let rb = read("""
        # Go-live

        | Time | Action | Owner |
        |---|---|---|
        | T-30m | **CHECKPOINT 1**: Confirm proceed | Release Manager |
        """)
        let gate = try #require(rb.gates.first)
        #expect(gate.roles == ["Release Manager"])
        #expect(rb.steps.count == 1)
    }
}

@Suite struct InheritedTimeTests {
    @Test func aStepWhoseTimeCannotBeReadSaysItInheritsItsSection() throws {
        let rb = RunbookExtractor.extract("""
        # Launch

        ## T-1 Day: Prepare

        - [ ] Freeze merges
        - [ ] Tomorrow morning: send the reminder
        """, file: "t.md")
        let finding = try #require(Linter.lint(rb).first { $0.code == "inherited-time" })
        #expect(finding.line == 6)
        #expect(finding.severity == .info)
        #expect(rb.steps.last?.window?.start == .days(-1))
        #expect(Linter.lint(rb).filter { $0.code == "inherited-time" }.count == 1)
    }
}
