import Foundation
import LiftoffKit

/// Times as a post-launch report shows them: absolute in the launch's zone (to the second) and
/// relative to T-0 (`T+06:30`, `T-1:00:00`, `T+2d 03:00:00`).
public struct ReportTime: Sendable, Hashable {
    public var t0: Date
    public var timeZone: TimeZone

    public init(t0: Date, timeZone: TimeZone) {
        self.t0 = t0
        self.timeZone = timeZone
    }

    /// `T+06:30` under an hour, `T+1:06:30` under a day, `T+2d 03:00:00` beyond.
    public func relative(_ date: Date) -> String {
        let seconds = date.timeIntervalSince(t0)
        // Event times are whole milliseconds of an Int64; anything else is not a time to print.
        guard seconds.isFinite, abs(seconds) < 1e12 else { return "T?" }
        let delta = Int(seconds.rounded(.down))
        let sign = delta < 0 ? "-" : "+"
        let s = abs(delta)
        let mmss = String(format: "%02d:%02d", s / 60 % 60, s % 60)
        if s < 3600 { return "T\(sign)\(mmss)" }
        if s < 86_400 { return "T\(sign)\(s / 3600):\(mmss)" }
        return "T\(sign)\(s / 86_400)d " + String(format: "%02d:", s / 3600 % 24) + mmss
    }

    /// `2026-12-01 09:06:30 CET`.
    public func absolute(_ date: Date) -> String {
        let c = components(date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
            + " " + ZoneAbbreviation.short(timeZone, at: date)
    }

    /// `09:06:30` on the day of T-0, `12-02 09:06:30` on another day (the zone is named once, in the header).
    public func clock(_ date: Date) -> String {
        let c = components(date)
        let time = String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        if Plan.sameDay(date, t0, timeZone) { return time }
        return String(format: "%02d-%02d ", c.month ?? 1, c.day ?? 1) + time
    }

    /// The zone's abbreviation at T-0 (`CET`), for column headings.
    public var zoneAbbreviation: String { ZoneAbbreviation.short(timeZone, at: t0) }

    /// `1h 2m`, `45s`.
    public static func duration(_ seconds: TimeInterval) -> String {
        RelativeTime.duration(max(0, seconds))
    }

    private func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }
}
