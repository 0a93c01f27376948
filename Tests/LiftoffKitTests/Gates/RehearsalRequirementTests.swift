import Foundation
import Testing
@testable import LiftoffKit

/// `requires rehearsal of rollback within 14d` holds a gate until a rehearsal of the same runbook
/// ran its rollback procedure to the end within that time.
@Suite struct RehearsalRequirementTests {
    static let runbook = ClockFixture.runbook.replacingOccurrences(of: "Required approvals from:", with: """
    <!-- liftoff: requires rehearsal of rollback within 14d -->

    Required approvals from:
    """)

    @Test func theRequirementIsOneMoreCheckOfTheGate() throws {
        let c = ClockFixture(runbook: Self.runbook)
        let state = try c.state
        let requirement = try #require(state.plan.rehearsalRequirements.first)
        #expect(requirement.maxAge == 14 * 86_400)
        #expect(requirement.gate == (try c.gate))
        #expect(state.gateChecks[try c.gate] == [requirement.check])
        #expect(Linter.lint(state.runbook).filter { $0.severity == .error }.isEmpty)
    }

    @Test func aRecentRehearsedRollbackPassesAndAnOldOneDoesNot() throws {
        var rehearsal = ClockFixture(runbook: Self.runbook)
        try rehearsal.done("Revert the deploy", at: -100)
        var earlier = try rehearsal.state
        earlier.launch = 3
        let live = try ClockFixture(runbook: Self.runbook).state
        let requirement = try #require(live.plan.rehearsalRequirements.first)
        let now = ClockFixture.time(-40)
        let pass = requirement.evidence(for: live, earlier: [earlier], now: now)
        #expect(pass.result == .pass)
        #expect(pass.observed?.contains("rehearsal #3") == true)
        let late = requirement.evidence(for: live, earlier: [earlier], now: now.addingTimeInterval(15 * 86_400))
        #expect(late.result == .fail)
        let none = requirement.evidence(for: live, earlier: [], now: now)
        #expect(none.result == .fail)
    }

    @Test func theGateWaitsForTheEvidence() throws {
        var c = ClockFixture(runbook: Self.runbook)
        let gate = try c.gate
        try c.at(-40, .vote(gate: gate, role: "Engineering Lead", vote: .go, comment: nil))
        #expect(try c.state.gates[gate]?.decision == .open, "the vote alone does not pass it")
        let requirement = try #require(try c.state.plan.rehearsalRequirements.first)
        #expect(requirement.due(try c.state, now: ClockFixture.time(-40)))
        var rehearsal = ClockFixture(runbook: Self.runbook)
        try rehearsal.done("Revert the deploy", at: -100)
        var earlier = try rehearsal.state
        earlier.launch = 3
        let evidence = requirement.evidence(for: try c.state, earlier: [earlier], now: ClockFixture.time(-39))
        try c.at(-39, .recordChecks([evidence]), as: .system)
        #expect(try c.state.gates[gate]?.decision == .go)
    }
}
