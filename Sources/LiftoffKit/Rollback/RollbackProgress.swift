import Foundation

/// What the rollback procedure needs next (DESIGN §6). The watcher does it and appends what
/// happened; then it asks again.
public enum RollbackNext: Hashable, Sendable {
    /// No rollback was requested, or the launch has ended.
    case none
    /// Requested; waiting for the rollback authority (policy manual). `since` is the request time.
    case awaitingConfirmation(authority: String, confirmations: Int, since: Date)
    /// Run command `index` of step `step` (as written; `PreparedCommand` makes it runnable):
    /// append `action.started`, run it, then append `action.ran` with purpose rollback, this
    /// step and this command.
    case run(step: String, index: Int, command: String)
    /// The command was started and never finished (a crash): it waits for the rollback
    /// authority to choose (`action.resolved`: re-run, done or skip).
    case interrupted(step: String, command: String, since: Date)
    /// Wait until a participant marks this manual step done (or skipped).
    case waitForStep(step: String, text: String, owner: String?)
    /// A command failed: the procedure stops there, the launch stays in rollback; an admin decides
    /// (a new `rollback.requested` resumes at the failed command).
    case stopped(step: String?, command: String, failure: String)
    /// Every step is done: append `launch.ended` with outcome `rolled-back`.
    case finished
}

extension LiveRules {
    /// The next thing the rollback procedure needs, from the state alone.
    ///
    /// ```swift
    /// switch LiveRules.nextRollbackAction(state) {
    /// case .run(let step, _, let command):
    ///     append(ActionStarted(purpose: .rollback, step: step, command: command))
    ///     let ran = await ActionRunner.run(PreparedCommand(command, …), purpose: .rollback, step: step, …)
    ///     append(ran)
    /// case .finished: append(LaunchEnded(outcome: .rolledBack, note: "rollback procedure completed"))
    /// default: break   // wait: for confirmation, for a person, or for an admin after a failure
    /// }
    /// ```
    public static func nextRollbackAction(_ state: LaunchState) -> RollbackNext {
        guard state.ended == nil, let rollback = state.rollback else { return .none }
        if let failure = rollback.failure {
            return .stopped(step: failure.step, command: failure.command, failure: failure.error ?? "exit \(failure.exitCode.map(String.init) ?? "?")")
        }
        guard rollback.started else {
            return .awaitingConfirmation(authority: state.rollbackAuthority.description, confirmations: rollback.confirmations.count, since: rollback.requestedAt)
        }
        for item in state.rollbackProcedure.items {
            let marked = state.steps[item.step]?.state
            if marked == .done || marked == .skipped { continue }
            if item.isManual { return .waitForStep(step: item.step, text: item.text, owner: item.owner) }
            for (index, command) in item.commands.enumerated() where rollback.results[RollbackState.key(step: item.step, command: command)]?.succeeded != true {
                if !item.idempotent, let started = state.interrupted[ActionStarted.key(.rollback, item.step, command)] {
                    return .interrupted(step: item.step, command: command, since: started.at)
                }
                return .run(step: item.step, index: index, command: command)
            }
        }
        return .finished
    }

    /// The request waited longer than the authority's response window without its quorum.
    public static func rollbackEscalated(_ state: LaunchState, now: Date) -> Bool {
        guard let rollback = state.rollback, !rollback.started, state.ended == nil, let within = state.rollbackAuthority.withinSeconds else { return false }
        return now.timeIntervalSince(rollback.requestedAt) > Double(within)
    }
}
