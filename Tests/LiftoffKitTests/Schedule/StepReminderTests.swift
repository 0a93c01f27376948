import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

@Suite struct StepReminderTests {
    @Test func dueThenOverdueOncePerStepGroupedByOwner() throws {
        // T-1 Day: Preparation has two unowned steps; created two days before T-0.
        var f = LaunchFixture()
        #expect(StepReminders.owed(try f.state, now: f.now).isEmpty, "nothing is due two days out")

        f.now = LaunchFixture.t0.addingTimeInterval(-86_400 + 60)
        let due = StepReminders.owed(try f.state, now: f.now)
        #expect(due.map(\.kind) == [.due])
        #expect(due.first?.steps.count == 2, "one reminder for the owner's steps, not one per step")
        due.forEach { f.append(EventDraft(actor: "system", $0)) }
        #expect(StepReminders.owed(try f.state, now: f.now.addingTimeInterval(60)).isEmpty, "reminded once")
        let summary = try f.state.activity.last?.summary
        #expect(summary == "reminded the launch that 'Announce the maintenance window', 'Freeze merges to main' are due now")

        try f.run(.markStep(step: LaunchFixture.freeze, mark: .done, note: nil), as: LaunchFixture.lead)
        f.now = LaunchFixture.t0.addingTimeInterval(-3 * 3600)
        let overdue = StepReminders.owed(try f.state, now: f.now)
        #expect(overdue.map(\.kind) == [.overdue])
        #expect(overdue.first?.steps.count == 1, "the done step is not overdue")
    }
}
