import Foundation

/// The rules of a launch in one place: state + command → the events to append, or a refusal.
/// Pure; the CLI and the web API both call it, then append with the state's `seq` as the
/// expected sequence (on a conflict they reload, fold and decide again).
public enum LaunchDecider {
    public static func decide(_ state: LaunchState, _ command: LaunchCommand, by actor: LaunchActor, now: Date) -> Result<[EventDraft], Refusal> {
        Result { () throws(Refusal) -> [EventDraft] in try events(state, command, actor, now) }
    }

    static func events(_ state: LaunchState, _ command: LaunchCommand, _ actor: LaunchActor, _ now: Date) throws(Refusal) -> [EventDraft] {
        // A retrospective is written after the launch ended.
        if let ended = state.ended, !command.isRetrospective {
            throw Refusal(.ended, "launch \(state.launch) ('\(state.name)') ended \(ended.outcome.rawValue) at \(CanonicalTime.string(ended.at)); nothing more can be recorded")
        }
        var drafts: [EventDraft] = []
        let me: LaunchParticipant
        if let known = state.participant(actor.name) {
            me = known
        } else if actor == .system {
            // Liftoff acts in every launch without joining it.
            me = LaunchParticipant(name: actor.name, roles: actor.roles, admin: true)
        } else {
            me = LaunchParticipant(name: actor.name, roles: actor.roles, admin: actor.admin)
            drafts.append(EventDraft(actor: actor.name, ParticipantAdded(participant: actor.name, roles: actor.roles, admin: actor.admin)))
        }
        func draft<P: EventPayload>(_ payload: P) -> EventDraft { EventDraft(actor: actor.name, payload) }
        func requireWriter() throws(Refusal) {
            guard !me.isViewer else {
                throw Refusal(.forbidden, "\(me.name) is a viewer in launch \(state.launch) and cannot change it", hint: "an admin can grant a role: liftoff user add \(me.name) --role ROLE --launch \(state.launch)")
            }
        }

        switch command {
        case .addParticipant(let name, let roles, let admin):
            guard me.admin else { throw Refusal(.forbidden, "only an admin can add participants; \(me.name) is not an admin") }
            drafts.append(draft(ParticipantAdded(participant: name, roles: roles, admin: admin)))

        case .markStep(let id, let mark, let note):
            try requireWriter()
            guard let step = state.plan.step(id) else { throw Refusal(.notFound, "no step '\(id)' in launch \(state.launch)") }
            let current = state.progress(of: id)
            if mark == .reopened {
                guard current.state != .pending else { throw Refusal(.alreadyInState, "step '\(step.text)' is already open") }
            } else {
                let target: StepState = switch mark {
                case .done: .done
                case .skipped: .skipped
                case .failed: .failed
                case .blocked: .blocked
                case .reopened: .pending
                }
                if current.state == target {
                    let by = current.by.map { " by \($0)" } ?? ""
                    throw Refusal(.alreadyInState, "step '\(step.text)' is already \(target.rawValue)\(by)", hint: "reopen it first to mark it again")
                }
                if let gate = state.blockingGate(for: step) {
                    throw gateRefusal(state, step: step, gate: gate, now: now)
                }
            }
            drafts.append(draft(StepMarked(step: id, mark: mark, note: note.flatMap(nonEmpty))))

        case .startStep, .hold, .resume, .reschedule:
            try requireWriter()
            drafts += try clockDrafts(state, command, me: me, actor: actor, now: now)

        case .vote(let gateID, let role, let vote, let comment):
            guard let gate = state.gate(gateID) else { throw Refusal(.notFound, "no gate '\(gateID)' in launch \(state.launch)") }
            guard !me.isViewer else {
                throw Refusal(.forbidden, "\(me.name) is a viewer and cannot vote on '\(gate.title)'")
            }
            guard let required = gate.roles.first(where: { RoleName.same($0, role) }) else {
                throw Refusal(.invalid, "gate '\(gate.title)' takes votes from \(gate.roles.joined(separator: ", ")); '\(role)' is not one of them")
            }
            guard me.holds(required) else {
                let held = me.roles.isEmpty ? "no roles" : me.roles.joined(separator: ", ")
                throw Refusal(.forbidden, "\(me.name) holds \(held) in launch \(state.launch) and cannot vote as \(required)",
                              hint: "vote --as one of your roles, or ask an admin to grant \(required)")
            }
            drafts.append(draft(GateVoted(gate: gate.id, role: required, vote: vote, comment: comment.flatMap(nonEmpty))))
            var after = state.gates[gate.id] ?? GateProgress(gate: gate.id)
            after.votes[RoleName.key(required)] = CastVote(role: required, vote: vote, by: me.name, at: now, comment: comment)
            let verdict = GateRules.evaluate(required: gate.roles, votes: after.votes, checks: after.checks, requiredChecks: state.gateChecks[gate.id] ?? [], now: now)
            if verdict.decision != after.decision {
                drafts.append(draft(GateDecided(gate: gate.id, decision: verdict.decision, reason: verdict.reason)))
            }

        case .overrideGate(let gateID, let reason):
            guard let gate = state.gate(gateID) else { throw Refusal(.notFound, "no gate '\(gateID)' in launch \(state.launch)") }
            guard me.admin else {
                throw Refusal(.forbidden, "only an admin can override gate '\(gate.title)'; \(me.name) is not an admin")
            }
            guard let reason = nonEmpty(reason) else {
                throw Refusal(.invalid, "an override needs a reason", hint: "liftoff gate override \(state.launch) \(gate.id) --reason \"…\"")
            }
            let progress = state.gates[gate.id] ?? GateProgress(gate: gate.id)
            if progress.override != nil { throw Refusal(.alreadyInState, "gate '\(gate.title)' is already overridden") }
            if progress.decision == .go { throw Refusal(.alreadyInState, "gate '\(gate.title)' is already decided GO; no override is needed") }
            drafts.append(draft(GateOverridden(gate: gate.id, reason: reason)))

        case .addNote(let text):
            try requireWriter()
            guard let text = nonEmpty(text) else { throw Refusal(.invalid, "a note needs text") }
            drafts.append(draft(NoteAdded(text: text)))

        case .logDefect(let text, let severity):
            try requireWriter()
            guard let text = nonEmpty(text) else { throw Refusal(.invalid, "a defect needs a description") }
            drafts.append(draft(DefectLogged(text: text, severity: severity)))

        case .postStatus(let status, let message):
            try requireWriter()
            guard let message = nonEmpty(message) else {
                throw Refusal(.invalid, "a status update needs a message", hint: "liftoff status post \(state.launch) \(status.rawValue) \"what changed, what is next\"")
            }
            drafts.append(draft(StatusPosted(status: status, message: message, milestone: nil, channels: state.internalChannels)))

        case .publish(let notice, let message, let impactGiven):
            try requireWriter()
            drafts.append(draft(try PublicNoticeRules.posted(notice, message: message, impactGiven: impactGiven, state: state)))

        case .recordChecks(let results):
            guard me.admin else {
                throw Refusal(.forbidden, "check results are recorded by the watcher or an admin; \(me.name) is neither")
            }
            drafts += CheckRecording.drafts(state, results, actor: actor.name, now: now)

        case .requestRollback(let reason):
            try requireWriter()
            guard let reason = nonEmpty(reason) else {
                throw Refusal(.invalid, "a rollback request needs a reason", hint: "liftoff rollback request \(state.launch) --reason \"error rate 3% since the deploy\"")
            }
            if let current = state.rollback, !current.stopped {
                throw Refusal(.alreadyInState, "a rollback is already under way (requested by \(current.requestedBy): \(current.request.reason))")
            }
            drafts += LiveRules.rollbackDrafts(state, reason: reason, trigger: nil, value: nil, by: actor.name)

        case .confirmRollback(let comment):
            guard let current = state.rollback, !current.stopped else {
                throw Refusal(.invalid, "no rollback is waiting for confirmation in launch \(state.launch)", hint: "request one first: liftoff rollback request \(state.launch) --reason \"…\"")
            }
            if current.started {
                throw Refusal(.alreadyInState, "the rollback is already confirmed and running")
            }
            guard let role = state.rollbackAuthority.role(of: me) else {
                let held = me.roles.isEmpty ? "no roles" : me.roles.joined(separator: ", ")
                throw Refusal(.forbidden, "\(me.name) holds \(held) and may not confirm the rollback; \(state.rollbackAuthority.description) may",
                              hint: "ask the rollback authority, or an admin, to confirm")
            }
            if current.confirmations.contains(where: { $0.by == me.name }) {
                throw Refusal(.alreadyInState, "\(me.name) already confirmed this rollback; \(state.rollbackAuthority.description) must confirm too")
            }
            drafts.append(draft(RollbackConfirmed(role: role, comment: comment.flatMap(nonEmpty))))

        case .resolveAction(let resolution, let comment):
            drafts += try resolveDrafts(state, resolution, comment: comment.flatMap(nonEmpty), me: me, actor: actor)

        case .confirmCriterion(let id, let note):
            try requireWriter()
            drafts.append(draft(try LandingRules.confirmation(state, criterion: id, note: note, by: me)))

        case .complete(let note, let override):
            drafts.append(draft(try LandingRules.completion(state, note: note.flatMap(nonEmpty), override: override, by: me, now: now)))

        case .addRetro(let item):
            try requireWriter()
            drafts.append(draft(try LandingRules.retroItem(state, item)))

        case .end(let outcome, let note):
            guard me.admin else { throw Refusal(.forbidden, "only an admin can end launch \(state.launch); \(me.name) is not an admin") }
            // A success is what `complete` records: with criteria unmet it takes an override there, on the record.
            if outcome == .success, case let unmet = state.unmetCriteria, !unmet.isEmpty {
                throw Refusal(.unmetCriteria, "launch \(state.launch) has \(unmet.count) success criteria not verified or confirmed; a success is recorded by `launch complete`",
                              hint: "liftoff launch complete \(state.launch) lists them; to complete anyway: liftoff launch complete \(state.launch) --override --reason \"…\"")
            }
            drafts.append(draft(LaunchEnded(outcome: outcome, note: note.flatMap(nonEmpty))))
        }
        return drafts
    }

    static func gateRefusal(_ state: LaunchState, step: Step, gate: Gate, now: Date) -> Refusal {
        let progress = state.gates[gate.id] ?? GateProgress(gate: gate.id)
        let at = gate.window.map { " (\(Plan.offsetText($0.start)))" } ?? ""
        let why: String
        if progress.decision == .nogo {
            why = "was decided NO-GO"
        } else {
            why = "is undecided: " + state.verdict(of: gate, now: now).reason
        }
        return Refusal(.blockedByGate, "step '\(step.text)' comes after gate '\(gate.title)'\(at), which \(why)",
                       hint: "vote on the gate (liftoff gate vote \(state.launch) \(gate.id) go --as ROLE), or an admin overrides it: liftoff gate override \(state.launch) \(gate.id) --reason \"…\"")
    }

    static func nonEmpty(_ s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }
}
