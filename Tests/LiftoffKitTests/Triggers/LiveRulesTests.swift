import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

@Suite struct LiveRulesTests {
    let t0 = LiveFixture.t0

    @Test func theLaunchKnowsItsTriggersShiftAndRollbackProcedure() throws {
        let state = try LiveFixture().state
        #expect(state.triggerRules.map(\.id) == ["error-rate", "slow"])
        let errors = try unwrap(state.triggerRule("error-rate"))
        #expect(errors.query == "sum(rate(errors[1m]))")
        #expect(errors.forSeconds == 60 && errors.action == .rollback && errors.activeFrom == .zero)
        #expect(state.triggerRule("slow")?.everySeconds == 30)
        #expect(state.shiftSteps.map(\.stages) == [[10, 50, 100]])
        #expect(state.shiftSteps.first?.pauses == [300, 300, 300])
        #expect(state.rollbackProcedure.items.map(\.commands) == [[], ["./scripts/rollback.sh {{ENV}}"], ["bash scripts/migrate-down.sh production"]])
        #expect(state.rollbackAuthority.roles == ["Engineering Lead"])
        #expect(state.rollbackPolicy == .manual)
    }

    @Test func rulesAreDueFromTheirPhaseStartAtTheirInterval() throws {
        var f = LiveFixture()
        var state = try f.state
        #expect(LiveRules.due(state, now: t0.addingTimeInterval(-1)).isEmpty)
        #expect(LiveRules.nextDue(state, now: t0.addingTimeInterval(-60)) == t0)
        #expect(LiveRules.due(state, now: t0).map(\.id) == ["error-rate", "slow"])
        for rule in state.triggerRules {
            state.record(TriggerEvaluator.evaluate(rule, state: state.trigger(rule.id), observation: .scalar(0), now: t0), for: rule)
        }
        #expect(LiveRules.due(state, now: t0.addingTimeInterval(10)).isEmpty)
        #expect(LiveRules.due(state, now: t0.addingTimeInterval(15)).map(\.id) == ["error-rate"])
        #expect(LiveRules.due(state, now: t0.addingTimeInterval(30)).map(\.id) == ["error-rate", "slow"])
        #expect(LiveRules.nextDue(state, now: t0.addingTimeInterval(1)) == t0.addingTimeInterval(15))
        f.now = t0.addingTimeInterval(40)
        try f.run(.end(outcome: .success, note: nil), as: LiveFixture.admin)
        #expect(LiveRules.due(try f.state, now: t0.addingTimeInterval(60)).isEmpty, "nothing is evaluated after the launch ended")
    }

    @Test func aBoundedTriggerIsOnlyActiveInItsWindow() throws {
        let state = try LiveFixture().state
        var rule = try unwrap(state.triggerRule("error-rate"))
        rule.activeForSeconds = 900
        #expect(LiveRules.isActive(rule, in: state, now: t0.addingTimeInterval(899)))
        #expect(!LiveRules.isActive(rule, in: state, now: t0.addingTimeInterval(900)))
    }

    @Test func aFiringRollbackTriggerRequestsARollbackThatWaitsForTheAuthority() throws {
        var f = LiveFixture()
        try f.evaluate("error-rate", .scalar(0.024))
        f.now = t0.addingTimeInterval(60)
        try f.evaluate("error-rate", .scalar(0.024))
        #expect(f.events.suffix(2).map(\.type) == ["trigger.changed", "rollback.requested"])
        let request = try f.events.last!.decode(RollbackRequested.self)
        #expect(request.trigger == "error-rate" && request.value == 0.024 && request.policy == .manual)
        #expect(request.reason == "error rate 2.4% > 1% for 1m (trigger error rate)")
        try f.postMilestone()
        let post = try #require(try f.state.statuses.first { $0.milestone == "rollback" })
        #expect(post.status == .red && post.channels == ["slack"])
        #expect(post.message == "Rollback requested: error rate 2.4% > 1% for 1m (trigger error rate); waiting for Engineering Lead to confirm")
        #expect(try !f.state.statuses.contains { $0.milestone == "trigger firing" }, "the rollback request announces a rollback trigger")
        let count = f.events.count
        try f.postMilestone()
        #expect(f.events.count == count, "a milestone is posted once")
        var state = try f.state
        #expect(state.trigger("error-rate").status == .firing)
        #expect(LiveRules.nextRollbackAction(state) == .awaitingConfirmation(authority: "Engineering Lead", confirmations: 0, since: CanonicalTime.rounded(f.now)))
        // Still firing: no second request.
        f.now = t0.addingTimeInterval(75)
        let before = f.events.count
        try f.evaluate("error-rate", .scalar(0.03))
        #expect(f.events.count == before)
        // Who may confirm.
        #expect(LiveFixture.refusal(try f.run(.confirmRollback(comment: nil), as: LiveFixture.viewer))?.kind == .forbidden)
        #expect(LiveFixture.refusal(try f.run(.confirmRollback(comment: nil), as: LiveFixture.owner))?.kind == .forbidden)
        #expect(LiveFixture.refusal(try f.run(.requestRollback(reason: "again"), as: LiveFixture.lead))?.kind == .alreadyInState)
        try f.run(.confirmRollback(comment: "go back"), as: LiveFixture.lead)
        state = try f.state
        #expect(state.rollback?.started == true)
        #expect(state.activity.last?.summary == "lee confirmed the rollback as Engineering Lead; the procedure starts: go back")
        #expect(LiveFixture.refusal(try f.run(.confirmRollback(comment: nil), as: LiveFixture.admin))?.kind == .alreadyInState)
    }

    @Test func theProcedureRunsCommandsInOrderWaitsForManualStepsAndStopsOnFailure() throws {
        var f = LiveFixture()
        try f.run(.requestRollback(reason: "checkout errors"), as: LiveFixture.owner)
        #expect(f.events.last?.actor == "pat")
        try f.run(.confirmRollback(comment: nil), as: LiveFixture.lead)
        let announce = try f.step("Announce the rollback")
        let revert = try f.step("Revert the deploy")
        let down = try f.step("Run the down migration")
        #expect(LiveRules.nextRollbackAction(try f.state) == .waitForStep(step: announce, text: "Announce the rollback in the war room", owner: nil))
        try f.run(.markStep(step: announce, mark: .done, note: nil), as: LiveFixture.lead)
        #expect(LiveRules.nextRollbackAction(try f.state) == .run(step: revert, index: 0, command: "./scripts/rollback.sh {{ENV}}"))
        f.append(EventDraft(actor: "system", ActionRan(purpose: .rollback, step: revert, command: "./scripts/rollback.sh {{ENV}}", exitCode: 0, output: "ok", durationMS: 120, error: nil)))
        #expect(try f.state.activity.last?.summary == "ran `./scripts/rollback.sh {{ENV}}` (rollback: Revert the deploy): exit 0 in 120 ms")
        #expect(LiveRules.nextRollbackAction(try f.state) == .run(step: down, index: 0, command: "bash scripts/migrate-down.sh production"))
        f.append(EventDraft(actor: "system", ActionRan(purpose: .rollback, step: down, command: "bash scripts/migrate-down.sh production", exitCode: 2, output: "lock timeout", durationMS: 900, error: nil)))
        #expect(LiveRules.nextRollbackAction(try f.state) == .stopped(step: down, command: "bash scripts/migrate-down.sh production", failure: "exit 2"))
        try f.postMilestone()
        let stopped = try #require(try f.state.statuses.last { $0.message.hasPrefix("Rollback stopped") }).message
        #expect(stopped.hasPrefix("Rollback stopped: 'Run the down migration") && stopped.hasSuffix("failed (exit 2); an admin decides what happens next"))
        // An admin asks again: the procedure resumes at the failed command once confirmed.
        try f.run(.requestRollback(reason: "retry the down migration"), as: LiveFixture.admin)
        #expect(try f.state.rollback?.attempt == 2)
        #expect(LiveRules.nextRollbackAction(try f.state) == .awaitingConfirmation(authority: "Engineering Lead", confirmations: 0, since: CanonicalTime.rounded(f.now)))
        try f.run(.confirmRollback(comment: nil), as: LiveFixture.admin)
        #expect(LiveRules.nextRollbackAction(try f.state) == .run(step: down, index: 0, command: "bash scripts/migrate-down.sh production"))
        f.append(EventDraft(actor: "system", ActionRan(purpose: .rollback, step: down, command: "bash scripts/migrate-down.sh production", exitCode: 0, output: nil, durationMS: 50, error: nil)))
        #expect(LiveRules.nextRollbackAction(try f.state) == .finished)
        f.append(EventDraft(actor: "system", LaunchEnded(outcome: .rolledBack, note: "rollback procedure completed")))
        try f.postMilestone()
        #expect(try f.state.statuses.last?.message == "Launch ended: rolled-back (rollback procedure completed)")
        #expect(LiveRules.nextRollbackAction(try f.state) == .none)
    }

    @Test func confirmingWithoutARequestIsRefused() throws {
        var f = LiveFixture()
        #expect(LiveFixture.refusal(try f.run(.confirmRollback(comment: nil), as: LiveFixture.lead))?.kind == .invalid)
        #expect(LiveFixture.refusal(try f.run(.requestRollback(reason: "  "), as: LiveFixture.lead))?.kind == .invalid)
        #expect(LiveFixture.refusal(try f.run(.requestRollback(reason: "x"), as: LiveFixture.viewer))?.kind == .forbidden)
    }

    @Test func policyAutoConfirmsAtOnceAsSystem() throws {
        var f = LiveFixture(policy: .auto)
        try f.evaluate("error-rate", .scalar(0.5))
        f.now = t0.addingTimeInterval(60)
        try f.evaluate("error-rate", .scalar(0.5))
        #expect(f.events.suffix(3).map(\.type) == ["trigger.changed", "rollback.requested", "rollback.confirmed"])
        #expect(f.events.last?.actor == "system")
        let state = try f.state
        #expect(state.rollback?.started == true)
        #expect(LiveRules.nextRollbackAction(state) == .waitForStep(step: try f.step("Announce"), text: "Announce the rollback in the war room", owner: nil))
    }

    @Test func alertAndPageTriggersPostAStatusWhenTheyStartFiring() throws {
        var f = LiveFixture()
        try f.evaluate("slow", .vector([(["pod": "a"], 1.2)]))
        f.now = t0.addingTimeInterval(120)
        try f.evaluate("slow", .vector([(["pod": "a"], 1.25)]))
        #expect(try f.state.activity.last?.summary == "trigger 'slow' {pod=\"a\"} pending → firing: p99 latency 1250ms > 800ms for 2m")
        try f.postMilestone()
        let posts = try f.state.statuses
        let post = try #require(posts.first { $0.milestone == "trigger firing" })
        #expect(post.status == .red)
        #expect(post.message == "Trigger firing: p99 latency 1250ms > 800ms for 2m (slow {pod=\"a\"}, page)")
    }

    @Test func milestonesForGatesPhasesAndTheEnd() throws {
        var f = LiveFixture(now: t0.addingTimeInterval(-3600))
        try f.run(.vote(gate: try f.state.runbook.gates[0].id, role: "Engineering Lead", vote: .go, comment: nil), as: LiveFixture.lead)
        try f.postMilestone()
        let gate = try #require(try f.state.statuses.first { $0.milestone == "gate decided" })
        #expect(gate.status == .green && gate.message.hasPrefix("Gate 'T-1h: Go/No-Go' decided GO"))
        f.now = t0.addingTimeInterval(30)
        try f.postMilestone()
        #expect(try f.events.last!.decode(StatusPosted.self).message == "Phase started: T-0: Deploy")
        let count = f.events.count
        f.now = t0.addingTimeInterval(90)
        try f.postMilestone()
        #expect(f.events.count == count, "each phase is posted once")
        try f.run(.end(outcome: .success, note: nil), as: LiveFixture.admin)
        try f.postMilestone()
        #expect(try f.events.last!.decode(StatusPosted.self).message == "Launch complete")
    }
}
