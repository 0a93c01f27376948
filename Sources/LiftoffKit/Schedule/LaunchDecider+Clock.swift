import Foundation

extension LaunchDecider {
    /// Starting a step, holding and resuming the launch.
    static func clockDrafts(_ state: LaunchState, _ command: LaunchCommand, me: LaunchParticipant, actor: LaunchActor, now: Date) throws(Refusal) -> [EventDraft] {
        func draft<P: EventPayload>(_ payload: P) -> EventDraft { EventDraft(actor: actor.name, payload) }
        switch command {
        case .startStep(let id):
            guard let step = state.plan.step(id) else { throw Refusal(.notFound, "no step '\(id)' in launch \(state.launch)") }
            let current = state.progress(of: id)
            if current.state.isSettled {
                throw Refusal(.alreadyInState, "step '\(step.text)' is already \(current.state.rawValue)", hint: "reopen it first to start it again")
            }
            if current.inProgress, let by = current.startedBy {
                throw Refusal(.alreadyInState, "step '\(step.text)' is already in progress (started by \(by))")
            }
            if let gate = state.blockingGate(for: step) {
                throw gateRefusal(state, step: step, gate: gate, now: now)
            }
            return [draft(StepStarted(step: id))]
        case .hold(let reason):
            guard let reason = nonEmpty(reason) else {
                throw Refusal(.invalid, "a hold needs a reason", hint: "liftoff launch hold \(state.launch) --reason \"error budget burning, investigating\"")
            }
            if let hold = state.hold {
                throw Refusal(.alreadyInState, "launch \(state.launch) is already on hold (by \(hold.by): \(hold.reason))")
            }
            return [draft(LaunchHeld(reason: reason))]
        case .resume(let note):
            guard let hold = state.hold else {
                throw Refusal(.alreadyInState, "launch \(state.launch) is not on hold")
            }
            guard me.admin || me.name == hold.by || state.rollbackAuthority.role(of: me) != nil else {
                throw Refusal(.forbidden, "\(me.name) may not resume the launch: \(hold.by), who held it, \(state.rollbackAuthority.description) or an admin may")
            }
            return [draft(LaunchResumed(note: note.flatMap(nonEmpty)))]
        case .reschedule(let t0, let reason):
            guard me.admin else { throw Refusal(.forbidden, "only an admin can move T-0 of launch \(state.launch); \(me.name) is not an admin") }
            guard let reason = nonEmpty(reason) else {
                throw Refusal(.invalid, "a reschedule needs a reason", hint: "liftoff launch reschedule \(state.launch) --at 2026-12-02T09:00 --reason \"waiting for the vendor's fix\"")
            }
            let rounded = CanonicalTime.rounded(t0)
            if rounded == state.t0 { throw Refusal(.alreadyInState, "T-0 is already \(Schedule.iso8601(rounded, timeZone: state.timeZone))") }
            if let freeze = state.plan.freezes.first(where: { $0.contains(rounded) }) {
                throw Refusal(.invalid, "\(Schedule.iso8601(rounded, timeZone: state.timeZone)) is inside the freeze \(freeze.text)", hint: "pick a T-0 outside the freeze")
            }
            return [draft(LaunchRescheduled(t0: rounded, reason: reason))]
        default:
            return []
        }
    }
}
