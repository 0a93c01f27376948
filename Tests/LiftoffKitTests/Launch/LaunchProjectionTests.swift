import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

@Suite struct LaunchProjectionTests {
    @Test func createdLaunchRebuildsTheRunbookFromTheStoredSource() throws {
        let state = try LaunchFixture().state
        #expect(state.name == "checkout-v2")
        #expect(state.runbook.steps.count == 6)
        #expect(state.runbook.gates.map(\.id) == [LaunchFixture.gate])
        #expect(state.created.runbookSHA256 == EventChain.sha256Hex(LaunchFixture.runbook))
        #expect(state.progress(of: LaunchFixture.freeze).state == .pending)
        #expect(state.gates[LaunchFixture.gate]?.decision == .open)
    }

    @Test func markedStepRecordsStateByWhenAndNote() throws {
        var f = LaunchFixture()
        try f.run(.markStep(step: LaunchFixture.freeze, mark: .done, note: "frozen at 4f2a9c1"), as: LaunchFixture.lead)
        let p = try f.state.progress(of: LaunchFixture.freeze)
        #expect(p.state == .done)
        #expect(p.by == "lee")
        #expect(p.at == CanonicalTime.rounded(f.now))
        #expect(p.note == "frozen at 4f2a9c1")
        #expect(try f.state.counts.done == 1)
        #expect(try f.state.counts.total == 5, "the rollback step is contingent, not part of the checklist")
    }

    @Test func firstActionAddsTheActorAsParticipant() throws {
        var f = LaunchFixture()
        try f.run(.addNote("war room open"), as: LaunchFixture.lead)
        #expect(f.events.map(\.type) == ["launch.created", "participant.added", "note.added"])
        #expect(try f.state.participant("lee")?.roles == ["Engineering Lead"])
        try f.run(.addNote("second"), as: LaunchFixture.lead)
        #expect(f.events.count == 4, "a known participant is not added again")
    }

    @Test func reopenReturnsAStepToPendingAndRemarkingTheSameStateIsRefused() throws {
        var f = LaunchFixture()
        try f.run(.markStep(step: LaunchFixture.freeze, mark: .failed, note: nil), as: LaunchFixture.lead)
        let again = try f.run(.markStep(step: LaunchFixture.freeze, mark: .failed, note: nil), as: LaunchFixture.lead)
        #expect(LaunchFixture.refusal(again)?.kind == .alreadyInState)
        try f.run(.markStep(step: LaunchFixture.freeze, mark: .reopened, note: "retry"), as: LaunchFixture.lead)
        #expect(try f.state.progress(of: LaunchFixture.freeze).state == .pending)
        let reopenOpen = try f.run(.markStep(step: LaunchFixture.freeze, mark: .reopened, note: nil), as: LaunchFixture.lead)
        #expect(LaunchFixture.refusal(reopenOpen)?.kind == .alreadyInState)
    }

    @Test func dueAndOverdueFollowTheInjectedClock() throws {
        let state = try LaunchFixture().state
        let dayBefore = LaunchFixture.t0.addingTimeInterval(-86_400)
        // At T-1 day exactly, the two preparation steps are due now.
        #expect(state.dueNow(now: dayBefore).map(\.id).sorted() == [
            "t-1-day-preparation/announce-the-maintenance-window", LaunchFixture.freeze,
        ])
        #expect(state.overdue(now: dayBefore).isEmpty)
        // Past the grace of a point in time they are overdue; the deploy is next.
        let later = dayBefore.addingTimeInterval(LaunchState.pointGrace + 1)
        #expect(state.overdue(now: later).count == 2)
        #expect(state.upcoming(now: later).first?.id == "t-0-deploy/deploy-the-release")
        // Done steps are never overdue.
        var f = LaunchFixture()
        try f.run(.markStep(step: LaunchFixture.freeze, mark: .done, note: nil), as: LaunchFixture.lead)
        #expect(try f.state.overdue(now: later).map(\.id) == ["t-1-day-preparation/announce-the-maintenance-window"])
    }

    @Test func currentPhaseIsTheLatestPhaseThatHasBegun() throws {
        let state = try LaunchFixture().state
        #expect(state.currentPhase(now: LaunchFixture.t0.addingTimeInterval(-3 * 86_400)) == nil)
        #expect(state.currentPhase(now: LaunchFixture.t0.addingTimeInterval(-7200))?.id == "t-1-day-preparation")
        #expect(state.currentPhase(now: LaunchFixture.t0.addingTimeInterval(-60))?.id == LaunchFixture.gate)
        #expect(state.currentPhase(now: LaunchFixture.t0.addingTimeInterval(120))?.id == "t-0-deploy")
    }

    @Test func dayOffsetsAreCalendarDaysInTheLaunchZone() throws {
        // T-0 at 09:00 on the Oslo fall-back Sunday: T-1 day is 09:00 CEST on Saturday, 25 hours earlier.
        var f = LaunchFixture()
        let created = LaunchCreated(name: "dst", runbookFile: "r.md", runbookSource: LaunchFixture.runbook,
                                    t0: Date(timeIntervalSince1970: 1_792_915_200), timeZone: "Europe/Oslo", mode: .live, variables: nil)
        f.events = []
        f.append(EventDraft(actor: "ada", created))
        let state = try f.state
        let freeze = try #require(state.runbook.step(LaunchFixture.freeze))
        let window = try #require(state.window(of: freeze))
        #expect(state.t0.timeIntervalSince(window.start) == 25 * 3600)
    }

    @Test func activityFeedDescribesEveryEventInOrder() throws {
        var f = LaunchFixture()
        try f.run(.markStep(step: LaunchFixture.freeze, mark: .done, note: nil), as: LaunchFixture.lead)
        try f.run(.logDefect("checkout button misaligned", severity: .low), as: LaunchFixture.lead)
        let feed = try f.state.activity
        #expect(feed.map(\.seq) == [1, 2, 3, 4])
        #expect(feed[2].summary == "lee marked 'Freeze merges to main' done")
        #expect(try f.state.defects.count == 1)
    }

    @Test func endedLaunchRefusesFurtherChanges() throws {
        var f = LaunchFixture()
        let byLead = try f.run(.end(outcome: .success, note: nil), as: LaunchFixture.lead)
        #expect(LaunchFixture.refusal(byLead)?.kind == .forbidden)
        try f.run(.end(outcome: .rolledBack, note: "p99 over budget"), as: LaunchFixture.admin)
        #expect(try f.state.ended?.outcome == .rolledBack)
        let after = try f.run(.addNote("late"), as: LaunchFixture.admin)
        #expect(LaunchFixture.refusal(after)?.kind == .ended)
    }

    @Test func secretsStayReferencesInTheCreatedEvent() throws {
        let vars = try LaunchVariables.parse("DOMAIN: shop.example.com\nAPI_TOKEN: env:ACME_API_TOKEN\n", file: "vars.yaml")
        let f = LaunchFixture(variables: vars)
        let payload = CanonicalJSON.string(f.events[0].payload)
        #expect(payload.contains("\"API_TOKEN\":\"env:ACME_API_TOKEN\""))
        #expect(try f.state.created.variables["DOMAIN"] == "shop.example.com")
    }

    @Test func foldRefusesALogThatDoesNotStartWithLaunchCreated() throws {
        var f = LaunchFixture()
        try f.run(.addNote("x"), as: LaunchFixture.lead)
        #expect(throws: LaunchState.ProjectionError.self) { try LaunchState.fold(Array(f.events.dropFirst())) }
        #expect(throws: LaunchState.ProjectionError.self) { try LaunchState.fold([]) }
    }
}
