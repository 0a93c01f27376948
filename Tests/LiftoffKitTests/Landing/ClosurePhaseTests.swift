import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// The runbook's closure work becomes the launch's last phase, with owners, and stays out of
/// the reading of everything else.
@Suite struct ClosurePhaseTests {
    @Test func featureLaunchClosureItemsBecomeTheLastPhase() throws {
        let runbook = Fixtures.runbook("feature-launch")
        #expect(runbook.closureItems.count == 16, "\(runbook.closureItems.map(\.text))")
        #expect(!runbook.closureItems.contains { $0.text == "Lessons Learned" || $0.text == "Launch Summary" }, "templates are references, not work")
        #expect(runbook.steps.allSatisfy { $0.section < runbook.sections.count && runbook.sections[$0.section].id != "closure" })

        let landed = runbook.withClosurePhase()
        let closure = try #require(landed.sections.last)
        #expect(closure.title == "Closure" && closure.anchor != nil)
        let lastEnd = runbook.phases.compactMap { ($0.window ?? $0.anchor.map(TimeWindow.init))?.end }.max() ?? .zero
        #expect(closure.window?.start == max(lastEnd, .zero), "due when the last phase ends")
        let steps = landed.steps.filter { $0.section == landed.sections.count - 1 }
        #expect(steps.count == 16)
        let timeline = try #require(steps.first { $0.text.hasSuffix("Complete launch timeline") })
        #expect(timeline.owner == "Program Manager" && timeline.id == "closure/complete-launch-timeline")
        #expect(steps.first { $0.text == "Update runbooks" }?.owner == "Engineering")
        #expect(Set(landed.steps.map(\.id)).count == landed.steps.count, "ids stay unique")
    }

    @Test func aClosureChecklistThatIsAlreadyStepsIsNotRepeated() {
        let runbook = RunbookExtractor.extract("""
        # Checkout

        ## T-0: Deploy

        - [ ] Deploy the release

        ## Hand-off

        - [ ] Hand the service to the on-call rotation
        - Update the service catalogue
        """, file: "r.md")
        #expect(runbook.closureItems.map(\.text) == ["Update the service catalogue"], "the task item is a step already: \(runbook.closureItems.map(\.text))")
        let landed = runbook.withClosurePhase()
        #expect(landed.steps.filter { $0.text.contains("on-call rotation") }.count == 1)
    }
}
