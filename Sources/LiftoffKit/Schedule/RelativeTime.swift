import Foundation

/// "in 2h 10m, 14:30 CET" / "3d 4h ago, Tue 1 Dec 2026 09:00 CET": relative plus absolute (DESIGN §11).
public enum RelativeTime {
    public static func describe(_ date: Date, now: Date, timeZone: TimeZone) -> String {
        let delta = date.timeIntervalSince(now)
        let span = duration(abs(delta))
        let relative = abs(delta) < 60 ? "now" : (delta > 0 ? "in \(span)" : "\(span) ago")
        let sameDay = Plan.sameDay(date, now, timeZone)
        return "\(relative), \(Plan.local(date, timeZone, withDate: !sameDay))"
    }

    /// The two largest units: `2h 10m`, `3d 4h`, `45m`, `30s`.
    public static func duration(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded(.down))
        let parts = [(s / 86_400, "d"), (s / 3600 % 24, "h"), (s / 60 % 60, "m"), (s % 60, "s")]
        guard let first = parts.firstIndex(where: { $0.0 > 0 }) else { return "0s" }
        return parts[first...].prefix(2).filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }.joined(separator: " ")
    }
}
