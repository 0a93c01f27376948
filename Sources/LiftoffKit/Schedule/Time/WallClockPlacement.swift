import LiftoffMarkdown

/// Places wall-clock windows against the launch's time of day (docs/runbook-format.md,
/// "Phases and times"): `07:30` under a launch at 09:00 is T-1h30m; under a `T-1 Day` phase it is
/// the day before; under a `T-24 Hours` phase it is the first 07:30 from that hour on. Without a
/// launch time a wall-clock window is left unplaced (nil) and lint says so.
enum WallClockPlacement {
    /// How far before an hour phase's own time a clock time under it may fall and still be on
    /// that phase's day: "05:45 assemble" under a `T-3h` phase at 06:00.
    static let leadBeforePhase = 3600
    /// A schedule is read in order: a clock time this much earlier than the one before it in the
    /// same section is on the next day ("21:00 review", then "09:00 review (next day)").
    static let nextDayDrop = 6 * 3600

    /// The placed window, the window unchanged when it is not a wall-clock one, nil when it
    /// cannot be placed. `base` is the enclosing window: a day phase's whole days give the day;
    /// under an hour phase the day is the first that puts the time at or after the phase.
    static func place(_ window: TimeWindow, launchMinute: Int?, base: TimeWindow?) -> TimeWindow? {
        guard let clock = window.wallClock else { return window }
        guard let launchMinute else { return nil }
        var days = 0
        if let base, base.wallClock == nil {
            if base.start.seconds == 0 {
                days = base.start.days
            } else {
                // Offsets from hostile input saturate at Int.max: no arithmetic here may trap.
                let sinceLaunch = (clock.startMinute - launchMinute) * 60
                let (earliest, overflow) = base.start.nominalSeconds.subtractingReportingOverflow(leadBeforePhase + sinceLaunch)
                days = overflow ? base.start.days : ceilingDivide(earliest, 86_400)
            }
        }
        return clock.window(launchMinute: launchMinute, days: days)
    }

    /// `placed` moved to the next day when it falls `nextDayDrop` or more before `previous`, the
    /// clock time listed before it in the same section.
    static func inOrder(_ placed: TimeWindow, after previous: TimeWindow?) -> TimeWindow {
        guard let previous else { return placed }
        let (drop, overflow) = previous.start.nominalSeconds.subtractingReportingOverflow(placed.start.nominalSeconds)
        guard !overflow, drop >= nextDayDrop, placed.start.days < Int.max, placed.end.days < Int.max else { return placed }
        return TimeWindow(start: TimeOffset(days: placed.start.days + 1, seconds: placed.start.seconds),
                          end: TimeOffset(days: placed.end.days + 1, seconds: placed.end.seconds))
    }

    /// `a / b` rounded up, for `b > 0`, without overflow.
    static func ceilingDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return a % b > 0 ? q + 1 : q
    }

    /// A schedule whose T-0 phase opens with a clock time states the launch's time of day there:
    /// "T-0 (Launch)" over "09:00 Full traffic cutover" is a launch at 09:00. Only the phase's
    /// first step counts, and only a phase at exactly T-0.
    static func launchMinute(statedByTZeroPhaseOf runbook: Runbook) -> Int? {
        for (index, section) in runbook.sections.enumerated() {
            guard let anchor = section.anchor, anchor.wallClock == nil, anchor.start == .zero, anchor.end == .zero else { continue }
            let first = runbook.steps.lazy.filter { $0.section == index && $0.parent == nil }.min { $0.position.line < $1.position.line }
            if let clock = first?.window?.wallClock { return clock.startMinute }
        }
        return nil
    }

    static func unplacedDiagnostic(count: Int, first: SourcePosition) -> Diagnostic {
        Diagnostic(.info, "unanchored-time",
                   "\(count) wall-clock time\(count == 1 ? "" : "s") (first at line \(first.line)) cannot be placed: the runbook states no launch time",
                   hint: "state it near the top (`**Launch time:** 09:00`) or give plan the launch with --at", at: first)
    }
}
