import Foundation
import Testing
@testable import LiftoffKit

private let oslo = TimeZone(identifier: "Europe/Oslo") ?? .gmt

private func at(_ s: String, _ zone: TimeZone = oslo) throws -> Date {
    try #require(Schedule.parseLocalDateTime(s, timeZone: zone))
}

private func iso(_ offset: TimeOffset, from t0: Date) -> String {
    Schedule.iso8601(Schedule.instant(of: offset, t0: t0, timeZone: oslo), timeZone: oslo)
}

@Suite struct ScheduleTests {
    @Test func calendarDaysKeepWallClockAcrossSpringForward() throws {
        let t0 = try at("2026-03-30T09:00")
        #expect(Schedule.iso8601(t0, timeZone: oslo) == "2026-03-30T09:00:00+02:00")
        #expect(iso(.days(-7), from: t0) == "2026-03-23T09:00:00+01:00")
        #expect(iso(.hours(-168), from: t0) == "2026-03-23T08:00:00+01:00")
        #expect(iso(.zero, from: t0) == "2026-03-30T09:00:00+02:00")
        #expect(iso(TimeOffset(days: -1, seconds: 900), from: t0) == "2026-03-29T09:15:00+02:00")
    }

    @Test func calendarDaysKeepWallClockAcrossFallBack() throws {
        // Oslo leaves summer time on 2026-10-25 at 03:00 CEST → 02:00 CET.
        let t0 = try at("2026-10-26T09:00")
        #expect(iso(.days(-1), from: t0) == "2026-10-25T09:00:00+01:00")
        #expect(iso(.days(-2), from: t0) == "2026-10-24T09:00:00+02:00")
        #expect(iso(.hours(-48), from: t0) == "2026-10-24T10:00:00+02:00")
    }

    @Test func repeatedLocalTimeTakesTheEarlierInstant() throws {
        let t0 = try at("2026-10-26T02:30")
        let repeated = Schedule.instant(of: .days(-1), t0: t0, timeZone: oslo)
        #expect(Schedule.iso8601(repeated, timeZone: oslo) == "2026-10-25T02:30:00+02:00")
        #expect(try at("2026-10-25T02:30") == repeated)
        #expect(try at("2026-10-25T02:30+01:00").timeIntervalSince(repeated) == 3600)
    }

    @Test func nonexistentLocalTimeMovesForwardByTheGap() throws {
        // 2026-03-29 02:00–03:00 does not exist in Oslo.
        let t0 = try at("2026-03-30T02:30")
        #expect(iso(.days(-1), from: t0) == "2026-03-29T03:30:00+02:00")
        #expect(Schedule.iso8601(try at("2026-03-29T02:30"), timeZone: oslo) == "2026-03-29T03:30:00+02:00")
        // Exact seconds are unaffected by the gap.
        #expect(iso(.hours(-24), from: t0) == "2026-03-29T01:30:00+01:00")
    }

    @Test func agreesWithFoundationCalendarOnOrdinaryDays() throws {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = oslo
        let t0 = try at("2026-03-30T09:00")
        for n in -400...400 {
            let expected = try #require(cal.date(byAdding: .day, value: n, to: t0))
            #expect(Schedule.instant(of: .days(n), t0: t0, timeZone: oslo) == expected, "day \(n)")
        }
    }

    @Test func formatsTheZoneOffset() throws {
        let t = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(Schedule.iso8601(t, timeZone: .gmt) == "2026-09-21T14:13:20+00:00")
        let kolkata = try #require(TimeZone(identifier: "Asia/Kolkata"))
        #expect(Schedule.iso8601(t, timeZone: kolkata) == "2026-09-21T19:43:20+05:30")
        let stJohns = try #require(TimeZone(identifier: "America/St_Johns"))
        #expect(Schedule.iso8601(t, timeZone: stJohns) == "2026-09-21T11:43:20-02:30")
        #expect(Schedule.iso8601(Date(timeIntervalSince1970: .nan), timeZone: .gmt) == "invalid-date")
    }

    @Test(arguments: [
        ("2026-12-01T09:00", "2026-12-01T09:00:00+01:00"),
        ("2026-12-01T09:00:00", "2026-12-01T09:00:00+01:00"),
        ("2026-12-01 09:00", "2026-12-01T09:00:00+01:00"),
        ("  2026-12-01T09:00:30.250 ", "2026-12-01T09:00:30+01:00"),
        ("2026-12-01", "2026-12-01T00:00:00+01:00"),
        ("2026-12-01T09:00Z", "2026-12-01T10:00:00+01:00"),
        ("2026-12-01T09:00:00+05:30", "2026-12-01T04:30:00+01:00"),
        ("2026-12-01T09:00-0800", "2026-12-01T18:00:00+01:00"),
        ("2026-12-01T09:00 +01", "2026-12-01T09:00:00+01:00"),
        ("2026-07-01T09:00", "2026-07-01T09:00:00+02:00"),
        ("2028-02-29T12:00", "2028-02-29T12:00:00+01:00"),
    ])
    func parsesAtValues(_ input: String, _ expected: String) throws {
        let date = try at(input)
        #expect(Schedule.iso8601(date, timeZone: oslo) == expected)
    }

    @Test(arguments: [
        "", "nonsense", "2026-13-01T09:00", "2026-02-30T09:00", "2027-02-29T09:00", "2026-12-01T24:00",
        "2026-12-01T09", "2026-12-01T09:60", "2026-12-01T09:00:60", "2026-12-01T09:00 garbage",
        "2026-12-01T09:00+25:00", "26-12-01T09:00", "2026-12-01T09:00:00.", "2026-12-01T09:00+01:0",
    ])
    func rejectsBadAtValues(_ input: String) {
        #expect(Schedule.parseLocalDateTime(input, timeZone: oslo) == nil)
    }

    @Test func extremeOffsetsDoNotTrap() throws {
        let t0 = try at("2026-03-30T09:00")
        for o in [TimeOffset(days: Int.max, seconds: Int.max), TimeOffset(days: Int.min, seconds: Int.min),
                  TimeOffset(days: 100_000, seconds: 0), TimeOffset(days: -100_000, seconds: -1)] {
            let d = Schedule.instant(of: o, t0: t0, timeZone: oslo)
            _ = Schedule.iso8601(d, timeZone: oslo)
        }
        _ = Schedule.instant(of: .days(1), t0: Date(timeIntervalSince1970: .infinity), timeZone: oslo)
    }

    @Test func keepsFractionalSecondsOfT0() throws {
        let t0 = try at("2026-03-30T09:00:00.5")
        let d = Schedule.instant(of: .days(-7), t0: t0, timeZone: oslo)
        #expect(d.timeIntervalSince1970 - d.timeIntervalSince1970.rounded(.down) == 0.5)
    }
}
