import Foundation

/// Tells the communications owner, once per launch, that the forecast end has passed the
/// window's end: the watcher appends the `forecast.overrun` this returns, and the status update
/// it calls for (`StatusMilestones`) goes to the launch's channels and status page.
public enum ForecastAlarm {
    /// The overrun to record at `now`, if the launch is under way, its forecast is past the
    /// window's end, and no overrun was recorded before.
    public static func overrun(_ state: LaunchState, history: StepHistory = StepHistory(), now: Date) -> ForecastOverrun? {
        guard state.ended == nil, state.forecastOverrun == nil else { return nil }
        let forecast = LaunchForecast(state, history: history, now: now)
        guard !forecast.finished, forecast.isOver, let end = forecast.end, let windowEnd = forecast.windowEnd,
              let begun = forecast.items.map(\.start).min(), begun <= now else { return nil }
        return ForecastOverrun(forecastEnd: end, windowEnd: windowEnd, criticalPath: forecast.criticalPath.map(\.id))
    }

    /// "Forecast over the window by 25 min: expected completion 15:25 CET, window closes 15:00 CET;
    /// critical path runs through 'Run migrations' → 'Flip DNS'".
    public static func message(_ overrun: ForecastOverrun, state: LaunchState) -> String {
        let zone = state.timeZone
        let over = ForecastText.span(overrun.forecastEnd.timeIntervalSince(overrun.windowEnd))
        let names = overrun.criticalPath.suffix(5).map { id in
            state.plan.step(id).map { "'\($0.text)'" } ?? state.plan.gate(id).map { "gate '\($0.title)'" } ?? id
        }
        let path = names.isEmpty ? "" : "; critical path runs through " + names.joined(separator: " → ")
        return "Forecast over the window by \(over): expected completion \(Plan.local(overrun.forecastEnd, zone, withDate: false)), window closes \(Plan.local(overrun.windowEnd, zone, withDate: false))\(path)"
    }
}
