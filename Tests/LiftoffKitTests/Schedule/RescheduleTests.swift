import Foundation
@testable import LiftoffKit
import LiftoffRender
import Testing

/// A slip: T-0 moves with a reason; windows, due times and the calendar move with it, and the
/// calendar keeps each event's UID and raises its SEQUENCE.
@Suite struct RescheduleTests {
    static let dayLater = ClockFixture.t0.addingTimeInterval(86_400)

    @Test func everythingMovesWithTheNewT0() throws {
        var c = ClockFixture()
        let before = try c.state
        let deploy = try #require(before.plan.step(try c.id("Deploy the release")))
        #expect(before.window(of: deploy)?.start == ClockFixture.t0)
        try c.at(-30, .reschedule(t0: Self.dayLater, reason: "vendor fix lands tomorrow"), as: ClockFixture.admin)
        let after = try c.state
        #expect(after.t0 == Self.dayLater)
        #expect(after.created.t0 == ClockFixture.t0, "the creation record is never rewritten")
        #expect(after.window(of: deploy)?.start == Self.dayLater)
        #expect(after.reschedules.map(\.reason) == ["vendor fix lands tomorrow"])
        #expect(after.reschedules.first?.from == ClockFixture.t0)
        let forecast = LaunchForecast(after, now: ClockFixture.time(-30))
        #expect(forecast.end == Self.dayLater.addingTimeInterval(40 * 60))
        let snapshot = try LaunchSnapshot.decode(LaunchSnapshot(after).encoded()).state()
        #expect(snapshot.t0 == Self.dayLater)
    }

    @Test func onlyAnAdminWithAReasonMovesIt() throws {
        var c = ClockFixture()
        #expect(throws: Refusal.self) { try c.at(-30, .reschedule(t0: Self.dayLater, reason: "later")) }
        #expect(throws: Refusal.self) { try c.at(-30, .reschedule(t0: Self.dayLater, reason: " "), as: ClockFixture.admin) }
        #expect(throws: Refusal.self) { try c.at(-30, .reschedule(t0: ClockFixture.t0, reason: "same"), as: ClockFixture.admin) }
    }

    @Test func theCalendarKeepsUIDsAndRaisesTheSequence() throws {
        var c = ClockFixture()
        let stamp = ClockFixture.time(-30)
        let first = try c.state.calendar(stamp: stamp)
        try c.at(-30, .reschedule(t0: Self.dayLater, reason: "slip"), as: ClockFixture.admin)
        let second = try c.state.calendar(stamp: stamp)
        func uids(_ ics: String) -> [String] { ics.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") } }
        #expect(!uids(first).isEmpty)
        #expect(uids(first) == uids(second))
        #expect(!first.contains("SEQUENCE:"))
        #expect(second.components(separatedBy: "\r\n").filter { $0 == "SEQUENCE:1" }.count == uids(second).count)
        #expect(first.contains("DTSTART:20261201T080000Z"))
        #expect(second.contains("DTSTART:20261202T080000Z"))
    }
}
