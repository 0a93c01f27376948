import Foundation

/// `step.started`: someone began a step (`liftoff step start`); its duration counts from here.
public struct StepStarted: EventPayload {
    public static let type = EventType.stepStarted
    public var step: String

    public init(step: String) { self.step = step }
}

/// `forecast.overrun`: the forecast end passed the launch window's end. Recorded once per launch,
/// with a status update to the communications owner (see `ForecastAlarm`).
public struct ForecastOverrun: EventPayload {
    public static let type = EventType.forecastOverrun
    public var forecastEnd: Date
    public var windowEnd: Date
    /// Step and gate ids of the critical path, in order.
    public var criticalPath: [String]

    public init(forecastEnd: Date, windowEnd: Date, criticalPath: [String]) {
        self.forecastEnd = forecastEnd
        self.windowEnd = windowEnd
        self.criticalPath = criticalPath
    }
}

/// `launch.rescheduled`: T-0 moves (a slip); every window, due time and reminder moves with it.
public struct LaunchRescheduled: EventPayload {
    public static let type = EventType.launchRescheduled
    public var t0: Date
    public var reason: String

    public init(t0: Date, reason: String) {
        self.t0 = CanonicalTime.rounded(t0)
        self.reason = reason
    }
}

/// `launch.held`: the line is stopped; the watcher takes no automated action until `launch.resumed`.
public struct LaunchHeld: EventPayload {
    public static let type = EventType.launchHeld
    public var reason: String

    public init(reason: String) { self.reason = reason }
}

/// `launch.resumed`: the hold is lifted.
public struct LaunchResumed: EventPayload {
    public static let type = EventType.launchResumed
    public var note: String?

    public init(note: String?) { self.note = note }
}
