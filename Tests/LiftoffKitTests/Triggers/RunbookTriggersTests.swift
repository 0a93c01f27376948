import Foundation
import Testing
@testable import LiftoffKit

@Suite struct RunbookTriggersTests {
    static let source = """
    ---
    title: Triggers
    liftoff:
      triggers:
        - trigger budget: error rate > 5% then page
    ---
    # Payments

    ## T-30m: Canary

    - [ ] Watch the canary <!-- liftoff: trigger canary errors: "sum(rate(errors{canary=\\"1\\"}[1m]))" > 0.5% for 2m then alert -->

    ```liftoff
    checks:
      - check tcp db.internal:5432 expect connected
    triggers:
      - trigger slow: p99 latency > {{P99}}ms for {{MINUTES}} minutes then rollback
      - name: queue
        signal: queue depth
        when: ">= 500"
        keep: 5m
        nodata: fail
        then: alert
    shift:
      stages: [10, 100]
      command: ./w.sh {{weight}}
    rollback:
      - ./rollback.sh
    ```

    ## Rollback Triggers

    - Error rate > 1% for 5 minutes
    - CPU usage above 90%
    """

    static var vars: LaunchVariables {
        LaunchVariables(values: ["P99": "800", "MINUTES": "3"], signals: ["error rate": "sum(rate(e[5m]))", "p99 latency": "hq(0.99)", "queue depth": "max(q)"])
    }

    @Test func explicitTriggersFromCommentsBlocksAndFrontMatterWithProseCandidates() throws {
        let runbook = RunbookExtractor.extract(Self.source, file: "r.md")
        let result = runbook.triggerRules(vars: Self.vars, source: Self.source)
        #expect(result.errors.isEmpty)
        #expect(result.rules.map(\.id).sorted() == ["budget", "canary-errors", "queue", "rollback-triggers/error-rate", "slow"])
        let canary = try #require(result.rules.first { $0.id == "canary-errors" })
        #expect(canary.query == #"sum(rate(errors{canary="1"}[1m]))"#)
        #expect(canary.threshold == 0.005 && canary.forSeconds == 120 && canary.action == .alert && canary.origin == .annotation)
        #expect(canary.activeFrom == .minutes(-30), "from the start of its phase")
        #expect(canary.position.line == 11)
        let slow = try #require(result.rules.first { $0.id == "slow" })
        #expect(slow.query == "hq(0.99)" && slow.threshold == 0.8 && slow.forSeconds == 180 && slow.action == .rollback && slow.origin == .yaml)
        let queue = try #require(result.rules.first { $0.id == "queue" })
        #expect(queue.op == .greaterOrEqual && queue.threshold == 500 && queue.keepSeconds == 300 && queue.nodata == .fail && queue.query == "max(q)")
        let budget = try #require(result.rules.first { $0.id == "budget" })
        #expect(budget.query == "sum(rate(e[5m]))" && budget.action == .page)
        let prose = try #require(result.rules.first { $0.id == "rollback-triggers/error-rate" })
        #expect(prose.origin == .prose && prose.forSeconds == 300 && prose.threshold == 0.01)
        #expect(prose.everySeconds == 15 && prose.nodata == .hold && prose.maxErrors == 4 && prose.activeFrom == .zero, "defaults; T-0 for an untimed section")
        #expect(result.unbound.map(\.signal) == ["cpu usage"])
        // The other readers see only their own keys.
        #expect(runbook.checks(vars: Self.vars).checks.count == 1)
        #expect(runbook.checks(vars: Self.vars).errors.isEmpty)
        #expect(runbook.shiftSteps().shifts.count == 1)
        #expect(RollbackProcedure.of(runbook).items.map(\.commands) == [["./rollback.sh"]])
    }

    @Test func lintReportsInvalidTriggersAndUnboundSignalsOnce() throws {
        let source = """
        # R

        ## Rollback Triggers

        - Error rate > 1% for 5 minutes
        - Error rate > 2% for 1 minute

        <!-- liftoff: trigger broken: error rate > lots then rollback -->
        <!-- liftoff: trigger named: p95 latency > 1s then alert -->
        """
        let runbook = RunbookExtractor.extract(source, file: "r.md")
        let diagnostics = Linter.lint(runbook, vars: LaunchVariables(), source: source)
        let invalid = diagnostics.filter { $0.code == "invalid-trigger" }
        #expect(invalid.count == 1)
        #expect(invalid.first?.line == 8)
        #expect(invalid.first?.column == 44, "the column of 'lots'")
        #expect(invalid.first?.message == "expected a number with an optional unit, found 'lots'")
        let unbound = diagnostics.filter { $0.code == "unbound-trigger" }
        #expect(unbound.map(\.message) == [
            "trigger 'Error rate > 1% for 5 minutes' and 1 more watch 'error rate', which no signal binds",
            "trigger 'trigger named: p95 latency > 1s then alert' watches 'p95 latency', which no signal binds",
        ])
        let bound = Linter.lint(runbook, vars: LaunchVariables(signals: ["error rate": "x", "p95 latency": "y"]), source: source)
        #expect(!bound.contains { $0.code == "unbound-trigger" })
    }

    @Test func idsAreStableAndDistinct() {
        let source = """
        # R

        ## Thresholds

        | Metric | Threshold |
        |---|---|
        | P95 latency | warning: P95 latency > 200ms, critical: P95 latency > 500ms |

        ## Rollback Triggers

        - Error rate > 1% for 5 minutes
        """
        let vars = LaunchVariables(signals: ["error rate": "x", "p95 latency": "y"])
        let a = RunbookExtractor.extract(source, file: "r.md").triggers(vars: vars).map(\.id)
        let b = RunbookExtractor.extract("Intro paragraph.\n\n" + source.replacingOccurrences(of: "# R\n", with: "# R\n\nMore words.\n"), file: "r.md").triggers(vars: vars).map(\.id)
        #expect(a == b)
        #expect(Set(a).count == a.count)
    }
}
