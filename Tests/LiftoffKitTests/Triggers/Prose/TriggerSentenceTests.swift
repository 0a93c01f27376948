import Testing
@testable import LiftoffKit

@Suite struct TriggerSentenceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var sentence: String
        var signal: String
        var op: ComparisonOperator
        var value: Double?
        var forSeconds: Int?
        var testDescription: String { sentence }
    }

    @Test(arguments: [
        Case(sentence: "Error rate > 1% for 5 minutes", signal: "error rate", op: .greater, value: 0.01, forSeconds: 300),
        Case(sentence: "P95 latency > 500ms for 10 minutes", signal: "p95 latency", op: .greater, value: 0.5, forSeconds: 600),
        Case(sentence: "p99 latency exceeds 800ms (baseline is ~350ms).", signal: "p99 latency", op: .greater, value: 0.8, forSeconds: nil),
        Case(sentence: "Error rate exceeds 1% of total requests.", signal: "error rate", op: .greater, value: 0.01, forSeconds: nil),
        Case(sentence: "Response time > 500ms sustained for 2+ minutes", signal: "response time", op: .greater, value: 0.5, forSeconds: 120),
        Case(sentence: "Error rate > 5% for > 1 minute", signal: "error rate", op: .greater, value: 0.05, forSeconds: 60),
        Case(sentence: "Memory/CPU usage > 90% for 3+ minutes", signal: "memory/cpu usage", op: .greater, value: 0.9, forSeconds: 180),
        Case(sentence: "Availability drops below 99.5% for 15 minutes", signal: "availability", op: .less, value: 0.995, forSeconds: 900),
        Case(sentence: "If replication lag is greater than 30 seconds", signal: "replication lag", op: .greater, value: 30, forSeconds: nil),
        Case(sentence: "p99 >= 1.5s for 1h", signal: "p99", op: .greaterOrEqual, value: 1.5, forSeconds: 3600),
    ])
    func readsTriggerSentences(_ c: Case) throws {
        let parsed = try #require(TriggerSentenceParser.parse(c.sentence))
        #expect(parsed.signal == c.signal)
        #expect(parsed.op == c.op)
        #expect(parsed.value == c.value)
        #expect(parsed.forSeconds == c.forSeconds)
    }

    @Test(arguments: [
        "Any SEV1 or SEV2 alert fires.",
        "Critical path failure",
        "Rollback if any of the following occur within 15 minutes of traffic shift:",
        "Traffic returns to the previously active environment within 30 seconds.",
        "Over the past hour things were fine",
        "Support tickets: 50% increase",
    ])
    func doesNotGuess(_ sentence: String) {
        #expect(TriggerSentenceParser.parse(sentence) == nil)
    }

    @Test func variablesStandInForNumbers() throws {
        let parsed = try #require(TriggerSentenceParser.parse("Error rate > {{ROLLBACK_ERROR_RATE}}% for {{ROLLBACK_DURATION}} consecutive minutes"))
        #expect(parsed.valueVariable == "ROLLBACK_ERROR_RATE")
        #expect(parsed.unit == "%")
        #expect(parsed.forVariable == "ROLLBACK_DURATION")
        #expect(parsed.forVariableUnit == 60)
    }

    @Test func timeBoundsOnWhenATriggerApplies() {
        #expect(TimeBound.activeFor(in: "Rollback if any of the following occur within 15 minutes of traffic shift:") == 900)
        #expect(TimeBound.activeFor(in: "For 30 minutes after a completed deployment, monitor:") == 1800)
        #expect(TimeBound.activeFor(in: "Error rate > 1% for 5 minutes") == nil)
    }
}
