import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

@Suite struct GateRuleTests {
    typealias F = LaunchFixture

    @Test func viewerCannotVote() throws {
        var f = F()
        let result = try f.run(.vote(gate: F.gate, role: "Engineering Lead", vote: .go, comment: nil), as: F.viewer)
        #expect(F.refusal(result)?.kind == .forbidden)
        #expect(F.refusal(result)?.message.contains("viewer") == true)
        #expect(f.events.count == 1, "nothing is written for a refused command")
    }

    @Test func participantCannotVoteForARoleTheyLack() throws {
        var f = F()
        let result = try f.run(.vote(gate: F.gate, role: "Product Owner", vote: .go, comment: nil), as: F.lead)
        let refusal = try #require(F.refusal(result))
        #expect(refusal.kind == .forbidden)
        #expect(refusal.message == "lee holds Engineering Lead in launch 1 and cannot vote as Product Owner")
    }

    @Test func roleTheGateDoesNotNeedIsRefused() throws {
        var f = F()
        let result = try f.run(.vote(gate: F.gate, role: "Release Manager", vote: .go, comment: nil), as: F.admin)
        #expect(F.refusal(result)?.kind == .invalid)
    }

    @Test func goWhenEveryRequiredRoleVotedGo() throws {
        var f = F()
        try f.run(.vote(gate: F.gate, role: "engineering lead", vote: .go, comment: "budget fine"), as: F.lead)
        #expect(try f.state.gates[F.gate]?.decision == .open)
        try f.run(.vote(gate: F.gate, role: "Product Owner", vote: .go, comment: nil), as: F.owner)
        let gate = try #require(try f.state.gates[F.gate])
        #expect(gate.decision == .go)
        #expect(gate.votes["engineering lead"]?.comment == "budget fine")
        #expect(f.events.last?.type == "gate.decided")
    }

    @Test func noGoWins() throws {
        var f = F()
        try f.run(.vote(gate: F.gate, role: "Engineering Lead", vote: .go, comment: nil), as: F.lead)
        try f.run(.vote(gate: F.gate, role: "Product Owner", vote: .nogo, comment: "support not staffed"), as: F.owner)
        #expect(try f.state.gates[F.gate]?.decision == .nogo)
        // A later GO from the other role does not undo the NO-GO.
        try f.run(.vote(gate: F.gate, role: "Engineering Lead", vote: .go, comment: "still fine"), as: F.lead)
        #expect(try f.state.gates[F.gate]?.decision == .nogo)
        // Only the NO-GO role changing its vote re-opens the decision.
        try f.run(.vote(gate: F.gate, role: "Product Owner", vote: .go, comment: "staffed now"), as: F.owner)
        #expect(try f.state.gates[F.gate]?.decision == .go)
    }

    @Test func stepAfterAnUndecidedGateIsRefusedWithTheReason() throws {
        var f = F()
        let result = try f.run(.markStep(step: F.deploy, mark: .done, note: nil), as: F.lead)
        let refusal = try #require(F.refusal(result))
        #expect(refusal.kind == .blockedByGate)
        #expect(refusal.message.contains("comes after gate 'T-1h: Go/No-Go' (T-1h), which is undecided: waiting for GO from Engineering Lead, Product Owner"))
        // Steps before the gate and rollback steps are never held.
        #expect(F.refusal(try f.run(.markStep(step: F.freeze, mark: .done, note: nil), as: F.lead)) == nil)
        #expect(F.refusal(try f.run(.markStep(step: F.revert, mark: .done, note: nil), as: F.lead)) == nil)
    }

    @Test func stepAfterANoGoGateIsRefused() throws {
        var f = F()
        try f.run(.vote(gate: F.gate, role: "Product Owner", vote: .nogo, comment: nil), as: F.owner)
        let refusal = try #require(F.refusal(try f.run(.markStep(step: F.deploy, mark: .done, note: nil), as: F.lead)))
        #expect(refusal.message.hasSuffix("which was decided NO-GO"))
    }

    @Test func overrideNeedsAnAdminAndAReason() throws {
        var f = F()
        #expect(F.refusal(try f.run(.overrideGate(gate: F.gate, reason: "trust me"), as: F.lead))?.kind == .forbidden)
        #expect(F.refusal(try f.run(.overrideGate(gate: F.gate, reason: "  "), as: F.admin))?.kind == .invalid)
        try f.run(.overrideGate(gate: F.gate, reason: "PO on leave; VP approved by phone"), as: F.admin)
        let gate = try #require(try f.state.gates[F.gate])
        #expect(gate.override?.reason == "PO on leave; VP approved by phone")
        #expect(gate.override?.by == "ada")
        #expect(F.refusal(try f.run(.markStep(step: F.deploy, mark: .done, note: nil), as: F.lead)) == nil)
    }

    @Test func gateWithChecksNeedsFreshPasses() {
        let votes = ["engineering lead": CastVote(role: "Engineering Lead", vote: .go, by: "lee", at: F.t0, comment: nil)]
        let fresh = ["tls": CheckEvidence(check: "tls", result: .pass, at: F.t0)]
        #expect(GateRules.evaluate(required: ["Engineering Lead"], votes: votes, checks: fresh, now: F.t0.addingTimeInterval(60)).decision == .go)
        let stale = GateRules.evaluate(required: ["Engineering Lead"], votes: votes, checks: fresh, now: F.t0.addingTimeInterval(16 * 60))
        #expect(stale.decision == .open)
        #expect(stale.staleChecks == ["tls"])
        let failed = ["tls": CheckEvidence(check: "tls", result: .fail, at: F.t0)]
        #expect(GateRules.evaluate(required: ["Engineering Lead"], votes: votes, checks: failed, now: F.t0).decision == .open)
        #expect(GateRules.evaluate(required: ["Engineering Lead"], votes: votes, checks: [:], now: F.t0).decision == .go)
    }
}
