import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

@Suite struct StatusMilestonesTests {
    static func fixture(at minutes: Double) throws -> LaunchFixture {
        // Created a day before T-0, so the phases from T-1h on start after creation.
        var f = LaunchFixture(now: LaunchFixture.t0.addingTimeInterval(-86_400), variables: try LaunchVariables.parse(StatusMessageTests.vars, file: "vars.yaml"))
        f.now = LaunchFixture.t0.addingTimeInterval(minutes * 60)
        return f
    }

    /// Appends what is owed the way a watcher would, by `system`.
    static func postOwed(_ f: inout LaunchFixture) throws -> [StatusPosted] {
        let owed = StatusMilestones.owed(events: f.events, state: try f.state, now: f.now)
        for post in owed { f.append(EventDraft(actor: StatusMilestones.actor, post)) }
        return owed
    }

    @Test func milestonesArePostedOnceEvenAfterARestart() throws {
        var f = try Self.fixture(at: 5)
        f.append(EventDraft(actor: "system", TriggerChanged(trigger: "error-rate", state: .firing, previous: .pending, value: 0.031, series: nil, observedAt: f.now, message: nil)))
        let first = try Self.postOwed(&f)
        #expect(first.contains { $0.milestone == "trigger firing" && $0.status == .red && $0.message == "Trigger firing: error-rate at 0.031 (error-rate, alert)" })
        #expect(first.contains { $0.milestone == "phase started" && $0.message.hasSuffix("Deploy") })
        #expect(first.contains { $0.milestone == "cadence" }, "T-0 fell due with no post yet")
        #expect(first.allSatisfy { $0.channels == ["slack", "ops"] })
        // A restarted watcher folds the same log: nothing more is owed.
        #expect(try Self.postOwed(&f).isEmpty)
        f.now += 60
        try f.run(.end(outcome: .rolledBack, note: "p99"), as: LaunchFixture.admin)
        let end = try Self.postOwed(&f)
        #expect(end.map(\.message) == ["Launch ended: rolled-back (p99)"])
        #expect(end.first?.status == .yellow)
    }

    @Test func theCadencePostsWhenNothingWasPostedSinceItFellDue() throws {
        var f = try Self.fixture(at: 14)
        try f.run(.postStatus(status: .yellow, message: "canary at 10%"), as: LaunchFixture.lead)
        #expect(StatusMilestones.cadenceUpdate(state: try f.state, now: f.now) == nil, "posted since T-0")
        f.now = LaunchFixture.t0.addingTimeInterval(16 * 60)
        let due = try #require(StatusMilestones.cadenceUpdate(state: try f.state, now: f.now))
        #expect(due.status == .yellow)
        #expect(due.message.contains("no change since") && due.message.contains("canary at 10%"))
        #expect(due.message.contains("orecast end") || due.message.contains("Over the window"), "the update says when the launch will be done")
    }

    @Test func oldCausesAreNotPostedLate() throws {
        var f = try Self.fixture(at: 0)
        f.append(EventDraft(actor: "system", GateDecided(gate: LaunchFixture.gate, decision: .go, reason: "all approvals")))
        f.now += 2 * 3600
        let owed = StatusMilestones.owed(events: f.events, state: try f.state, now: f.now)
        #expect(!owed.contains { $0.milestone == "gate decided" })
    }

    @Test func lastDueMirrorsNextDue() throws {
        let anchor = LaunchFixture.t0
        let s = StatusSchedule(cadence: try StatusCadence.parse("every 25 min for 1h, then hourly for 3h"), anchor: anchor)
        #expect(s.lastDue(atOrBefore: anchor.addingTimeInterval(-1)) == nil)
        for minutes in stride(from: 0.0, through: 300, by: 7) {
            let t = anchor.addingTimeInterval(minutes * 60)
            let last = try #require(s.lastDue(atOrBefore: t))
            #expect(last <= t)
            if let next = s.nextDue(after: last) { #expect(next > t, "no due time between \(last) and \(t)") }
        }
    }
}
