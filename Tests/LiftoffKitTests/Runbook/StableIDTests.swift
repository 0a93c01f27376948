import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

@Suite struct StableIDTests {
    @Test func editsElsewhereKeepEveryOtherID() {
        for name in ["acme-blue-green", "go-live", "feature-launch"] {
            let original = Fixtures.example(name)
            let before = RunbookExtractor.extract(original, file: name)
            // Unrelated edits: a new section at the top, a reworded paragraph, a new step in a new section at the end.
            var edited = original
            if let firstSection = edited.range(of: "\n## ") {
                edited.replaceSubrange(firstSection, with: "\n## Freshly Added Section\n\n- [ ] A brand new step\n\nSome prose that was not here.\n\n## ")
            }
            edited += "\n\n## Appendix Checklist\n\n- [ ] Archive the war-room notes\n"
            let after = RunbookExtractor.extract(edited, file: name)
            let afterIDs = Set(after.steps.map(\.id))
            let lost = before.steps.map(\.id).filter { !afterIDs.contains($0) }
            #expect(lost.isEmpty, "\(name): ids changed by an unrelated edit: \(lost.prefix(5))")
            #expect(after.steps.count == before.steps.count + 2)
        }
    }

    @Test func rewordingAStepChangesOnlyThatStep() {
        let original = Fixtures.example("acme-blue-green")
        let before = RunbookExtractor.extract(original, file: "a")
        let edited = original.replacingOccurrences(of: "Feature flags for unreleased functionality are defaulted to OFF.", with: "Feature flags for unreleased work are OFF by default.")
        let after = RunbookExtractor.extract(edited, file: "a")
        let changed = zip(before.steps, after.steps).filter { $0.id != $1.id }
        #expect(changed.count == 1)
    }

    @Test func explicitIDWinsAndDuplicatesAreReported() throws {
        let text = """
        # R
        ## Steps
        - [ ] Deploy the API <!-- liftoff: id=deploy-api -->
        - [ ] Deploy the worker <!-- liftoff: id=deploy-api -->
        - [ ] Deploy the API
        """
        let runbook = RunbookExtractor.extract(text, file: "r.md")
        #expect(runbook.steps.first?.id == "deploy-api")
        #expect(runbook.steps.first?.explicitID == true)
        let duplicate = try #require(runbook.diagnostics.first { $0.code == "duplicate-id" })
        #expect(duplicate.line == 4)
        #expect(Set(runbook.steps.map(\.id)).count == 3)
    }

    @Test func repeatedTextGetsNumberedIDs() {
        let text = "# R\n## Checklist\n- [ ] Verify\n- [ ] Verify\n- [ ] Verify\n"
        #expect(RunbookExtractor.extract(text, file: "r").steps.map(\.id) == ["checklist/verify", "checklist/verify-2", "checklist/verify-3"])
    }

    @Test func sectionNumberingIsNotPartOfIDs() {
        let a = RunbookExtractor.extract("# R\n## 2. Pre-Launch Checklist\n- [ ] Go\n", file: "r")
        let b = RunbookExtractor.extract("# R\n## 3. Pre-Launch Checklist\n- [ ] Go\n", file: "r")
        #expect(a.steps.map(\.id) == b.steps.map(\.id))
        #expect(a.steps.first?.id == "pre-launch-checklist/go")
    }
}

@Suite struct DocumentRootTests {
    @Test func stepsBeforeAnySectionBelongToTheRunbook() {
        let runbook = RunbookExtractor.extract("# Launch Checklist\n\n1. Sign the IAA\n2. Verify DNS\n", file: "r.md")
        #expect(runbook.steps.map(\.id) == ["runbook/sign-the-iaa", "runbook/verify-dns"])
        #expect(runbook.sections.first?.title == "Launch Checklist")
    }
}
