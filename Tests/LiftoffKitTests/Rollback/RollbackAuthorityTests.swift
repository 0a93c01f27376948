import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

@Suite struct RollbackAuthorityTests {
    @Test(arguments: [
        ("Rollback Authority: Engineering Lead", ["Engineering Lead"]),
        ("**Rollback Authority:** Incident Commander or VP Engineering", ["Incident Commander", "VP Engineering"]),
        ("- Rollback authority: SRE Lead, Release Manager", ["SRE Lead", "Release Manager"]),
        ("**Manual rollback triggers (decision by {{ROLLBACK_AUTHORITY}}):**", ["Incident Commander"]),
        ("The rollback authority is described elsewhere.", []),
        ("No authority here", []),
    ] as [(String, [String])])
    func readsTheAuthorityFromProse(line: String, roles: [String]) {
        let authority = RollbackAuthority.read(source: "# Runbook\n\n\(line)\n", values: ["ROLLBACK_AUTHORITY": "Incident Commander"])
        #expect(authority.roles == roles)
        #expect(authority.tiers.allSatisfy { $0.quorum == 1 })
    }

    @Test func theFeatureLaunchMatrixHasASingleAndATwoAuthorityTier() throws {
        let authority = RollbackAuthority.read(source: Fixtures.example("feature-launch"))
        #expect(authority.tiers.count == 2)
        let high = try #require(authority.tiers.first)
        #expect(high.name == "High Priority (Single Authority)")
        #expect(high.roles == ["Engineering Lead", "Engineering Manager"])
        #expect(high.quorum == 1 && high.withinSeconds == nil)
        let normal = try #require(authority.tiers.last)
        #expect(normal.roles == ["Engineering Lead", "Product Owner", "Engineering Manager"])
        #expect(normal.quorum == 2 && normal.withinSeconds == 900)
        #expect(authority.description == "Engineering Lead or Engineering Manager; or 2 of Engineering Lead, Product Owner, Engineering Manager")
    }

    @Test func theGoLiveTemplateNamesItsAuthorityThroughAVariable() throws {
        let vars = try LaunchVariables.parse(Fixtures.text(Fixtures.repositoryRoot.appendingPathComponent("examples/go-live/vars.yaml")), file: "vars.yaml")
        #expect(RollbackAuthority.read(source: Fixtures.example("go-live"), values: vars.values).roles == ["Incident Commander"])
        #expect(RollbackAuthority.read(source: Fixtures.example("acme-blue-green")).tiers.isEmpty, "no authority written: admins confirm")
    }

    static let matrixRunbook = """
    # Feature launch

    ## Rollback

    ```
    Authorization Matrix:
      High Priority (Single Authority):
        authorized:
          - Engineering Manager
        response_time: Immediate
      Normal Priority (Two Authorities):
        authorized:
          - Engineering Lead
          - Product Owner
        response_time: Within 15 minutes
    ```

    1. Disable the feature flag
    """

    @Test func aQuorumNeedsTwoDistinctAuthoritiesOrOneOfTheSingleTier() throws {
        var f = LiveFixture(runbook: Self.matrixRunbook)
        let start = f.now
        try f.run(.requestRollback(reason: "conversion dropped"), as: LiveFixture.viewer.with(roles: ["Support Lead"]))
        try f.run(.confirmRollback(comment: nil), as: LiveFixture.owner)
        var state = try f.state
        #expect(state.rollback?.confirmations.count == 1)
        #expect(state.rollback?.started == false, "the first confirmation is recorded, the procedure waits for the quorum")
        #expect(LiveFixture.refusal(try f.run(.confirmRollback(comment: nil), as: LiveFixture.owner))?.kind == .alreadyInState)
        #expect(!LiveRules.rollbackEscalated(state, now: start.addingTimeInterval(899)))
        #expect(LiveRules.rollbackEscalated(state, now: start.addingTimeInterval(901)))
        try f.run(.confirmRollback(comment: "agreed"), as: LiveFixture.lead)
        state = try f.state
        #expect(state.rollback?.started == true)
        #expect(!LiveRules.rollbackEscalated(state, now: start.addingTimeInterval(901)))

        var single = LiveFixture(runbook: Self.matrixRunbook)
        try single.run(.requestRollback(reason: "errors"), as: LiveFixture.lead)
        try single.run(.confirmRollback(comment: nil), as: LaunchActor(name: "em", roles: ["Engineering Manager"], admin: false))
        #expect(try single.state.rollback?.started == true)

        var two = LiveFixture(runbook: Self.matrixRunbook)
        try two.run(.requestRollback(reason: "errors"), as: LiveFixture.lead)
        try two.run(.confirmRollback(comment: nil), as: LiveFixture.owner)
        try two.run(.confirmRollback(comment: nil), as: LaunchActor(name: "po2", roles: ["Product Owner"], admin: false))
        #expect(try two.state.rollback?.started == true, "two distinct participants holding listed roles")
    }

    @Test func withoutAnAuthorityOnlyAnAdminConfirms() throws {
        var f = LiveFixture(runbook: "# R\n\n## Rollback Procedure\n\n1. Revert\n")
        try f.run(.requestRollback(reason: "x"), as: LiveFixture.lead)
        #expect(LiveFixture.refusal(try f.run(.confirmRollback(comment: nil), as: LiveFixture.lead))?.kind == .forbidden)
        try f.run(.confirmRollback(comment: nil), as: LiveFixture.admin)
        let state = try f.state
        #expect(state.rollback?.started == true)
        #expect(state.rollback?.confirmations.first?.role == "admin")
    }
}

extension LaunchActor {
    func with(roles: [String]) -> LaunchActor { LaunchActor(name: name + "-" + (roles.first ?? ""), roles: roles, admin: admin) }
}
