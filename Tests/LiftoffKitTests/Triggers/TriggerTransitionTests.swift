import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// `trigger.changed` carries what a restart needs as data (its transition, the error count);
/// logs written before those fields existed still fold the same from their messages' wording.
@Suite struct TriggerTransitionTests {
    /// Random observations with keep windows and errors, recorded twice: as written today and as
    /// an older version wrote them (no `transition`, no `consecutiveErrors`).
    @Test func recordedTransitionsAndOldWordingFoldToTheSameState() {
        var rng = SplitMix64(state: 7)
        var sawTransitions: Set<TriggerTransition> = []
        for round in 0..<150 {
            let rule = errorRateRule(for: rng.pick([0, 15, 30]), keep: rng.pick([15, 45]), nodata: rng.pick(NoDataPolicy.allCases), errors: rng.pick([0, 1]))
            var live = TriggerRuleState()
            var recorded: [TriggerChanged] = []
            for i in 0..<30 {
                let observation: TriggerObservation = switch rng.next() % 5 {
                case 0: .error("boom")
                case 1: .vector([])
                default: .scalar(rng.pick([0.0, 0.02, 0.03]))
                }
                let o = TriggerEvaluator.evaluate(rule, state: live, observation: observation, now: evaluationStart.addingTimeInterval(Double(i * 15)))
                live = o.state
                recorded += o.changes
            }
            sawTransitions.formUnion(recorded.compactMap(\.transition))
            let old = recorded.map { change -> TriggerChanged in
                var c = change
                c.transition = nil
                c.consecutiveErrors = nil
                return c
            }
            var now = TriggerRuleState(), before = TriggerRuleState()
            recorded.forEach { now.apply($0) }
            old.forEach { before.apply($0) }
            #expect(essentials(now) == essentials(live), "round \(round)")
            #expect(essentials(before) == essentials(now), "round \(round)")
            if essentials(before) != essentials(now) { return }
        }
        #expect(sawTransitions == Set(TriggerTransition.allCases), "the random walk exercises every transition")
    }

    @Test func enteringTheErrorStateRecordsHowManyQueriesFailed() {
        let rule = errorRateRule(errors: 2)
        var state = TriggerRuleState()
        var changes: [TriggerChanged] = []
        for i in 0..<3 {
            let o = TriggerEvaluator.evaluate(rule, state: state, observation: .error("refused"), now: evaluationStart.addingTimeInterval(Double(i * 15)))
            state = o.state
            changes += o.changes
        }
        #expect(changes.count == 1)
        #expect(changes.first?.consecutiveErrors == 3)
        var folded = TriggerRuleState()
        changes.forEach { folded.apply($0) }
        #expect(folded.consecutiveErrors == 3, "a restarted watcher knows how long the query has been failing")
    }

    @Test func aChangeWithoutTransitionFieldsDecodesFromAnOlderLog() throws {
        let json = #"{"trigger":"t","state":"firing","previous":"firing","observedAt":"2026-12-03T10:00:00.000Z","message":"condition cleared; firing kept for 45s (x)"}"#
        let change = try EventCoding.decoder.decode(TriggerChanged.self, from: Data(json.utf8))
        #expect(change.transition == nil)
        #expect(TriggerEvaluator.transition(of: change) == .keepStarted)
    }
}

/// One compiled plan per (runbook, variables, zone), shared by every state that folds it.
@Suite struct LaunchPlanCacheTests {
    @Test func statesOfTheSameLaunchShareOnePlanAndOtherVariablesGetTheirOwn() throws {
        let cache = LaunchPlanCache(capacity: 2)
        let f = LaunchFixture()
        let events = f.events
        let a = try LaunchState.fold(events, plans: cache)
        let b = try LaunchState.fold(events, plans: cache)
        #expect(a.plan === b.plan)
        #expect(cache.compiledCount == 1)
        var created = try #require(try events.first?.decode(LaunchCreated.self))
        created.variables["ENV"] = "staging"
        let other = cache.plan(for: created)
        #expect(other !== a.plan)
        #expect(cache.compiledCount == 2)
        created.timeZone = "UTC"
        _ = cache.plan(for: created)
        #expect(cache.count == 2, "the cache keeps at most its capacity")
    }

    @Test func aPlanAnswersLookupsLikeTheRunbook() throws {
        let state = try LaunchFixture().state
        for step in state.runbook.steps { #expect(state.plan.step(step.id)?.position == step.position) }
        for gate in state.runbook.gates { #expect(state.plan.gate(gate.id)?.id == gate.id) }
        #expect(state.plan.step("no-such-step") == nil)
    }
}
