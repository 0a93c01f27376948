import Foundation

/// The status updates Liftoff posts by itself (DESIGN §9, issue 5): on milestones in the log
/// (gate decided, trigger firing or resolved, rollback, traffic shift, launch ended), when a
/// phase starts, and when the cadence falls due without a post. Pure: the watcher appends what
/// `owed` returns as `status.posted` events by `system`, and the outbox delivers them.
///
/// Restart-safe without a cursor: an update is owed only while no `status.posted` by `system`
/// with the same milestone and message follows its cause in the log.
///
/// ```swift
/// for post in StatusMilestones.owed(events: events, state: state, now: clock.now) {
///     try await store.append([EventDraft(actor: "system", post)], to: id, expectedSeq: state.seq)
/// }
/// ```
public enum StatusMilestones {
    public static let gateDecided = "gate decided"
    public static let phaseStarted = "phase started"
    public static let triggerFiring = "trigger firing"
    public static let triggerResolved = "trigger resolved"
    public static let rollback = "rollback"
    public static let trafficShift = "traffic shift"
    public static let launchEnded = "launch ended"
    public static let cadence = "cadence"
    public static let triggerError = "trigger error"
    public static let forecastOverrun = "forecast overrun"
    public static let hold = "hold"
    public static let rescheduled = "rescheduled"
    /// The rollback was not confirmed in time (posted by the watcher).
    public static let rollbackEscalated = "rollback escalated"
    /// A gate's time came and it is still open: the update carries GO / NO-GO buttons in Slack.
    public static let gateAwaitingVotes = "gate awaiting votes"

    /// The actor of automatic posts.
    public static let actor = "system"

    /// The update one event calls for, if it is a milestone; `state` gives the launch's channels
    /// and names (any state of the launch will do).
    public static func update(for event: LaunchEvent, in state: LaunchState) -> StatusPosted? {
        func post(_ level: StatusLevel, _ milestone: String, _ message: String, _ cause: StatusCause) -> StatusPosted {
            StatusPosted(status: level, message: message, milestone: milestone, channels: state.internalChannels, cause: cause)
        }
        switch event.eventType {
        case .gateDecided:
            guard let d = try? event.decode(GateDecided.self), d.decision != .open else { return nil }
            let title = state.gate(d.gate)?.title ?? d.gate
            return post(d.decision == .go ? .green : .red, gateDecided, "Gate '\(title)' decided \(d.decision.label): \(d.reason)", StatusCause(.gateDecided))
        case .triggerChanged:
            guard let c = try? event.decode(TriggerChanged.self) else { return nil }
            let rule = state.triggerRule(c.trigger)
            let series = c.series.map { " \($0)" } ?? ""
            let name = rule?.name ?? c.trigger
            if c.state == .firing, c.previous != .firing {
                // A rollback trigger's firing is announced by its rollback request.
                if rule?.action == .rollback { return nil }
                let evidence = rule.map { r in c.value.map { "\(r.signalLabel) \(r.valueText($0)) \(r.op.rawValue) \(r.thresholdText)" } ?? r.conditionText }
                    ?? "\(c.trigger)\(c.value.map { " at \(TriggerMetrics.format($0))" } ?? "")"
                let lasting = (rule?.forSeconds ?? 0) > 0 ? " for \(TriggerRule.durationText(rule?.forSeconds ?? 0))" : ""
                let level: StatusLevel = rule?.action == .alert || rule?.action == .halt ? .yellow : .red
                return post(level, triggerFiring, "Trigger firing: \(evidence)\(lasting) (\(name)\(series), \(rule?.action.rawValue ?? "alert"))",
                            StatusCause(.triggerFiring, trigger: c.trigger, action: rule?.action.rawValue ?? "alert"))
            }
            if c.previous == .firing, c.state == .ok {
                let value = c.value.map { " at \(rule?.valueText($0) ?? TriggerMetrics.format($0))" } ?? ""
                return post(.yellow, triggerResolved, "Trigger \(name)\(series) is back to ok\(value)", StatusCause(.triggerResolved, trigger: c.trigger))
            }
            if c.state == .error, c.previous != .error {
                return post(.yellow, triggerError, "Trigger \(name) cannot be evaluated: \(c.message ?? "query errors")", StatusCause(.triggerError, trigger: c.trigger))
            }
            return nil
        case .rollbackRequested:
            guard let r = try? event.decode(RollbackRequested.self) else { return nil }
            let next = r.policy == .auto ? "starting now (policy auto)" : "waiting for \(state.rollbackAuthority.description) to confirm"
            var update = post(.red, rollback, "Rollback requested: \(r.reason); \(next)", StatusCause(.rollbackRequested, trigger: r.trigger))
            // Awaiting confirmation: Slack shows Confirm rollback / Hold (docs/slack.md).
            if r.policy == .manual { update.decision = .rollback(requestSeq: event.seq) }
            return update
        case .rollbackConfirmed:
            // Posted when the confirmation completed the quorum; policy auto was announced with the request.
            guard let current = state.rollback, current.startedAt == event.time, current.request.policy == .manual else { return nil }
            let who = current.confirmations.map { c in c.role.map { "\(c.by) (\($0))" } ?? c.by }.joined(separator: ", ")
            return post(.red, rollback, "Rollback confirmed by \(who); running the rollback procedure", StatusCause(.rollbackConfirmed))
        case .actionRan:
            guard let a = try? event.decode(ActionRan.self), a.purpose == .rollback, !a.succeeded else { return nil }
            let step = a.step.flatMap { state.plan.step($0)?.text } ?? a.step ?? "a step"
            let why = a.error ?? "exit \(a.exitCode.map(String.init) ?? "?")"
            return post(.red, rollback, "Rollback stopped: '\(step)' failed (\(why)); an admin decides what happens next", StatusCause(.rollbackStopped))
        case .shiftStage:
            guard let s = try? event.decode(ShiftStage.self) else { return nil }
            switch s.state {
            case .started: return nil
            case .passed: return post(.green, trafficShift, "Traffic at \(s.weight)% held its analysis", StatusCause(.trafficShift))
            case .aborted: return post(.red, trafficShift, "Traffic shift aborted at \(s.weight)%" + (s.reason.map { ": \($0)" } ?? ""), StatusCause(.trafficShift))
            }
        case .forecastOverrun:
            guard let o = try? event.decode(ForecastOverrun.self) else { return nil }
            return post(.yellow, forecastOverrun, ForecastAlarm.message(o, state: state), StatusCause(.forecastOverrun))
        case .launchHeld:
            guard let h = try? event.decode(LaunchHeld.self) else { return nil }
            return post(.yellow, hold, "Launch on hold: \(h.reason); no automated action until it is resumed", StatusCause(.held))
        case .launchRescheduled:
            guard let r = try? event.decode(LaunchRescheduled.self) else { return nil }
            return post(.yellow, rescheduled, "Launch rescheduled: T-0 is now \(Plan.local(r.t0, state.timeZone, withDate: true)) (\(r.reason))", StatusCause(.rescheduled))
        case .launchResumed:
            return post(state.currentStatus?.status ?? .green, hold, "Launch resumed by \(event.actor)", StatusCause(.resumed))
        case .launchEnded:
            guard let e = try? event.decode(LaunchEnded.self) else { return nil }
            let note = e.note.map { " (\($0))" } ?? ""
            // A success says the launch is complete (the public page shows it); an override says so.
            if e.outcome == .success {
                return post(.green, launchEnded, "Launch complete" + (e.override == nil ? "" : ", by override") + note, StatusCause(.launchEnded, outcome: e.outcome))
            }
            return post(.yellow, launchEnded, "Launch ended: \(e.outcome.rawValue)" + note, StatusCause(.launchEnded, outcome: e.outcome))
        default:
            return nil
        }
    }

    /// Every automatic update owed at `now`: milestones in `events` not yet posted, phases that
    /// started, and the cadence update when one fell due with no post since. Causes older than
    /// `maxAge` are not posted late (a watcher started days later does not replay history).
    /// `state` is the fold of `events`.
    public static func owed(events: [LaunchEvent], state: LaunchState, now: Date, maxAge: TimeInterval = 3600) -> [StatusPosted] {
        // Posted with or without channels: the public status page shows them too.
        var out: [StatusPosted] = []
        let horizon = now.addingTimeInterval(-maxAge)
        for event in events where event.time >= horizon {
            guard let post = update(for: event, in: state), !posted(post, after: event.time, seq: event.seq, in: state) else { continue }
            out.append(post)
        }
        guard state.ended == nil else { return out }
        // The first phase that starts at or after T-0 is the launch getting under way.
        let launchPhase = state.runbook.phases.compactMap { phase -> (String, Date)? in
            guard let window = phase.window ?? phase.anchor.map(TimeWindow.init) else { return nil }
            let start = state.instant(window.start)
            return start >= state.t0 ? (phase.title, start) : nil
        }.min { $0.1 < $1.1 }?.0
        for phase in state.runbook.phases {
            guard let window = phase.window ?? phase.anchor.map(TimeWindow.init) else { continue }
            let start = state.instant(window.start)
            guard start <= now, start >= horizon, start >= state.createdAt else { continue }
            let post = StatusPosted(status: state.currentStatus?.status ?? .green, message: "Phase started: \(phase.title)",
                                    milestone: phaseStarted, channels: state.internalChannels,
                                    cause: StatusCause(phase.title == launchPhase ? .launchStarted : .phaseStarted))
            if !posted(post, after: start, seq: 0, in: state) { out.append(post) }
        }
        out += gatesAwaitingVotes(state: state, now: now, horizon: horizon)
        if let post = cadenceUpdate(state: state, now: now) { out.append(post) }
        return out
    }

    /// One update per gate whose time (its window's start, else T-0) has come while it is still
    /// open, asking its roles for their votes; Slack shows GO / NO-GO buttons on it. The message
    /// names the gate's roles, not who is still missing, so a vote does not make it owed again.
    static func gatesAwaitingVotes(state: LaunchState, now: Date, horizon: Date) -> [StatusPosted] {
        var out: [StatusPosted] = []
        for gate in state.runbook.gates where !gate.roles.isEmpty {
            let progress = state.gates[gate.id] ?? GateProgress(gate: gate.id)
            guard progress.decision == .open, !progress.isPassable else { continue }
            let due = gate.window.map { state.instant($0.start) } ?? state.t0
            guard due <= now, due >= horizon, due >= state.createdAt else { continue }
            let post = StatusPosted(status: state.currentStatus?.status ?? .green,
                                    message: "Gate '\(gate.title)' is waiting for votes: GO or NO-GO from \(gate.roles.joined(separator: ", "))",
                                    milestone: gateAwaitingVotes, channels: state.internalChannels, cause: StatusCause(.gateAwaitingVotes),
                                    decision: .gate(gate.id))
            if !posted(post, after: due, seq: 0, in: state) { out.append(post) }
        }
        return out
    }

    /// The cadence update due at `now`: the schedule passed a due time and nothing was posted since.
    public static func cadenceUpdate(state: LaunchState, now: Date) -> StatusPosted? {
        guard state.ended == nil, let schedule = state.statusSchedule,
              let due = schedule.lastDue(atOrBefore: now), due >= state.createdAt else { return nil }
        if let last = state.currentStatus, last.at >= due { return nil }
        let current = state.currentStatus
        var message = current.map { "Scheduled update; no change since \(Schedule.iso8601($0.at, timeZone: state.timeZone)): \($0.message)" } ?? "Scheduled update"
        // The question every update answers: when will we be done, and is that inside the window?
        let forecast = LaunchForecast(state, now: now)
        if !forecast.finished, let summary = ForecastText(forecast, timeZone: state.timeZone).summary {
            message += ". \(summary.prefix(1).uppercased())\(summary.dropFirst())"
        }
        return StatusPosted(status: current?.status ?? .green, message: message, milestone: cadence, channels: state.internalChannels, cause: StatusCause(.cadence))
    }

    /// Whether `system` posted this update after its cause (by time, and after `seq` when known).
    private static func posted(_ post: StatusPosted, after time: Date, seq: Int, in state: LaunchState) -> Bool {
        state.statuses.contains { $0.seq > seq && $0.at >= time && $0.by == actor && $0.milestone == post.milestone && $0.message == post.message }
    }
}

extension StatusSchedule {
    /// The latest update time at or before `date`; nil before the anchor.
    public func lastDue(atOrBefore date: Date) -> Date? {
        let elapsed = date.timeIntervalSince(anchor)
        guard elapsed.isFinite, elapsed >= 0 else { return nil }
        var start = 0.0
        for (index, period) in cadence.periods.enumerated() {
            let end = period.until.map(Double.init) ?? .infinity
            let isLast = index + 1 == cadence.periods.count
            if elapsed < end || isLast {
                let within = min(elapsed, end) - start
                let steps = (within / Double(period.interval)).rounded(.down)
                return anchor.addingTimeInterval(start + steps * Double(period.interval))
            }
            start = end
        }
        return nil
    }
}
