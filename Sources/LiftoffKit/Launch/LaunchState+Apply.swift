import Foundation

extension LaunchState {
    /// Applies one event. Types this version does not know are kept in the feed and otherwise ignored.
    public mutating func apply(_ event: LaunchEvent) throws(ProjectionError) {
        guard event.seq == seq + 1 else {
            throw ProjectionError(seq: event.seq, message: "expected event \(seq + 1) next")
        }
        seq = event.seq
        lastHash = event.hash
        do {
            let summary = try applyTyped(event)
            activity.append(ActivityItem(event: event, summary: summary))
        } catch let error as ProjectionError {
            throw error
        } catch {
            throw ProjectionError(seq: event.seq, message: "unreadable \(event.type) payload: \(error)")
        }
    }

    private mutating func applyTyped(_ event: LaunchEvent) throws -> String {
        let who = event.actor
        switch event.eventType {
        case .participantAdded:
            let p = try event.decode(ParticipantAdded.self)
            participants[p.participant] = LaunchParticipant(name: p.participant, roles: p.roles, admin: p.admin)
            let roles = p.roles.isEmpty ? "no roles" : p.roles.joined(separator: ", ")
            return "\(p.participant) joined as \(roles)\(p.admin ? " (admin)" : "")"
        case .stepMarked:
            let m = try event.decode(StepMarked.self)
            let state: StepState = switch m.mark {
            case .done: .done
            case .skipped: .skipped
            case .failed: .failed
            case .blocked: .blocked
            case .reopened: .pending
            }
            var progress = StepProgress(state: state, by: who, at: event.time, note: m.note)
            // A reopened step starts over; any other mark keeps when it was begun.
            if m.mark != .reopened, let before = steps[m.step] {
                progress.startedAt = before.startedAt
                progress.startedBy = before.startedBy
            }
            steps[m.step] = progress
            let text = plan.step(m.step)?.text ?? m.step
            return "\(who) marked '\(text)' \(m.mark.rawValue)" + (m.note.map { ": \($0)" } ?? "")
        case .gateVoted:
            let v = try event.decode(GateVoted.self)
            var progress = gates[v.gate] ?? GateProgress(gate: v.gate)
            progress.votes[RoleName.key(v.role)] = CastVote(role: v.role, vote: v.vote, by: who, at: event.time, comment: v.comment)
            gates[v.gate] = progress
            return "\(who) voted \(v.vote == .go ? "GO" : "NO-GO") on \(v.gate) as \(v.role)" + (v.comment.map { ": \($0)" } ?? "")
        case .gateDecided:
            let d = try event.decode(GateDecided.self)
            var progress = gates[d.gate] ?? GateProgress(gate: d.gate)
            progress.decision = d.decision
            progress.decidedAt = event.time
            gates[d.gate] = progress
            return "gate \(d.gate) decided \(d.decision.label): \(d.reason)"
        case .gateOverridden:
            let o = try event.decode(GateOverridden.self)
            var progress = gates[o.gate] ?? GateProgress(gate: o.gate)
            progress.override = GateOverride(by: who, at: event.time, reason: o.reason)
            gates[o.gate] = progress
            return "\(who) overrode gate \(o.gate): \(o.reason)"
        case .checkRan:
            let c = try event.decode(CheckRan.self)
            checkResults[c.check] = CheckEvidence(check: c.check, result: c.result, at: event.time)
            facts.record(c, seq: event.seq, at: event.time)
            if let gate = c.gate {
                var progress = gates[gate] ?? GateProgress(gate: gate)
                progress.checks[c.check] = CheckEvidence(check: c.check, result: c.result, at: event.time)
                gates[gate] = progress
            }
            return "check \(c.check): \(c.result.rawValue)" + (c.observed.map { " (observed \($0))" } ?? "")
        case .stepReminded:
            let r = try event.decode(StepReminded.self)
            reminded[r.kind, default: []].formUnion(r.steps)
            let texts = r.steps.map { plan.step($0)?.text ?? $0 }
            let list = texts.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (texts.count > 3 ? " and \(texts.count - 3) more" : "")
            return "reminded \(r.owner ?? "the launch") that \(list) \(texts.count == 1 ? "is" : "are") \(r.kind == .due ? "due now" : "overdue")"
        case .noteAdded:
            return "\(who): \(try event.decode(NoteAdded.self).text)"
        case .defectLogged:
            let d = try event.decode(DefectLogged.self)
            let item = ActivityItem(event: event, summary: "[\(d.severity.rawValue)] \(d.text)")
            defects.append(item)
            return "\(who) logged a \(d.severity.rawValue) defect: \(d.text)"
        case .launchEnded:
            let e = try event.decode(LaunchEnded.self)
            ended = (e.outcome, who, event.time)
            if let reason = e.override {
                completionOverride = CompletionOverride(by: who, at: event.time, reason: reason, unmet: e.unmet ?? [])
                return "\(who) completed the launch by override with \((e.unmet ?? []).count) criteria unmet: \(reason)"
            }
            return "\(who) ended the launch: \(e.outcome.rawValue)" + (e.note.map { " (\($0))" } ?? "")
        case .launchCreated:
            throw ProjectionError(seq: event.seq, message: "a second launch.created")
        case .statusPosted:
            let p = try event.decode(StatusPosted.self)
            statuses.append(PostedStatus(seq: event.seq, status: p.status, message: p.message, by: who, at: event.time, milestone: p.milestone, channels: p.channels, notice: p.notice,
                                         // Older logs: read from the milestone while the state is as it was then.
                                         cause: p.cause ?? (p.notice == nil ? StatusCause.inferred(milestone: p.milestone, state: self) : nil),
                                         decision: p.decision))
            if let notice = p.notice { return "published \(notice.kind.rawValue) \(notice.phase.label.lowercased()): \(p.message)" }
            return "status \(p.status.label)" + (p.milestone.map { " (\($0))" } ?? "") + ": \(p.message)"
        case .triggerChanged, .rollbackRequested, .rollbackConfirmed, .actionRan, .shiftStage, .actionStarted, .actionResolved:
            return try applyLive(event)
        case .criterionChanged, .criterionConfirmed, .retroAdded:
            return try applyLanding(event)
        case .stepStarted, .forecastOverrun, .launchHeld, .launchResumed, .launchRescheduled:
            return try applyClock(event)
        case .notificationDelivered:
            return applyDelivered(try event.decode(NotificationDelivered.self), at: event.time)
        case .notificationFailed:
            return applyFailed(try event.decode(NotificationFailed.self), at: event.time)
        case .none:
            return "\(event.type) by \(who)"
        }
    }
}
