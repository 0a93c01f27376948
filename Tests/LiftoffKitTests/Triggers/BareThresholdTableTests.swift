import Testing
@testable import LiftoffKit

/// Threshold tables whose cells hold values without an operator: read only when the row says
/// which way is worse, and never when what it says disagrees (docs/runbook-format.md, "Trigger
/// candidates").
@Suite struct BareThresholdTableTests {
    private func triggers(_ table: String, heading: String = "Rollback thresholds") -> [String] {
        let rb = RunbookExtractor.extract("# Release\n\n## \(heading)\n\n\(table)\n", file: "t.md")
        return rb.triggers.map { "\($0.signal) \($0.op.rawValue) \($0.value.map(\.numberText) ?? "nil") \($0.action.rawValue)" }
    }

    @Test func severityColumnsAndTheSignalsNameAgree() {
        #expect(triggers("""
        | Metric | Warning | Critical (roll back) |
        |---|---|---|
        | CPU | 80% | 95% |
        | Indexing lag | 30s | 120s |
        | Queue depth | 1000 | 5000 |
        | Availability | 99.5% | 99% |
        """) == [
            "cpu >= 0.8 alert", "cpu >= 0.95 rollback",
            "indexing lag >= 30 alert", "indexing lag >= 120 rollback",
            "queue depth >= 1000 alert", "queue depth >= 5000 rollback",
            "availability <= 0.995 alert", "availability <= 0.99 rollback",
        ])
    }

    @Test func aHealthyColumnSaysWhichSideFires() {
        #expect(triggers("""
        | Metric | Normal | Rollback |
        |---|---|---|
        | Error rate | 0.1% | 2% |
        | Apdex | 0.95 | 0.8 |
        | Widget count | 100 | 10 |
        """) == ["error rate >= 0.02 rollback", "apdex <= 0.8 rollback", "widget count <= 10 rollback"])
    }

    @Test func aRowThatDoesNotSayOrContradictsItselfIsNotRead() {
        #expect(triggers("""
        | Metric | Warning | Critical |
        |---|---|---|
        | Availability | 95% | 99% |
        | Widgets | 5 | 5 |
        | CPU | high | very high |
        """).isEmpty)
        #expect(triggers("""
        | Metric | Rollback |
        |---|---|
        | Widgets | 5 |
        """).isEmpty)
        #expect(triggers("""
        | Metric | Target | Rollback |
        |---|---|---|
        | Error rate | 2% | 2% |
        | p99 latency | 800ms | 300ms |
        """).isEmpty)
    }

    @Test func aRowMayMixCellsWithAndWithoutAnOperator() {
        #expect(triggers("""
        | Metric | Warning | Critical |
        |---|---|---|
        | p99 latency | > 300ms | 800ms |
        """) == ["p99 latency > 0.3 alert", "p99 latency >= 0.8 page"])
    }
}
