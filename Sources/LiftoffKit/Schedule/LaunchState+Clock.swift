import Foundation

extension LaunchState {
    /// Folds the launch clock's events: a step begun, a hold and its end, a forecast overrun.
    mutating func applyClock(_ event: LaunchEvent) throws -> String {
        let who = event.actor
        switch event.eventType {
        case .stepStarted:
            let s = try event.decode(StepStarted.self)
            var progress = steps[s.step] ?? StepProgress()
            progress.startedAt = event.time
            progress.startedBy = who
            steps[s.step] = progress
            return "\(who) started '\(plan.step(s.step)?.text ?? s.step)'"
        case .launchHeld:
            let h = try event.decode(LaunchHeld.self)
            hold = LaunchHold(reason: h.reason, by: who, at: event.time)
            return "\(who) put the launch on hold: \(h.reason)"
        case .launchResumed:
            let r = try event.decode(LaunchResumed.self)
            hold = nil
            return "\(who) resumed the launch" + (r.note.map { ": \($0)" } ?? "")
        case .launchRescheduled:
            let r = try event.decode(LaunchRescheduled.self)
            let from = t0
            reschedules.append(LaunchReschedule(from: from, to: r.t0, reason: r.reason, by: who, at: event.time, seq: event.seq))
            // Due times moved: owners are reminded again at the new ones; the overrun is judged anew.
            reminded = [:]
            forecastOverrun = nil
            return "\(who) moved T-0 from \(Schedule.iso8601(from, timeZone: timeZone)) to \(Schedule.iso8601(r.t0, timeZone: timeZone)): \(r.reason)"
        case .forecastOverrun:
            let o = try event.decode(ForecastOverrun.self)
            forecastOverrun = o
            return "forecast end \(Plan.local(o.forecastEnd, timeZone, withDate: false)) is past the window's end \(Plan.local(o.windowEnd, timeZone, withDate: false))"
        default:
            return "\(event.type) by \(who)"
        }
    }
}
