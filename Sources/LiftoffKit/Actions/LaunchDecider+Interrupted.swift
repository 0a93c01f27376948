/// Deciding what becomes of a command the watcher started and never finished
/// (docs/launches.md "Interrupted commands").
extension LaunchDecider {
    static func resolveDrafts(_ state: LaunchState, _ resolution: ActionResolution, comment: String?, me: LaunchParticipant, actor: LaunchActor) throws(Refusal) -> [EventDraft] {
        // Rollback commands first: they are the ones a crash leaves most often.
        guard let waiting = state.interrupted.values.sorted(by: { ($0.started.purpose == .rollback ? 0 : 1, $0.at) < ($1.started.purpose == .rollback ? 0 : 1, $1.at) }).first else {
            throw Refusal(.invalid, "no interrupted command in launch \(state.launch)", hint: "a command waits here only when Liftoff stopped while it ran")
        }
        guard let role = state.rollbackAuthority.role(of: me) else {
            throw Refusal(.forbidden, "\(me.name) may not decide about the interrupted command; \(state.rollbackAuthority.description) may",
                          hint: "ask the rollback authority, or an admin")
        }
        let started = waiting.started
        var drafts = [EventDraft(actor: actor.name, ActionResolved(purpose: started.purpose, step: started.step, command: started.command, resolution: resolution,
                                                                  comment: comment.map { "\($0) (\(role))" } ?? "as \(role)"))]
        if started.purpose == .shift, resolution != .rerun, let step = started.step, let weight = started.weight {
            // Done or skipped: the stage counts as set, and its pause and analysis begin.
            drafts.append(EventDraft(actor: actor.name, ShiftStage(step: step, weight: weight, state: .started, reason: "\(resolution == .done ? "marked done" : "skipped") by \(me.name) after an interruption")))
        }
        return drafts
    }
}
