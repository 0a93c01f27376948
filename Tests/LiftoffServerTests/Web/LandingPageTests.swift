import Foundation
import LiftoffKit
import Testing
@testable import LiftoffServer

/// The war room shows each success criterion's state and the lifecycle; the public status page
/// says the launch is complete, and nothing internal.
@Suite struct LandingPageTests {
    static let runbook = """
    # Checkout

    ## T-0: Deploy

    - [ ] Deploy the release

    ## Success Criteria

    - **Engineering Lead**: No <b>critical</b> bugs reported
    """

    @Test func warRoomListsCriteriaAndTheStatusPageSaysComplete() throws {
        var f = WebFixture(runbook: Self.runbook, now: WebFixture.t0.addingTimeInterval(600))
        let id = try #require(try f.state.successChecks.first?.id)
        var page = try f.warRoom(as: WebFixture.lead)
        #expect(page.contains("id=\"criteria\"") && page.contains("badge criterion-waiting") && page.contains("Lifecycle: "))
        #expect(!page.contains("<b>critical</b>"), "runbook text is escaped")
        #expect(page.contains("data-api=\"/api/v1/launches/1/confirmations\""), "its owner may confirm it here")
        #expect(!(try f.warRoom(as: WebFixture.viewer)).contains("/confirmations\""), "a viewer may not")
        #expect(try f.warRoom(as: WebFixture.admin).contains("Complete by override"))

        try f.run(.confirmCriterion(criterion: id, note: "tracker: 0 P1"), as: WebFixture.lead)
        page = try f.warRoom(as: WebFixture.lead)
        #expect(page.contains("badge criterion-verified") && page.contains("confirmed by lee: tracker: 0 P1"))
        #expect(page.contains("Complete the launch") && !page.contains("/confirmations\""))

        try f.run(.complete(note: nil, override: nil), as: WebFixture.lead)
        let status = StatusPage(state: try f.state, now: f.now).render()
        #expect(status.contains("This launch is complete."))
        #expect(!status.contains("tracker: 0 P1"), "criteria notes are internal")
    }
}
