import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import LiftoffTestSupport
import Testing

/// A gate's own checks are evidence: votes alone do not decide it while a check has not passed.
@Suite struct GateCheckTests {
    static let runbook = SampleRunbooks.checkout.replacingOccurrences(of: """
        Required approvals from:
        """, with: """
        <!-- liftoff: check http GET https://shop.example.com/healthz expect status == 200 -->

        Required approvals from:
        """)

    static func fixture() -> LaunchFixture {
        var f = LaunchFixture()
        f.events.removeAll()
        let created = LaunchCreated(name: "checkout-v2", runbookFile: "runbook.md", runbookSource: runbook, t0: LaunchFixture.t0,
                                    timeZone: "Europe/Oslo", mode: .rehearsal, variables: nil)
        f.append(EventDraft(actor: "ada", created))
        return f
    }

    static func result(_ state: LaunchState, _ outcome: CheckOutcome) throws -> CheckRan {
        let id = try #require(state.gateChecks[LaunchFixture.gate]?.first)
        return CheckRan(check: id, gate: nil, step: nil, result: outcome, expected: "status == 200", observed: outcome == .pass ? "200" : "503")
    }

    @Test func theGateKnowsItsChecks() throws {
        let state = try Self.fixture().state
        #expect(state.gateChecks[LaunchFixture.gate]?.count == 1)
        #expect(state.verdict(of: try #require(state.gate(LaunchFixture.gate)), now: LaunchFixture.t0).staleChecks.count == 1)
    }

    @Test func votesWaitForTheCheckAndAPassingCheckDecidesGo() throws {
        var f = Self.fixture()
        try f.run(.vote(gate: LaunchFixture.gate, role: "Engineering Lead", vote: .go, comment: nil), as: LaunchFixture.lead)
        try f.run(.vote(gate: LaunchFixture.gate, role: "Product Owner", vote: .go, comment: nil), as: LaunchFixture.owner)
        #expect(try f.state.gates[LaunchFixture.gate]?.decision == .open, "the check has not run")

        try f.run(.recordChecks([Self.result(f.state, .fail)]), as: .system)
        #expect(try f.state.gates[LaunchFixture.gate]?.decision == .open)

        try f.run(.recordChecks([Self.result(f.state, .pass)]), as: .system)
        let state = try f.state
        #expect(state.gates[LaunchFixture.gate]?.decision == .go)
        #expect(f.events.suffix(2).map(\.type) == ["check.ran", "gate.decided"])
        #expect(f.events.last?.actor == "system")
        #expect(state.participant("system") == nil, "Liftoff does not join launches")
        #expect(state.gates[LaunchFixture.gate]?.checks.values.first?.result == .pass)
    }

    @Test func onlyTheWatcherOrAnAdminRecordsChecks() throws {
        var f = Self.fixture()
        let r = try f.run(.recordChecks([Self.result(f.state, .pass)]), as: LaunchFixture.lead)
        #expect(LaunchFixture.refusal(r)?.kind == .forbidden)
    }
}
