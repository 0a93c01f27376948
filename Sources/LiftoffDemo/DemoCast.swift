import Foundation
import LiftoffKit

/// The people of the demo: one participant per role the runbook names (gate approvers, the
/// rollback authority, step owners), and what they would do next, decided from the launch state
/// alone. They follow the runbook: checklist items before the go/no-go, votes once the gate's
/// checks are green, steps up to the traffic shift, checks of the steps after it once traffic
/// moves, and the manual steps of the rollback procedure when it waits for them.
public struct DemoCast: Sendable {
    public struct Member: Sendable, Hashable {
        public var name: String
        public var roles: [String]

        public var actor: LaunchActor { LaunchActor(name: name, roles: roles, admin: false) }
    }

    public enum Action: Sendable, Hashable {
        case vote(gate: String, role: String, by: Member)
        case mark(step: String, note: String, by: Member)
        /// Run these checks now and record them (as a person running `liftoff check` would).
        case runChecks([String], by: Member)
    }

    public var members: [Member]
    /// Who does a rollback step that names no owner: the rollback authority.
    var rollbackRoles: [String] = []
    static let names = ["Dana Chen", "Marcus Rivera", "Priya Sharma", "Sam Okafor", "Alex Kim", "Jordan Lee", "Noor Haddad",
                        "Mateo Silva", "Ingrid Berg", "Kenji Sato", "Fatima Zahra", "Tom Novak"]

    public init(runbook: Runbook, authority: RollbackAuthority) {
        var roles: [String] = []
        func add(_ role: String) {
            let trimmed = role.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.contains("{{"), !roles.contains(where: { RoleName.same($0, trimmed) }) else { return }
            roles.append(trimmed)
        }
        for gate in runbook.gates { gate.roles.forEach(add) }
        for tier in authority.tiers { tier.roles.forEach(add) }
        for step in runbook.steps { if let owner = step.owner { OwnerParser.roles(owner).forEach(add) } }
        if roles.isEmpty { add("Release Manager") }
        rollbackRoles = authority.tiers.flatMap(\.roles)
        members = roles.prefix(24).enumerated().map { i, role in
            let name = i < Self.names.count ? Self.names[i] : "Teammate \(i + 1)"
            return Member(name: name, roles: [role])
        }
    }

    /// The member who does a step: its owner's role when someone holds it (for a rollback step
    /// without one, the rollback authority's), else the first member.
    func member(for step: Step) -> Member? {
        let roles = step.owner.map(OwnerParser.roles) ?? (step.rollback ? rollbackRoles : [])
        for role in roles {
            if let m = members.first(where: { $0.roles.contains { RoleName.same($0, role) } }) { return m }
        }
        return members.first
    }

    /// The manual steps of the rollback procedure that are next in line: from the one it waits
    /// for, up to its next command (the watcher runs that one).
    func manualRollbackSteps(_ state: LaunchState, limit: Int) -> [Action] {
        guard case .waitForStep(let waiting, _, _) = LiveRules.nextRollbackAction(state),
              let first = state.rollbackProcedure.items.firstIndex(where: { $0.step == waiting }) else { return [] }
        var actions: [Action] = []
        for item in state.rollbackProcedure.items[first...] where actions.count < limit {
            let marked = state.progress(of: item.step).state
            if marked == .done || marked == .skipped { continue }
            guard item.isManual, let step = state.plan.step(item.step), let who = member(for: step) else { break }
            actions.append(.mark(step: item.step, note: "done by hand during the rollback (demo)", by: who))
        }
        return actions
    }

    /// What the cast does now (at most `limit` actions, the most urgent first).
    public func next(_ state: LaunchState, now: Date, limit: Int = 4) -> [Action] {
        guard state.ended == nil else { return [] }
        var actions: [Action] = []
        // The rollback procedure waits for people: do that first, its manual steps in order up
        // to the next command (the watcher runs that one).
        let rollbackSteps = manualRollbackSteps(state, limit: limit)
        if !rollbackSteps.isEmpty { return rollbackSteps }
        if state.rollback != nil { return [] }

        // Gates: vote GO for each required role once the gate's checks passed.
        for gate in state.runbook.gates {
            guard let progress = state.gates[gate.id], progress.decision == .open else { continue }
            let required = state.gateChecks[gate.id] ?? []
            let start = gate.window.map { state.instant($0.start) } ?? state.t0
            guard now >= start.addingTimeInterval(-GateRules.defaultFreshness) else { continue }
            let green = required.allSatisfy { progress.checks[$0]?.result == .pass }
            guard green else { continue }
            for role in gate.roles where progress.votes[RoleName.key(role)] == nil {
                if let who = members.first(where: { $0.roles.contains { RoleName.same($0, role) } }) {
                    actions.append(.vote(gate: gate.id, role: role, by: who))
                    if actions.count >= limit { return actions }
                }
            }
        }

        let shiftSteps = Set(state.shiftSteps.map(\.step))
        let firstShift = state.runbook.steps.firstIndex { shiftSteps.contains($0.id) }
        let shiftStarted = state.shifts.values.contains { !$0.isEmpty }
        let checksByStep = Dictionary(grouping: state.checks.filter { $0.step != nil }, by: { $0.step ?? "" })
        for (index, step) in state.runbook.steps.enumerated() {
            guard actions.count < limit, !step.rollback, !shiftSteps.contains(step.id), state.progress(of: step.id).state == .pending else { continue }
            if state.blockingGate(for: step) != nil { continue }
            if let window = state.window(of: step), window.start > now { continue }
            guard let who = member(for: step) else { continue }
            let checks = checksByStep[step.id] ?? []
            if !checks.isEmpty {
                // Evidence first: run the step's checks (after traffic moved, for steps after the shift).
                if let firstShift, index > firstShift, !shiftStarted { continue }
                let results = checks.map { state.checkResults[$0.id] }
                if results.allSatisfy({ $0?.result == .pass }) {
                    actions.append(.mark(step: step.id, note: "evidence: \(checks.count == 1 ? "check passed" : "\(checks.count) checks passed")", by: who))
                } else if results.contains(where: { $0 == nil }) {
                    actions.append(.runChecks(checks.filter { state.checkResults[$0.id] == nil }.map(\.id), by: who))
                }
                continue
            }
            // Manual steps: up to the traffic shift; the ones after it wait for it to finish.
            if let firstShift, index > firstShift, !state.shiftSteps.allSatisfy({ state.progress(of: $0.step).state == .done }) { continue }
            actions.append(.mark(step: step.id, note: "done (demo)", by: who))
        }
        return actions
    }
}
