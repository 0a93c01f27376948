import Testing
@testable import LiftoffKit

/// Rollback criteria written as the conditions of a shell script: a condition is read only when
/// its branch rolls back, and only the comparisons that fire by themselves
/// (docs/runbook-format.md, "Criteria in code fences").
@Suite struct ShellConditionTests {
    private func triggers(_ script: String, info: String = "bash") -> [String] {
        let rb = RunbookExtractor.extract("# Release\n\n## Scenario: error spike\n\n```\(info)\n\(script)\n```\n", file: "test.md")
        return rb.triggers.map { t in
            let value = t.value.map(\.numberText) ?? "nil"
            return "\(t.position.line):\(t.position.column) \(t.signal) \(t.op.rawValue) \(value)\(t.unit.map { " (\($0))" } ?? "") \(t.action.rawValue)"
        }
    }

    @Test func aTestWhoseBranchRollsBackIsACriterionAtItsLine() {
        #expect(triggers("""
        ERROR_RATE=$(./scripts/calculate-error-rate.sh)
        # Immediate rollback if critical
        if [ $ERROR_RATE -gt 5 ]; then
          ./scripts/rollback.sh --immediate --reason="error-spike"
        else
          echo "Monitoring"
        fi
        """) == ["8:4 error rate > 5 rollback"])
    }

    @Test func everyTestForm() {
        #expect(triggers("""
        if [[ "${P99_LATENCY_MS}" -ge 800 ]]; then kubectl rollout undo deployment/api; fi
        if (( FAILED_PODS > 2 )); then helm rollback api; fi
        if (( $(echo "$ERROR_RATE > 0.05" | bc -l) )); then
          echo "ROLLBACK"
        fi
        if [ $(echo "$CPU_PCT < 95" | bc) -eq 0 ]; then ./rollback.sh; fi
        if test 3 -lt $RESTARTS; then ./rollback.sh; fi
        """) == [
            "6:4 p99 latency >= 0.8 (ms) rollback",
            "7:4 failed pods > 2 rollback",
            "8:4 error rate > 0.05 rollback",
            "11:4 cpu >= 0.95 (%) rollback",
            "12:4 restarts > 3 rollback",
        ])
    }

    @Test func eitherSideOfAnOrFiresAloneButAnAndIsLeftAlone() {
        #expect(triggers("""
        if [ $ERROR_RATE_PCT -gt 2 ] || [ $LATENCY_SECONDS -gt 1 ]; then ./rollback.sh; fi
        if [ $ERRORS -gt 5 ] && [ $MINUTES -gt 3 ]; then ./rollback.sh; fi
        if [[ $ERRORS -gt 5 && $MINUTES -gt 3 ]]; then ./rollback.sh; fi
        """) == ["6:4 error rate > 0.02 (%) rollback", "6:33 latency > 1 (s) rollback"])
    }

    @Test func onlyABranchThatRollsBackOrHaltsMakesACriterion() {
        #expect(triggers("""
        if [ $QUEUE_DEPTH -gt 500 ]; then
          echo "Queue is deep: no rollback needed, scale the workers"
          kubectl scale deployment/worker --replicas=10
        elif [ $QUEUE_DEPTH -gt 5000 ]; then
          kubectl argo rollouts pause api
        fi
        if [ $REGRESSION -gt 20 ]; then
          ./scripts/alert.sh --severity=high
        fi
        if [ $SUCCESS_RATE -ge 99 ]; then echo "promote"; fi
        """) == ["9:6 queue depth > 5000 halt"])
    }

    @Test func anElseThatRollsBackTurnsASingleComparisonAround() {
        #expect(triggers("""
        if [ $HEALTHY_PODS -ge 3 ]; then
          echo "healthy"
        else
          ./scripts/rollback.sh
        fi
        """) == ["6:4 healthy pods < 3 rollback"])
    }

    @Test func aRollbackNestedDeeperStillBelongsToTheOuterBranch() {
        #expect(triggers("""
        if (( ERRORS > 10 )); then
          if [ "$AUTO_ROLLBACK" = "true" ]; then
            ./rollback.sh
          fi
        fi
        """) == ["6:4 errors > 10 rollback"])
    }

    @Test func stringsExitStatusesAndCommandsAreNotCriteria() {
        #expect(triggers("""
        if [ $CDN_STATUS != "healthy" ]; then ./rollback.sh; fi
        if [ "$RISK_LEVEL" = "critical" ]; then ./rollback.sh; fi
        if [ $? -ne 0 ]; then ./rollback.sh; fi
        if ! ./scripts/verify-metrics.sh; then ./rollback.sh; fi
        if [ $ERRORS -gt $THRESHOLD ]; then ./rollback.sh; fi
        if ! [ $ERRORS -lt 5 ]; then ./rollback.sh; fi
        """).isEmpty)
    }

    @Test func anUnlabelledFenceIsReadButNotAnotherLanguage() {
        let script = "if [ $ERROR_RATE -gt 5 ]; then ./rollback.sh; fi"
        #expect(triggers(script, info: "") == ["6:4 error rate > 5 rollback"])
        #expect(triggers(script, info: "python").isEmpty)
    }

    @Test func brokenScriptsDoNotTrap() {
        for script in ["fi\nfi\nelse", "if", "if [", "if [ $X -gt ]; then rollback", "elif [ $X -gt 1 ]; then ./rollback.sh",
                       "if [ $X -gt 99999999999999999999999 ]; then ./rollback.sh; fi", "if (( ))", "if [ \"$X -gt 5 ]; then ./rollback.sh"] {
            _ = triggers(script)
        }
        #expect(triggers("if [ $X -gt 1e400 ]; then ./rollback.sh; fi").isEmpty)
        // An excerpt that starts at an `elif` still reads what follows.
        #expect(triggers("elif [ $LAG -gt 30 ]; then ./rollback.sh; fi\nif [ $ERRORS -gt 5 ]; then ./rollback.sh; fi") == [
            "6:6 lag > 30 rollback", "7:4 errors > 5 rollback",
        ])
    }
}
