import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// A command with `action.started` and no `action.ran` (the watcher died while it ran) waits
/// for the rollback authority instead of running again, unless its step is idempotent.
@Suite struct InterruptedActionTests {
    static let command = "./scripts/rollback.sh {{ENV}}"

    func startedRollback(_ runbook: String = LiveFixture.runbook) throws -> (LiveFixture, String) {
        var f = LiveFixture(runbook: runbook)
        try f.run(.requestRollback(reason: "checkout errors"), as: LiveFixture.owner)
        try f.run(.confirmRollback(comment: nil), as: LiveFixture.lead)
        try f.run(.markStep(step: try f.step("Announce the rollback"), mark: .done, note: nil), as: LiveFixture.lead)
        let revert = try f.step("Revert the deploy")
        f.append(EventDraft(actor: "system", ActionStarted(purpose: .rollback, step: revert, command: Self.command)))
        return (f, revert)
    }

    @Test func aStartedCommandWithoutAResultWaitsForTheAuthority() throws {
        var (f, revert) = try startedRollback()
        guard case .interrupted(revert, Self.command, _) = LiveRules.nextRollbackAction(try f.state) else {
            Issue.record("expected interrupted, got \(LiveRules.nextRollbackAction(try f.state))")
            return
        }
        // Neither a participant without the authority nor a viewer decides.
        #expect(LiveFixture.refusal(try f.run(.resolveAction(.rerun, comment: nil), as: LiveFixture.owner))?.kind == .forbidden)
        try f.run(.resolveAction(.rerun, comment: "checked, nothing happened"), as: LiveFixture.lead)
        #expect(LiveRules.nextRollbackAction(try f.state) == .run(step: revert, index: 0, command: Self.command))
        #expect(try f.state.activity.last?.summary.contains("to run again") == true)
    }

    @Test func doneAndSkipGoOnWithoutRunningIt() throws {
        for resolution in [ActionResolution.done, .skip] {
            var (f, _) = try startedRollback()
            try f.run(.resolveAction(resolution, comment: nil), as: LiveFixture.admin)
            let down = try f.step("Run the down migration")
            #expect(LiveRules.nextRollbackAction(try f.state) == .run(step: down, index: 0, command: "bash scripts/migrate-down.sh production"))
            #expect(LiveFixture.refusal(try f.run(.resolveAction(resolution, comment: nil), as: LiveFixture.admin))?.kind == .invalid, "nothing left to decide")
        }
    }

    @Test func aResultClearsTheIntent() throws {
        var (f, revert) = try startedRollback()
        f.append(EventDraft(actor: "system", ActionRan(purpose: .rollback, step: revert, command: Self.command, exitCode: 0, output: nil, durationMS: 5, error: nil)))
        #expect(try f.state.interrupted.isEmpty)
    }

    @Test func anIdempotentStepRunsAgainByItself() throws {
        for marker in ["<!-- liftoff: idempotent -->", "```liftoff\n   idempotent: true\n   ```"] {
            let runbook = LiveFixture.runbook.replacingOccurrences(of: "2. Revert the deploy\n", with: "2. Revert the deploy\n\n   \(marker)\n")
            let (f, revert) = try startedRollback(runbook)
            #expect(LiveRules.nextRollbackAction(try f.state) == .run(step: revert, index: 0, command: Self.command), "\(marker)")
        }
    }

    @Test func aRollbackBlockDeclaresIdempotenceForAllOrPerEntry() {
        let runbook = RunbookExtractor.extract("""
        # R

        ## Rollback

        ```liftoff
        rollback:
          idempotent: true
          steps:
            - ./a.sh
            - {command: ./b.sh, idempotent: false}
        ```
        """, file: "r.md")
        #expect(RollbackProcedure.of(runbook).items.map(\.idempotent) == [true, false])
    }

    @Test func anInterruptedShiftStageWaitsAndDoneSetsTheStage() throws {
        var f = LiveFixture()
        let state = try f.state
        let shift = try unwrap(state.shiftSteps.first)
        f.append(EventDraft(actor: "system", ActionStarted(purpose: .shift, step: shift.step, command: shift.command, weight: 10)))
        guard case .interrupted(0, 10, _) = LiveRules.nextShiftAction(try f.state, shift, now: f.now) else {
            Issue.record("expected interrupted, got \(LiveRules.nextShiftAction(try f.state, shift, now: f.now))")
            return
        }
        try f.run(.resolveAction(.done, comment: nil), as: LiveFixture.lead)
        #expect(try f.state.shifts[shift.step]?.last?.state == .started)
        #expect(LiveRules.nextShiftAction(try f.state, shift, now: f.now) == .wait(stage: 0, weight: 10, until: f.now.addingTimeInterval(300)))
    }

    @Test func theNewEventsKeepTheChain() throws {
        var (f, _) = try startedRollback()
        try f.run(.resolveAction(.skip, comment: "done by hand"), as: LiveFixture.lead)
        #expect(EventChain.verify(f.events) == nil)
        #expect(f.events.map(\.type).contains("action.started"))
        #expect(f.events.map(\.type).contains("action.resolved"))
    }
}
