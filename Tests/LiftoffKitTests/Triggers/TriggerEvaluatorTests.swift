import Foundation
import LiftoffMarkdown
import Testing
@testable import LiftoffKit

/// One evaluation in a scenario: seconds after the start, what the query returned, and the
/// state the trigger as a whole must be in afterwards.
struct Tick: Sendable {
    var at: Int
    var observation: TriggerObservation
    var expect: TriggerStatus

    static func value(_ at: Int, _ v: Double, _ expect: TriggerStatus) -> Tick { Tick(at: at, observation: .scalar(v), expect: expect) }
    static func empty(_ at: Int, _ expect: TriggerStatus) -> Tick { Tick(at: at, observation: .vector([]), expect: expect) }
    static func error(_ at: Int, _ expect: TriggerStatus) -> Tick { Tick(at: at, observation: .error("connection refused"), expect: expect) }
}

struct Scenario: Sendable, CustomTestStringConvertible {
    var name: String
    var rule: TriggerRule
    var ticks: [Tick]
    var testDescription: String { name }
}

/// Error rate > 1% for 1m, evaluated every 15 s.
func errorRateRule(for seconds: Int = 60, keep: Int = 0, nodata: NoDataPolicy = .hold, errors: Int = 4, op: ComparisonOperator = .greater) -> TriggerRule {
    TriggerRule(id: "error-rate", name: "error rate", signal: "error rate", query: "sum(rate(errors[1m]))", op: op, threshold: 0.01, unit: "%",
                forSeconds: seconds, keepSeconds: keep, nodata: nodata, maxErrors: errors, action: .rollback, origin: .annotation,
                text: "trigger error rate: error rate > 1% for 1m then rollback", position: SourcePosition(line: 1, column: 1), section: 0)
}

/// What a restart must not lose, per series (values of unchanged evaluations are not recorded;
/// a series never seen in an event is ok).
func essentials(_ state: TriggerRuleState) -> [String: String] {
    var out: [String: String] = [:]
    for (key, s) in state.series where s != TriggerSeriesState(value: s.value) {
        out[key] = "\(s.status) nodata=\(s.noData) since=\(s.since.map { "\($0.timeIntervalSince1970)" } ?? "-") cleared=\(s.clearedAt.map { "\($0.timeIntervalSince1970)" } ?? "-")"
    }
    return out
}

let evaluationStart = Date(timeIntervalSince1970: 1_796_112_000)

@Suite struct TriggerEvaluatorTests {
    static let scenarios: [Scenario] = [
        Scenario(name: "fires once the condition held for the whole for-window", rule: errorRateRule(), ticks: [
            .value(0, 0.02, .pending), .value(15, 0.03, .pending), .value(30, 0.02, .pending), .value(45, 0.02, .pending), .value(60, 0.02, .firing), .value(75, 0.02, .firing),
        ]),
        Scenario(name: "one false evaluation resets pending", rule: errorRateRule(), ticks: [
            .value(0, 0.02, .pending), .value(30, 0.005, .ok), .value(45, 0.02, .pending), .value(90, 0.02, .pending), .value(105, 0.02, .firing),
        ]),
        Scenario(name: "flapping never fires", rule: errorRateRule(), ticks: (0..<12).map { i in .value(i * 15, i % 2 == 0 ? 0.02 : 0.001, i % 2 == 0 ? .pending : .ok) }),
        Scenario(name: "for 0 fires at the first true evaluation and resolves at the first false", rule: errorRateRule(for: 0), ticks: [
            .value(0, 0.001, .ok), .value(15, 0.02, .firing), .value(30, 0.001, .ok),
        ]),
        Scenario(name: "keep holds firing after the condition clears", rule: errorRateRule(for: 0, keep: 30), ticks: [
            .value(0, 0.02, .firing), .value(15, 0.0, .firing), .value(30, 0.0, .firing), .value(45, 0.0, .ok),
        ]),
        Scenario(name: "a true evaluation during keep starts keep over", rule: errorRateRule(for: 0, keep: 30), ticks: [
            .value(0, 0.02, .firing), .value(15, 0.0, .firing), .value(30, 0.02, .firing), .value(45, 0.0, .firing), .value(60, 0.0, .firing), .value(75, 0.0, .ok),
        ]),
        Scenario(name: "no data holds by default and is reported", rule: errorRateRule(), ticks: [
            .empty(0, .nodata), .empty(15, .nodata), .value(30, 0.001, .ok),
        ]),
        Scenario(name: "no data while pending holds the window; data after the deadline fires", rule: errorRateRule(), ticks: [
            .value(0, 0.02, .pending), .empty(15, .pending), .empty(45, .pending), .value(60, 0.02, .firing),
        ]),
        Scenario(name: "nodata=pass resets pending", rule: errorRateRule(nodata: .pass), ticks: [
            .value(0, 0.02, .pending), .empty(15, .ok), .value(30, 0.02, .pending),
        ]),
        Scenario(name: "nodata=fail counts as the condition holding", rule: errorRateRule(nodata: .fail), ticks: [
            .empty(0, .pending), .empty(30, .pending), .empty(60, .firing),
        ]),
        Scenario(name: "NaN is no data", rule: errorRateRule(), ticks: [
            .value(0, .nan, .nodata), .value(15, 0.02, .pending),
        ]),
        Scenario(name: "NaN under nodata=fail fires", rule: errorRateRule(for: 0, nodata: .fail), ticks: [
            .value(0, .nan, .firing),
        ]),
        Scenario(name: "+Inf is a value above any threshold", rule: errorRateRule(for: 0), ticks: [
            .value(0, .infinity, .firing), .value(15, -.infinity, .ok),
        ]),
        Scenario(name: "-Inf is below a lower bound", rule: errorRateRule(for: 0, op: .less), ticks: [
            .value(0, -.infinity, .firing), .value(15, .infinity, .ok),
        ]),
        Scenario(name: "query errors freeze the state; the window keeps counting", rule: errorRateRule(), ticks: [
            .value(0, 0.02, .pending), .error(15, .pending), .error(30, .pending), .error(45, .pending), .value(60, 0.02, .firing),
        ]),
        Scenario(name: "more than errors= consecutive errors is the error state, left at the next answer", rule: errorRateRule(errors: 2), ticks: [
            .value(0, 0.02, .pending), .error(15, .pending), .error(30, .pending), .error(45, .error), .error(60, .error), .value(75, 0.02, .firing),
        ]),
        Scenario(name: "an answer between errors restarts the count", rule: errorRateRule(errors: 2), ticks: [
            .error(0, .ok), .error(15, .ok), .value(30, 0.001, .ok), .error(45, .ok), .error(60, .ok), .error(75, .error),
        ]),
    ]

    @Test(arguments: scenarios)
    func scenario(_ scenario: Scenario) {
        var state = TriggerRuleState()
        var all: [TriggerChanged] = []
        for tick in scenario.ticks {
            let outcome = TriggerEvaluator.evaluate(scenario.rule, state: state, observation: tick.observation, now: evaluationStart.addingTimeInterval(Double(tick.at)))
            state = outcome.state
            all += outcome.changes
            #expect(state.status == tick.expect, "at +\(tick.at)s")
            // What was recorded rebuilds the same state (a restarted watcher continues exactly).
            var folded = TriggerRuleState()
            all.forEach { folded.apply($0) }
            #expect(essentials(folded) == essentials(state), "fold at +\(tick.at)s")
            #expect(folded.status == state.status, "folded status at +\(tick.at)s")
        }
    }

    @Test func everyChangeIsOnePayloadWithTheObservedValue() throws {
        let rule = errorRateRule()
        var state = TriggerRuleState()
        var changes: [TriggerChanged] = []
        for (at, v) in [(0, 0.024), (15, 0.03), (60, 0.025), (75, 0.002)] {
            let o = TriggerEvaluator.evaluate(rule, state: state, observation: .scalar(v), now: evaluationStart.addingTimeInterval(Double(at)))
            state = o.state
            changes += o.changes
        }
        #expect(changes.map(\.state) == [.pending, .firing, .ok])
        #expect(changes.map(\.previous) == [.ok, .pending, .firing])
        #expect(changes.map(\.value) == [0.024, 0.025, 0.002])
        #expect(changes.allSatisfy { $0.trigger == "error-rate" && $0.series == nil })
        #expect(changes[0].message == "error rate 2.4% > 1%; fires if it holds for 1m")
        #expect(changes[1].message == "error rate 2.5% > 1% for 1m")
        #expect(changes[1].observedAt == evaluationStart.addingTimeInterval(60))
    }

    @Test func eachSeriesHasItsOwnStateAndAnyFiringSeriesFiresTheRule() {
        let rule = errorRateRule()
        func obs(_ a: Double, _ b: Double?) -> TriggerObservation {
            var list: [(labels: [String: String], value: Double)] = [(["instance": "a", "__name__": "x"], a)]
            if let b { list.append((["instance": "b"], b)) }
            return .vector(list)
        }
        var state = TriggerRuleState()
        var changes: [TriggerChanged] = []
        for (at, o, expect) in [(0, obs(0.02, 0.0), TriggerStatus.pending), (30, obs(0.02, 0.05), .pending), (60, obs(0.02, 0.05), .firing),
                                (75, obs(0.0, 0.05), .pending), (90, obs(0.0, nil), .ok)] {
            let outcome = TriggerEvaluator.evaluate(rule, state: state, observation: o, now: evaluationStart.addingTimeInterval(Double(at)))
            state = outcome.state
            changes += outcome.changes
            #expect(state.status == expect, "at +\(at)s")
        }
        #expect(state.series["{instance=\"a\"}"]?.status == .ok)
        #expect(state.series["{instance=\"b\"}"]?.status == .ok)
        let a = changes.filter { $0.series == "{instance=\"a\"}" }.map(\.state)
        let b = changes.filter { $0.series == "{instance=\"b\"}" }.map(\.state)
        #expect(a == [.pending, .firing, .ok])
        #expect(b == [.pending, .ok])
        #expect(changes.last?.message?.contains("series gone") == true)
    }

    @Test func restartWhilePendingFiresAtTheOriginalDeadline() {
        let rule = errorRateRule(for: 120)
        var live = TriggerRuleState()
        var recorded: [TriggerChanged] = []
        for at in [0, 15, 30, 45] {
            let o = TriggerEvaluator.evaluate(rule, state: live, observation: .scalar(0.02), now: evaluationStart.addingTimeInterval(Double(at)))
            live = o.state
            recorded += o.changes
        }
        #expect(recorded.map(\.state) == [.pending])
        // The watcher dies; a new one folds the events and continues 50 s later.
        var restarted = TriggerRuleState()
        recorded.forEach { restarted.apply($0) }
        #expect(restarted.status == .pending)
        var firedAt: Int?
        for at in stride(from: 95, through: 150, by: 5) {
            let o = TriggerEvaluator.evaluate(rule, state: restarted, observation: .scalar(0.02), now: evaluationStart.addingTimeInterval(Double(at)))
            restarted = o.state
            if o.changes.contains(where: { $0.state == .firing }), firedAt == nil { firedAt = at }
        }
        #expect(firedAt == 120)
    }

    @Test func theErrorStateIsRecordedAndLeftAgain() {
        let rule = errorRateRule(errors: 1)
        var state = TriggerRuleState()
        var changes: [TriggerChanged] = []
        for (at, o) in [(0, TriggerObservation.error("timeout")), (15, .error("timeout")), (30, .scalar(0.0))] {
            let outcome = TriggerEvaluator.evaluate(rule, state: state, observation: o, now: evaluationStart.addingTimeInterval(Double(at)))
            state = outcome.state
            changes += outcome.changes
        }
        #expect(changes.map(\.state) == [.error, .ok])
        #expect(changes[0].message == "query failed 2 times in a row: timeout")
        #expect(changes[1].previous == .error)
        var folded = TriggerRuleState()
        changes.prefix(1).forEach { folded.apply($0) }
        #expect(folded.status == .error)
        changes.dropFirst().forEach { folded.apply($0) }
        #expect(folded.status == .ok)
    }

    /// Random observations: the fold of what was recorded always equals the live state.
    @Test func foldingTheRecordedChangesAlwaysRebuildsTheLiveState() {
        var rng = SplitMix64(state: 42)
        for round in 0..<200 {
            let rule = errorRateRule(for: rng.pick([0, 15, 30, 60]), keep: rng.pick([0, 15, 45]), nodata: rng.pick(NoDataPolicy.allCases), errors: rng.pick([0, 1, 3]))
            var live = TriggerRuleState()
            var recorded: [TriggerChanged] = []
            for i in 0..<30 {
                let observation: TriggerObservation = switch rng.next() % 6 {
                case 0: .error("boom")
                case 1: .vector([])
                case 2: .scalar(.nan)
                case 3: .vector([(["i": "a"], rng.pick([0.0, 0.02])), (["i": "b"], rng.pick([0.0, 0.02, .nan]))])
                default: .scalar(rng.pick([0.0, 0.02, .infinity]))
                }
                let o = TriggerEvaluator.evaluate(rule, state: live, observation: observation, now: evaluationStart.addingTimeInterval(Double(i * 15)))
                live = o.state
                recorded += o.changes
                var folded = TriggerRuleState()
                recorded.forEach { folded.apply($0) }
                #expect(essentials(folded) == essentials(live), "round \(round) step \(i)")
                #expect(folded.status == live.status, "round \(round) step \(i)")
                if essentials(folded) != essentials(live) || folded.status != live.status { return }
            }
        }
    }
}
