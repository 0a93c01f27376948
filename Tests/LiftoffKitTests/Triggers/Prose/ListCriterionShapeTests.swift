import Testing
@testable import LiftoffKit

/// Criterion shapes in lists: thresholds without operators, population shares, slashed
/// signals, `- >25%` items, severity labels with their action in an aside.
@Suite struct ListCriterionShapeTests {
    private func read(_ markdown: String) -> Runbook {
        RunbookExtractor.extract(markdown, file: "test.md")
    }

    private func describe(_ t: TriggerCandidate) -> String {
        let value = t.value.map { String($0) } ?? (t.relative != nil ? "relative" : "nil")
        return "\(t.signal) \(t.op.rawValue) \(value) for \(t.forSeconds.map(String.init) ?? "-") \(t.action.rawValue)"
    }

    @Test func severityLabelTakesTheActionInItsAside() {
        let rb = read("""
        # Release

        ## When to act

        **SEV1 Triggers (Immediate Rollback):**
        - Queue lag > 120 seconds
        """)
        #expect(rb.triggers.map(describe) == ["queue lag > 120.0 for - rollback"])
    }

    @Test func asideThatRulesTheActionOutDoesNotSetIt() {
        #expect(CriterionAction.of("P0 signals (no rollback needed)") == .page)
        #expect(CriterionAction.of("P0 signals (roll back at once)") == .rollback)
    }

    @Test func bandAndMultipleWithoutOperatorInACriteriaList() {
        let rb = read("""
        # Release

        ## Rollback triggers

        - Timeout rate 3-6% sustained for 8+ minutes
        - Queue latency 3x baseline
        - Fix not found within 20-40 minutes
        """)
        #expect(rb.triggers.map(describe) == ["timeout rate >= 0.03 for 480 rollback", "queue latency >= relative for - rollback"])
    }

    @Test func bandNamedAsTheNormalRangeIsNeverATrigger() {
        let rb = read("""
        # Release

        ## Rollback triggers

        - Queue latency 150-300ms is typical
        - Timeout rate 1-2% is the steady state
        """)
        #expect(rb.triggers.isEmpty, "\(rb.triggers.map(describe))")
    }

    @Test func bandWithoutOperatorOutsideCriteriaIsNotATrigger() {
        let rb = read("""
        # Release

        ## Notes

        - Timeout rate 3-6% is what we usually see
        """)
        #expect(rb.triggers.isEmpty)
    }

    @Test func affectedShareOfAPopulationIsTheSignal() {
        let rb = read("""
        # Release

        ## Rollback triggers

        - Outage impacting > 15% of customers
        - Login failures > 3% of sessions
        """)
        #expect(rb.triggers.map(describe) == ["customers affected > 0.15 for - rollback", "login failures > 0.03 for - rollback"])
    }

    @Test func slashedSignalsAreOneRuleEach() {
        let rb = read("""
        # Release

        ## Rollback triggers

        - Disk/CPU usage > 85% for 4 minutes
        - Spend/hour > 500
        """)
        #expect(rb.triggers.map(describe) == ["disk usage > 0.85 for 240 rollback", "cpu usage > 0.85 for 240 rollback", "spend/hour > 500.0 for - rollback"])
    }

    @Test func operatorInsideAnAsideNamesItsOwnSignal() {
        let rb = read("""
        # Release

        ## Rollback triggers

        - Saturation (memory > 92%)
        """)
        #expect(rb.triggers.map(describe) == ["memory > 0.92 for - rollback"])
    }

    @Test func greaterThanAfterListMarkerIsAThresholdNotAQuote() {
        let rb = read("""
        # Release

        ## Rollback triggers

        - >30% of checkouts failing at the payment step
        """)
        #expect(rb.triggers.map(describe) == ["checkouts failing > 0.3 for - rollback"])
    }

    @Test func escalationCriteriaLabelIntroducesPagingCriteria() {
        let rb = read("""
        # Release

        ## Escalation path

        **Escalation criteria:**
        - Refund errors > 40 per hour
        """)
        #expect(rb.triggers.map(describe) == ["refund errors > 40.0 for - page"])
    }
}

/// Prose that says two things to do under two conditions, and "alert at N".
@Suite struct ProseActionPartsTests {
    private func describe(_ t: TriggerCandidate) -> String {
        "\(t.signal) \(t.op.rawValue) \(t.value.map { String($0) } ?? "nil") for \(t.forSeconds.map(String.init) ?? "-") \(t.action.rawValue)"
    }

    @Test func eachPartKeepsItsOwnAction() {
        let rb = RunbookExtractor.extract("""
        # Release

        ## Soak

        While soaking we halt the rollout if signup errors exceed 3%, and we roll back if refund failures pass 1% over a 15-minute window.
        """, file: "test.md")
        #expect(rb.triggers.map(describe) == ["signup errors > 0.03 for - halt", "refund failures > 0.01 for 900 rollback"])
    }

    @Test func actionAtThresholdUnderANamedSignal() {
        let rb = RunbookExtractor.extract("""
        # Release

        ## Metrics to watch

        1. **Replication lag**
           - page if > 90 seconds for 2 minutes
           - alert at 30 seconds
        """, file: "test.md")
        #expect(rb.triggers.map(describe) == ["replication lag > 90.0 for 120 page", "replication lag >= 30.0 for - alert"])
    }

    @Test func indicatorsLabelIntroducesCriteria() {
        let rb = RunbookExtractor.extract("""
        # Release

        ## Scenario: slow pages

        **Symptoms:**
        - TTFB > 1500ms
        - Complaints from users
        """, file: "test.md")
        #expect(rb.triggers.map(describe) == ["ttfb > 1.5 for - rollback"])
    }
}

/// A threshold table's rows take the action its heading names when they name none.
@Suite struct TableHeadingActionTests {
    @Test func escalationHeadingPagesForRowsWithoutAnAction() {
        let rb = RunbookExtractor.extract("""
        # Release

        ## Escalation matrix

        | Condition | Action |
        |---|---|
        | Refund errors >3% | Auto-rollback |
        | Ledger drift >$500 | Throttle payouts by hand |
        """, file: "test.md")
        #expect(rb.triggers.map { "\($0.signal) \($0.action.rawValue)" } == ["refund errors rollback", "ledger drift page"])
    }
}

/// "(or …)" in an aside is a second rule, not part of the first.
@Suite struct AsideAlternativeTests {
    @Test func alternativeInAnAsideIsItsOwnRule() {
        let rb = RunbookExtractor.extract("""
        # Release

        ## Rollback triggers

        - Heap usage >80% (or >70% on the small nodes)
        """, file: "test.md")
        #expect(rb.triggers.map { "\($0.signal) \($0.value ?? -1)" } == ["heap usage 0.8", "heap usage 0.7"])
    }
}

/// "within one hour" after a count is its window; "within 15 minutes of" is a bound.
@Suite struct WithinWindowTests {
    private func read(_ markdown: String) -> [String] {
        RunbookExtractor.extract(markdown, file: "test.md").triggers.map { "\($0.signal) for \($0.forSeconds.map(String.init) ?? "-") active \($0.activeForSeconds.map(String.init) ?? "-")" }
    }

    @Test func countWithinAWindowHoldsForIt() {
        #expect(read("""
        # Release

        ## Rollback triggers

        - more than 12 chargebacks arrive within two hours
        - Error rate > 1% within 15 minutes of the switch
        """) == ["chargebacks arrive for 7200 active -", "error rate for - active 900"])
    }

    @Test func withinInALeadSentenceIsNotADuration() {
        #expect(read("""
        # Release

        ## Checks

        Roll back if any of these happen within 30 minutes:

        - Refund errors > 2%
        """) == ["refund errors for - active -"])
    }
}
