import Testing
@testable import LiftoffKit

/// Criteria inside code fences: config threshold maps and text criteria lists
/// (docs/runbook-format.md, "Criteria in code fences").
@Suite struct FenceCriteriaTests {
    private func read(_ markdown: String) -> Runbook {
        RunbookExtractor.extract(markdown, file: "test.md")
    }

    private func describe(_ t: TriggerCandidate) -> String {
        let value = t.value.map { String($0) } ?? (t.relative != nil ? "relative" : "nil")
        return "\(t.position.line): \(t.signal) \(t.op.rawValue) \(value) for \(t.forSeconds.map(String.init) ?? "-") \(t.action.rawValue)"
    }

    @Test func yamlTriggerMapWithValueAndActionSiblings() {
        let rb = read("""
        # Release

        ## Rollback triggers

        ```yaml
        checks:
          ttfb_threshold:
            value: 1200ms
            action: rollback
          queue_backlog:
            failures: 2
            action: page
          uptime:
            value: 99%
            action: alert
          image_size:
            value: 2MB
            action: alert
        ```
        """)
        #expect(rb.triggers.map(describe) == [
            "7: ttfb > 1.2 for - rollback",
            "10: queue backlog failures >= 2.0 for - page",
            "13: uptime < 0.99 for - alert",
        ])
    }

    @Test func jsObjectWithSeverityGroupsAndComparisonComments() {
        let rb = read("""
        # Release

        ## Alert thresholds

        ```js
        const limits = {
          critical: {
            dbErrors: 4,       // > 4% db errors
            p95Latency: 3000,  // > 3 seconds
          },
          warning: {
            dbErrors: 1,       // > 1% db errors
          }
        };
        ```
        """)
        #expect(rb.triggers.map(describe) == [
            "8: db errors > 0.04 for - page",
            "9: p95 latency > 3.0 for - page",
            "12: db errors > 0.01 for - alert",
        ])
    }

    @Test func abortMapWithOperatorsInValuesAndUnitInKey() {
        let rb = read("""
        # Release

        ## Canary

        ```yaml
        abort_if:
          checkout_errors: "> 2%"
          p99_latency_ms: 900
          for: 5m
        ```
        """)
        #expect(rb.triggers.map(describe) == ["7: checkout errors > 0.02 for 300 rollback", "8: p99 latency > 0.9 for 300 rollback"])
    }

    @Test func configOutsideCriteriaIsNotRead() {
        let rb = read("""
        # Release

        ## Deploy

        ```yaml
        replicas: 3
        error_rate: 5%
        max_surge: 2
        ```
        """)
        #expect(rb.triggers.isEmpty)
        #expect(rb.healthy.isEmpty)
    }

    @Test func healthyMapIsNeverATrigger() {
        let rb = read("""
        # Release

        ## Rollback triggers

        ```yaml
        slo_targets:
          error_rate: 1%
          availability: 99.9%
        ```
        """)
        #expect(rb.triggers.isEmpty, "\(rb.triggers.map(describe))")
        #expect(rb.healthy.map { "\($0.signal) \($0.op.rawValue)" } == ["error rate <=", "availability >="])
    }

    @Test func boxDrawnCriteriaUnderCapitalLabels() {
        let rb = read("""
        # Release

        ## Decision criteria

        ```
        ┌──────────────────────────────────────────┐
        │   ABORT AT ONCE:                         │
        │   • Timeout rate >4% for 6+ minutes      │
        │   • Data loss                            │
        │   ESCALATION TRIGGERS:                   │
        │   • Queue latency 2x baseline            │
        └──────────────────────────────────────────┘
        ```
        """)
        #expect(rb.triggers.map(describe) == ["8: timeout rate > 0.04 for 360 rollback", "11: queue latency >= relative for - page"])
    }

    @Test func shellFenceListOfSignsTakesTheFencesAction() {
        let rb = read("""
        # Release

        ## Incidents

        ### Checkout degradation

        ```bash
        # Watch for:
        - Checkout latency > 700ms for 3+ minutes
        - Disk/CPU usage > 85%

        # Then:
        1. Scale out
        2. If still slow after 5 minutes: ROLLBACK
        ./scale.sh --replicas 6
        ```
        """)
        #expect(rb.triggers.map(describe) == [
            "9: checkout latency > 0.7 for 180 rollback",
            "10: disk usage > 0.85 for - rollback",
            "10: cpu usage > 0.85 for - rollback",
        ])
    }

    @Test func shellFenceUnderARollbackProcedureNeedsALabel() {
        let rb = read("""
        # Release

        ## Rollback procedure

        ```bash
        - scale to > 4 pods
        ./rollback.sh
        ```
        """)
        #expect(rb.triggers.isEmpty)
    }

    @Test func runbookSaysWhatCriticalLeadsTo() {
        let rb = read("""
        # Release

        Policy: automated rollback on critical breaches; a person looks at warnings.

        ## Alert thresholds

        ```yaml
        critical:
          queueLag: 600  # > 10 minutes queue lag
        warning:
          queueLag: 120  # > 2 minutes queue lag
        ```
        """)
        #expect(rb.triggers.map(describe) == ["9: queue lag > 600.0 for - rollback", "11: queue lag > 120.0 for - alert"])
    }

    @Test func stopConditionsHeadingIsACriteriaSectionNotAStep() {
        let rb = read("""
        # Release

        ## Stop conditions

        ```
        ANY OF THESE:
        - Webhook failures > 2%
        ```
        """)
        #expect(rb.steps.isEmpty)
        #expect(rb.triggers.map(describe) == ["7: webhook failures > 0.02 for - rollback"])
    }

    @Test func procedureLabelInAFenceIsNotCriteria() {
        let rb = read("""
        # Release

        ## Incidents

        ```
        ROLLBACK STEPS:
        1. Scale the old pool to more than 6 nodes
        ```
        """)
        #expect(rb.triggers.isEmpty, "\(rb.triggers.map(describe))")
    }
}
