import LiftoffMarkdown

/// Places wall-clock windows against the launch's time of day (docs/runbook-format.md,
/// "Phases and times"): `07:30` under a launch at 09:00 is T-1h30m; under a `T-1 Day` phase it is
/// the day before. Without a launch time a wall-clock window is left unplaced (nil) and lint
/// says so.
enum WallClockPlacement {
    /// The placed window, the window unchanged when it is not a wall-clock one, nil when it
    /// cannot be placed. `base` is the enclosing window: its whole days give the day.
    static func place(_ window: TimeWindow, launchMinute: Int?, base: TimeWindow?) -> TimeWindow? {
        guard let clock = window.wallClock else { return window }
        guard let launchMinute else { return nil }
        var days = 0
        if let base, base.wallClock == nil, base.start.seconds == 0 { days = base.start.days }
        return clock.window(launchMinute: launchMinute, days: days)
    }

    static func unplacedDiagnostic(count: Int, first: SourcePosition) -> Diagnostic {
        Diagnostic(.info, "unanchored-time",
                   "\(count) wall-clock time\(count == 1 ? "" : "s") (first at line \(first.line)) cannot be placed: the runbook states no launch time",
                   hint: "state it near the top (`**Launch time:** 09:00`) or give plan the launch with --at", at: first)
    }
}
