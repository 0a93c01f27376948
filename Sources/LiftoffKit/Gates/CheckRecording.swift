import Foundation

/// Turns check results into `check.ran` events and decides each gate they are evidence for again,
/// so a gate whose votes are all GO turns GO when its last check passes (and back to open is
/// never recorded: a decided gate stays decided unless a vote changes it).
enum CheckRecording {
    static func drafts(_ state: LaunchState, _ results: [CheckRan], actor: String, now: Date) -> [EventDraft] {
        var drafts: [EventDraft] = []
        var touched: [String: GateProgress] = [:]
        for var result in results {
            if result.gate == nil {
                result.gate = state.gateChecks.first { $0.value.contains(result.check) }?.key
            }
            drafts.append(EventDraft(actor: actor, result))
            guard let gate = result.gate else { continue }
            var progress = touched[gate] ?? state.gates[gate] ?? GateProgress(gate: gate)
            progress.checks[result.check] = CheckEvidence(check: result.check, result: result.result, at: now)
            touched[gate] = progress
        }
        // A held launch records evidence but decides nothing on it (docs/launches.md, "Holds").
        guard state.hold == nil else { return drafts }
        for (id, progress) in touched.sorted(by: { $0.key < $1.key }) {
            guard let gate = state.gate(id), progress.decision == .open else { continue }
            let verdict = GateRules.evaluate(required: gate.roles, votes: progress.votes, checks: progress.checks,
                                             requiredChecks: state.gateChecks[id] ?? [], now: now)
            if verdict.decision != .open {
                drafts.append(EventDraft(actor: actor, GateDecided(gate: id, decision: verdict.decision, reason: verdict.reason)))
            }
        }
        return drafts
    }
}
