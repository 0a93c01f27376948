import Foundation

/// A step or phase placed on the calendar of a launch.
public struct ScheduledItem: Hashable, Sendable {
    public var id: String
    public var text: String
    public var owner: String?
    public var start: Date
    public var end: Date
    public var state: StepState
}

extension LaunchState {
    /// A step due at a point in time (`T-2h`) stays due this long before it counts as overdue.
    public static let pointGrace: TimeInterval = 15 * 60

    public func instant(_ offset: TimeOffset) -> Date {
        Schedule.instant(of: offset, t0: t0, timeZone: timeZone)
    }

    /// The absolute window of a step; nil for untimed steps.
    public func window(of step: Step) -> (start: Date, end: Date)? {
        guard let w = step.window ?? runbook.sections[safe: step.section]?.window else { return nil }
        let start = instant(w.start)
        var end = instant(w.end)
        if end <= start { end = start.addingTimeInterval(Self.pointGrace) }
        return (start, end)
    }

    /// Timed steps of the checklist (rollback steps are contingent, so they are left out).
    public var scheduled: [ScheduledItem] {
        runbook.steps.filter { !$0.rollback }.compactMap { step in
            window(of: step).map {
                ScheduledItem(id: step.id, text: step.text, owner: step.owner, start: $0.start, end: $0.end, state: progress(of: step.id).state)
            }
        }.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    /// Open steps whose window has begun and not yet passed.
    public func dueNow(now: Date) -> [ScheduledItem] {
        scheduled.filter { !$0.state.isSettled && $0.start <= now && now <= $0.end }
    }

    /// Open steps whose window has passed.
    public func overdue(now: Date) -> [ScheduledItem] {
        scheduled.filter { !$0.state.isSettled && $0.end < now }
    }

    /// Open steps that start after `now`, soonest first.
    public func upcoming(now: Date, limit: Int = 5) -> [ScheduledItem] {
        Array(scheduled.filter { !$0.state.isSettled && $0.start > now }.prefix(limit))
    }

    /// The phase under way: the latest-starting phase that has begun (the innermost on a tie).
    /// Nil before the first phase.
    public func currentPhase(now: Date) -> Section? {
        var best: (start: Date, level: Int, section: Section)?
        for section in runbook.phases {
            guard let w = section.window ?? section.anchor.map(TimeWindow.init) else { continue }
            let start = instant(w.start)
            guard start <= now else { continue }
            if best.map({ start > $0.start || (start == $0.start && section.level > $0.level) }) ?? true {
                best = (start, section.level, section)
            }
        }
        return best?.section
    }

    /// Checklist counts (rollback steps left out): settled = done or skipped.
    public var counts: (done: Int, skipped: Int, failed: Int, blocked: Int, total: Int) {
        var c = (done: 0, skipped: 0, failed: 0, blocked: 0, total: 0)
        for step in runbook.steps where !step.rollback {
            c.total += 1
            switch progress(of: step.id).state {
            case .done: c.done += 1
            case .skipped: c.skipped += 1
            case .failed: c.failed += 1
            case .blocked: c.blocked += 1
            case .pending: break
            }
        }
        return c
    }

    /// The first gate that keeps `step` from being worked: a timed gate that comes before the
    /// step (by T-0 offset) and is neither decided GO nor overridden. Rollback steps are never held.
    public func blockingGate(for step: Step) -> Gate? {
        guard !step.rollback, let stepWindow = step.window ?? runbook.sections[safe: step.section]?.window else { return nil }
        return runbook.gates
            .filter { gate in
                guard let gw = gate.window, gw.start < stepWindow.start else { return false }
                return !(gates[gate.id]?.isPassable ?? false)
            }
            .min { ($0.window?.start ?? .zero, $0.id) < ($1.window?.start ?? .zero, $1.id) }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
