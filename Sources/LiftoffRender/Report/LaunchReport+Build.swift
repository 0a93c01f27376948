import Foundation
import LiftoffKit

extension LaunchReport {
    /// The report of a launch from its events (all of them, from seq 1).
    ///
    /// ```swift
    /// let report = try LaunchReport.build(events: events, verification: .checked(EventChain.verify(events)), now: clock.now)
    /// ```
    /// `masker` hides secret values (see `SecretMasker(launch:environment:)`) in every text taken from
    /// the events, in case a person typed one into a note.
    /// `earlier`: launches of the same runbook before this one, to compare with (`LaunchComparison`).
    public static func build(events: [LaunchEvent], verification: Verification, now: Date,
                             masker: SecretMasker = SecretMasker(secrets: []), earlier: [LaunchState] = []) throws(LaunchState.ProjectionError) -> LaunchReport {
        let state = try LaunchState.fold(events)
        var report = ReportBuilder(state: state, events: events, masker: masker).report(verification: verification, now: now)
        report.comparison = LaunchComparison.compare(state, with: earlier)
        report.charts = ReportCharts.build(state: state, events: events, end: state.ended?.at ?? now)
        return report
    }

    /// Whether the hash chain was recomputed for this report, and what it found.
    public enum Verification: Sendable, Hashable {
        case notChecked
        /// The result of `EventChain.verify`: nil when every link holds.
        case checked(EventChain.Break?)
    }
}

/// Walks the log once for what the state does not keep (every vote, every check result with its
/// evidence, every trigger change, every command), and reads the rest from the folded state.
private struct ReportBuilder {
    let state: LaunchState
    let events: [LaunchEvent]
    let masker: SecretMasker

    func m(_ s: String) -> String { masker.isEmpty ? s : masker.mask(s) }
    func m(_ s: String?) -> String? { s.map(m) }

    func report(verification: LaunchReport.Verification, now: Date) -> LaunchReport {
        let time = ReportTime(t0: state.t0, timeZone: state.timeZone)
        let ending = state.ended.map { ended in
            LaunchReport.Ending(outcome: ended.outcome, note: m(lastPayload(LaunchEnded.self)?.note), by: ended.by, at: ended.at)
        }
        var report = LaunchReport(
            launch: state.launch, name: state.name, runbookTitle: state.runbook.title, runbookFile: state.created.runbookFile,
            runbookSHA256: state.created.runbookSHA256,
            runbookIntact: EventChain.sha256Hex(state.created.runbookSource) == state.created.runbookSHA256,
            mode: state.mode, t0: state.t0, timeZone: state.timeZone.identifier, createdAt: state.createdAt, createdBy: state.createdBy,
            ending: ending, generatedAt: now, time: time,
            summary: LaunchReport.Summary(), timeline: timeline(), sections: sections(), gates: gates(), checks: checks(),
            triggers: triggers(), rollbacks: rollbacks(), shifts: shifts(), actions: actions(), statuses: statuses(),
            defects: entries(DefectLogged.self) { ($0.text, $0.severity) },
            notes: entries(NoteAdded.self) { ($0.text, nil) },
            participants: state.participants.values.sorted { $0.name < $1.name },
            integrity: integrity(verification)
        )
        report.criteria = LaunchReport.criterionLines(state, mask: m)
        report.completionOverride = state.completionOverride.map { CompletionOverride(by: $0.by, at: $0.at, reason: m($0.reason), unmet: $0.unmet) }
        report.retrospective = state.retrospective.map { item in
            var masked = item
            masked.text = m(item.text)
            masked.owner = m(item.owner)
            return masked
        }
        report.summary = summary(of: report)
        return report
    }

    // MARK: events of one type

    func payloads<P: EventPayload>(_: P.Type) -> [(event: LaunchEvent, payload: P)] {
        events.compactMap { event in
            guard event.type == P.type.rawValue, let p = try? event.decode(P.self) else { return nil }
            return (event, p)
        }
    }

    func lastPayload<P: EventPayload>(_ type: P.Type) -> P? { payloads(type).last?.payload }

    // MARK: timeline

    func timeline() -> [LaunchReport.TimelineEntry] {
        let summaries = Dictionary(state.activity.map { ($0.seq, $0.summary) }, uniquingKeysWith: { _, last in last })
        var lastCheckResult: [String: CheckOutcome] = [:]
        var entries: [LaunchReport.TimelineEntry] = []
        for event in events {
            guard let tone = tone(of: event, lastCheckResult: &lastCheckResult) else { continue }
            entries.append(LaunchReport.TimelineEntry(seq: event.seq, at: event.time, actor: event.actor, type: event.type,
                                                      summary: m(summaries[event.seq] ?? event.type), tone: tone))
        }
        return entries
    }

    /// Nil for events that are bookkeeping rather than news (participants joining, reminders,
    /// deliveries, retried notification failures, check runs that repeat the last result).
    func tone(of event: LaunchEvent, lastCheckResult: inout [String: CheckOutcome]) -> LaunchReport.Tone? {
        switch event.eventType {
        case .participantAdded, .stepReminded, .notificationDelivered:
            return nil
        case .launchCreated, .noteAdded, .stepStarted, .launchResumed, .none:
            return .neutral
        case .forecastOverrun, .launchHeld, .launchRescheduled:
            return .warning
        case .stepMarked:
            switch (try? event.decode(StepMarked.self))?.mark {
            case .done: return .good
            case .failed: return .bad
            case .blocked: return .warning
            default: return .neutral
            }
        case .gateVoted:
            return (try? event.decode(GateVoted.self))?.vote == .nogo ? .bad : .good
        case .gateDecided:
            switch (try? event.decode(GateDecided.self))?.decision {
            case .go: return .good
            case .nogo: return .bad
            default: return .neutral
            }
        case .gateOverridden, .rollbackConfirmed:
            return .warning
        case .checkRan:
            guard let c = try? event.decode(CheckRan.self) else { return .neutral }
            defer { lastCheckResult[c.check] = c.result }
            if lastCheckResult[c.check] == c.result { return nil }
            return c.result == .pass ? .good : .bad
        case .triggerChanged:
            switch (try? event.decode(TriggerChanged.self))?.state {
            case .firing: return .bad
            case .ok: return .good
            default: return .warning
            }
        case .rollbackRequested:
            return .bad
        case .actionRan:
            return (try? event.decode(ActionRan.self))?.succeeded == true ? .good : .bad
        case .actionStarted:
            // The result that follows says it; an intent alone is bookkeeping.
            return nil
        case .actionResolved:
            return .warning
        case .shiftStage:
            switch (try? event.decode(ShiftStage.self))?.state {
            case .passed: return .good
            case .aborted: return .bad
            default: return .neutral
            }
        case .statusPosted:
            switch (try? event.decode(StatusPosted.self))?.status {
            case .green: return .good
            case .yellow: return .warning
            default: return .bad
            }
        case .notificationFailed:
            return (try? event.decode(NotificationFailed.self))?.final == true ? .bad : nil
        case .defectLogged:
            let severity = (try? event.decode(DefectLogged.self))?.severity
            return severity == .high || severity == .critical ? .bad : .warning
        case .criterionChanged:
            switch (try? event.decode(CriterionChanged.self))?.state {
            case .verified: return .good
            case .broken: return .bad
            default: return .neutral
            }
        case .criterionConfirmed:
            return .good
        case .retroAdded:
            return .neutral
        case .launchEnded:
            if (try? event.decode(LaunchEnded.self))?.override != nil { return .warning }
            switch (try? event.decode(LaunchEnded.self))?.outcome {
            case .success: return .good
            case .rolledBack: return .warning
            default: return .bad
            }
        }
    }

    // MARK: phases and steps

    func sections() -> [LaunchReport.SectionLine] {
        let runbook = state.runbook
        let byID = Dictionary(runbook.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func depth(_ step: Step) -> Int {
            var d = 0
            var parent = step.parent
            while let p = parent, let up = byID[p], d < 20 {
                d += 1
                parent = up.parent
            }
            return d
        }
        var lines: [LaunchReport.SectionLine] = []
        for (index, section) in runbook.sections.enumerated() {
            let steps = runbook.steps.filter { $0.section == index }
            guard !steps.isEmpty else { continue }
            let window = section.window.map { w in
                Plan.offsetText(w.start) + (w.end == w.start ? "" : " → " + Plan.offsetText(w.end))
            }
            let stepLines = steps.map { step in
                let p = state.progress(of: step.id)
                let due = state.window(of: step)
                return LaunchReport.StepLine(id: step.id, text: m(step.text), depth: depth(step), owner: m(step.owner), state: p.state,
                                             by: p.by, at: p.at, dueStart: due?.start, dueEnd: due?.end, note: m(p.note))
            }
            lines.append(LaunchReport.SectionLine(id: section.id, title: m(section.title), window: window,
                                                  rollback: steps.allSatisfy(\.rollback), steps: stepLines))
        }
        return lines
    }

    // MARK: gates

    func gates() -> [LaunchReport.GateLine] {
        let votes = payloads(GateVoted.self)
        let decisions = payloads(GateDecided.self)
        return state.runbook.gates.map { gate in
            let progress = state.gates[gate.id] ?? GateProgress(gate: gate.id)
            let cast = votes.filter { $0.payload.gate == gate.id }.map {
                LaunchReport.VoteLine(by: $0.event.actor, role: $0.payload.role, vote: $0.payload.vote, comment: m($0.payload.comment), at: $0.event.time)
            }
            let override = progress.override.map { GateOverride(by: $0.by, at: $0.at, reason: m($0.reason)) }
            return LaunchReport.GateLine(
                id: gate.id, title: m(gate.title), due: gate.window.map { state.instant($0.start) }, roles: gate.roles.map(m), votes: cast,
                decision: progress.decision, decidedAt: progress.decidedAt,
                reason: m(decisions.last { $0.payload.gate == gate.id }?.payload.reason), override: override,
                checks: state.gateChecks[gate.id] ?? [])
        }
    }

    // MARK: checks

    func checks() -> [LaunchReport.CheckLine] {
        var lines: [LaunchReport.CheckLine] = state.checks.map { check in
            LaunchReport.CheckLine(id: check.id, definition: m("\(check.kind.rawValue) \(check.target.display)"), expected: m(check.expectation),
                                   observed: nil, result: nil, at: nil, runs: 0, failures: 0, gate: nil, step: check.step)
        }
        for (event, ran) in payloads(CheckRan.self) {
            let index = lines.firstIndex { $0.id == ran.check } ?? {
                lines.append(LaunchReport.CheckLine(id: ran.check, definition: nil, expected: nil, observed: nil, result: nil, at: nil,
                                                    runs: 0, failures: 0, gate: nil, step: nil))
                return lines.count - 1
            }()
            lines[index].runs += 1
            if ran.result != .pass { lines[index].failures += 1 }
            lines[index].result = ran.result
            lines[index].at = event.time
            lines[index].expected = m(ran.expected) ?? lines[index].expected
            lines[index].observed = m(ran.observed)
            lines[index].gate = ran.gate ?? lines[index].gate
            lines[index].step = ran.step ?? lines[index].step
        }
        return lines
    }

    // MARK: triggers

    func triggers() -> [LaunchReport.TriggerLine] {
        let changes = payloads(TriggerChanged.self)
        var ids = state.triggerRules.map(\.id)
        for (_, c) in changes where !ids.contains(c.trigger) { ids.append(c.trigger) }
        return ids.map { id in
            let rule = state.triggerRule(id)
            let mine = changes.filter { $0.payload.trigger == id }.map { event, c in
                LaunchReport.TriggerChange(at: c.observedAt, previous: c.previous, state: c.state, value: c.value.map { valueText($0, rule) },
                                           series: m(c.series), message: m(c.message))
            }
            return LaunchReport.TriggerLine(id: id, name: m(rule?.name ?? id), condition: rule.map { m($0.conditionText) }, action: rule?.action,
                                            state: state.trigger(id).status, fired: mine.contains { $0.state == .firing }, changes: mine)
        }
    }

    func valueText(_ value: Double, _ rule: TriggerRule?) -> String {
        rule?.valueText(value) ?? CheckQuantity.trimmed(value)
    }

    // MARK: rollback

    func rollbacks() -> [LaunchReport.RollbackLine] {
        var lines: [LaunchReport.RollbackLine] = []
        for event in events {
            if event.type == EventType.rollbackRequested.rawValue, let r = try? event.decode(RollbackRequested.self) {
                lines.append(LaunchReport.RollbackLine(
                    attempt: lines.count + 1, requestedBy: event.actor, requestedAt: event.time, reason: m(r.reason), trigger: r.trigger,
                    value: r.value.map { valueText($0, r.trigger.flatMap(state.triggerRule)) }, policy: r.policy, confirmations: [],
                    authority: m(state.rollbackAuthority.description)))
            } else if event.type == EventType.rollbackConfirmed.rawValue, let c = try? event.decode(RollbackConfirmed.self), !lines.isEmpty {
                lines[lines.count - 1].confirmations.append(
                    LaunchReport.RollbackConfirmationLine(by: event.actor, role: c.role, comment: m(c.comment), at: event.time))
            }
        }
        return lines
    }

    // MARK: traffic shift and commands

    func shifts() -> [LaunchReport.ShiftLine] {
        var ids = state.shiftSteps.map(\.step)
        for id in state.shifts.keys.sorted() where !ids.contains(id) { ids.append(id) }
        return ids.map { id in
            LaunchReport.ShiftLine(step: id, text: m(state.plan.step(id)?.text ?? id),
                                   planned: state.shiftSteps.first { $0.step == id }?.stages ?? [],
                                   stages: (state.shifts[id] ?? []).map { LaunchReport.ShiftStageLine(weight: $0.weight, state: $0.state, at: $0.at, reason: m($0.reason)) })
        }
    }

    func actions() -> [LaunchReport.ActionLine] {
        payloads(ActionRan.self).map { event, a in
            LaunchReport.ActionLine(seq: event.seq, at: event.time, purpose: a.purpose, step: a.step, stepText: m(a.step.flatMap { state.plan.step($0)?.text }),
                                    command: m(a.command), exitCode: a.exitCode, durationMS: a.durationMS, error: m(a.error), output: m(a.output),
                                    succeeded: a.succeeded)
        }
    }

    // MARK: status, notes, defects

    func statuses() -> [LaunchReport.StatusLine] {
        state.statuses.map { status in
            let deliveries = status.channels.map { channel in
                let d = state.delivery(DeliveryKey(notification: status.seq, channel: channel))
                let s: LaunchReport.DeliveryState = d.isDelivered ? .delivered : (d.gaveUpAt != nil ? .failed : .pending)
                return LaunchReport.DeliveryLine(channel: channel, state: s, attempts: d.attempts, error: m(d.lastError))
            }
            return LaunchReport.StatusLine(seq: status.seq, at: status.at, by: status.by, level: status.status, message: m(status.message),
                                           milestone: status.milestone, deliveries: deliveries)
        }
    }

    func entries<P: EventPayload>(_ type: P.Type, _ read: (P) -> (String, DefectSeverity?)) -> [LaunchReport.Entry] {
        payloads(type).map { event, p in
            let (text, severity) = read(p)
            return LaunchReport.Entry(seq: event.seq, at: event.time, by: event.actor, text: m(text), severity: severity)
        }
    }

    // MARK: integrity and summary

    func integrity(_ verification: LaunchReport.Verification) -> LaunchReport.Integrity {
        var integrity = LaunchReport.Integrity(events: events.count, lastSeq: state.seq, lastHash: state.lastHash)
        if case .checked(let broken) = verification {
            integrity.verified = broken == nil
            integrity.brokenAt = broken?.seq
            integrity.reason = broken?.reason
        }
        return integrity
    }

    func summary(of report: LaunchReport) -> LaunchReport.Summary {
        var s = LaunchReport.Summary()
        let c = state.counts
        (s.stepsDone, s.stepsSkipped, s.stepsFailed, s.stepsBlocked, s.stepsTotal) = (c.done, c.skipped, c.failed, c.blocked, c.total)
        s.stepsPending = c.total - c.done - c.skipped - c.failed - c.blocked
        for check in report.checks {
            s.checkRuns += check.runs
            switch check.result {
            case .pass: s.checksPass += 1
            case .fail: s.checksFail += 1
            case .error: s.checksError += 1
            case .none: s.checksNotRun += 1
            }
        }
        s.gatesTotal = report.gates.count
        for gate in report.gates {
            switch gate.decision {
            case .go: s.gatesGo += 1
            case .nogo: s.gatesNoGo += 1
            case .open: s.gatesOpen += 1
            }
            if gate.override != nil { s.gatesOverridden += 1 }
        }
        s.triggerRules = report.triggers.count
        s.triggersFired = report.triggers.filter(\.fired).map(\.name)
        s.rollbackRequested = !report.rollbacks.isEmpty
        s.actionsRun = report.actions.count
        s.actionsFailed = report.actions.filter { !$0.succeeded }.count
        s.defects = report.defects.count
        s.statusPosts = report.statuses.count
        for delivery in report.statuses.flatMap(\.deliveries) {
            switch delivery.state {
            case .delivered: s.notificationsDelivered += 1
            case .failed: s.notificationsFailed += 1
            case .pending: s.notificationsPending += 1
            }
        }
        return s
    }
}
