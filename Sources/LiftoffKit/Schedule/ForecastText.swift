import Foundation

/// The forecast said the way it is said on the bridge: "forecast end 14:40 CET (window closes
/// 15:00, 20 min to spare)" or "over the window by 25 min: critical path runs through …".
public struct ForecastText {
    public var forecast: LaunchForecast
    public var timeZone: TimeZone

    public init(_ forecast: LaunchForecast, timeZone: TimeZone) {
        self.forecast = forecast
        self.timeZone = timeZone
    }

    /// `14:40 CET`, with the date when it is not today.
    public func time(_ date: Date) -> String {
        Plan.local(date, timeZone, withDate: !Plan.sameDay(date, forecast.now, timeZone))
    }

    /// `20 min`, `1h 25m`, `2d 3h`.
    public static func span(_ seconds: TimeInterval) -> String {
        let minutes = Int((abs(seconds) / 60).rounded())
        return minutes < 60 ? "\(minutes) min" : RelativeTime.duration(Double(minutes) * 60)
    }

    /// The launch in one line; nil for a checklist with nothing on the clock.
    public var summary: String? {
        guard let end = forecast.end else { return nil }
        return sentence(end: end, windowEnd: forecast.windowEnd, finished: forecast.finished, path: forecast.criticalPath)
    }

    public func phase(_ phase: LaunchForecast.Phase) -> String {
        sentence(end: phase.end, windowEnd: phase.windowEnd, finished: phase.finished, path: [])
    }

    func sentence(end: Date, windowEnd: Date?, finished: Bool, path: [ClockNode]) -> String {
        let lead = finished ? "finished" : "forecast end"
        guard let windowEnd else { return "\(lead) \(time(end))" }
        let margin = windowEnd.timeIntervalSince(end)
        if margin < -59 {
            let over = "over the window by \(Self.span(margin))"
            if finished { return "\(lead) \(time(end)), \(over)" }
            let through = criticalPathText(path)
            return "\(over): forecast end \(time(end)), window closes \(time(windowEnd))" + (through.isEmpty ? "" : "; critical path runs through \(through)")
        }
        let spare = margin < 60 ? "no time to spare" : "\(Self.span(margin)) to spare"
        return "\(lead) \(time(end)) (window \(finished ? "closed" : "closes") \(time(windowEnd)), \(spare))"
    }

    /// `'Run migrations' → gate 'Go/No-Go' → 'Flip DNS'` (at most five, the last ones).
    public func criticalPathText(_ path: [ClockNode]) -> String {
        let names = path.compactMap { node -> String? in
            guard let item = forecast.item(node) else { return nil }
            if case .gate = node { return "gate '\(item.title)'" }
            return "'\(item.title)'"
        }
        let shown = names.suffix(5)
        return (names.count > shown.count ? "… → " : "") + shown.joined(separator: " → ")
    }
}
