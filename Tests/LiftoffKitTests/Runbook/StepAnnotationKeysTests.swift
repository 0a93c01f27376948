import Testing
@testable import LiftoffKit

/// `<!-- liftoff: owner="…" at=T-1h -->` on a step, and `owner:` / `at:` in a step's liftoff block.
@Suite struct StepAnnotationKeysTests {
    private func read(_ text: String) -> Runbook { RunbookExtractor.extract(text, file: "t.md") }

    @Test func ownerAndTimeOnAStepAndItsSubSteps() throws {
        let runbook = read("""
        ## Steps
        - [ ] Deploy <!-- liftoff: owner="SRE Lead" at=T-1h -->
          - [ ] Watch the rollout
        - [ ] Announce
        """)
        let deploy = try #require(runbook.steps.first { $0.text == "Deploy" })
        #expect(deploy.owner == "SRE Lead")
        #expect(deploy.window == TimeWindow(start: .hours(-1), end: .hours(-1)))
        let watch = try #require(runbook.steps.first { $0.text == "Watch the rollout" })
        #expect(watch.owner == "SRE Lead")
        #expect(watch.window == deploy.window)
        #expect(runbook.steps.first { $0.text == "Announce" }?.owner == nil)
    }

    @Test func anOwnerAnnotationWinsOverTheSectionOwner() {
        let runbook = read("""
        ## Steps
        **Owner:** Ops
        - [ ] Deploy <!-- liftoff: id=deploy owner='Release Manager' -->
        """)
        #expect(runbook.steps.first?.owner == "Release Manager")
        #expect(runbook.steps.first?.id == "deploy")
    }

    @Test func aTableRowTakesTheAnnotationToo() {
        let runbook = read("""
        | Time | Action |
        |---|---|
        | T-1h | Deploy <!-- liftoff: owner="DBA" --> |
        """)
        #expect(runbook.steps.first?.owner == "DBA")
    }

    @Test func unreadableTimesAndUnknownKeysAreReported() {
        let runbook = read("""
        ## Steps
        - [ ] Deploy <!-- liftoff: at="sometime soon" -->
        - [ ] Verify <!-- liftoff: ownr="QA" -->
        """)
        #expect(runbook.diagnostics.contains { $0.code == "invalid-annotation" && $0.severity == .error && $0.line == 2 })
        #expect(runbook.diagnostics.contains { $0.code == "unknown-annotation-key" && $0.line == 3 })
    }

    @Test func checksAndTriggersAreNotKeyLists() {
        let runbook = read("""
        ## Steps
        - [ ] Deploy <!-- liftoff: check tcp db:5432 expect open -->
        """)
        #expect(runbook.diagnostics.isEmpty)
        #expect(runbook.steps.first?.owner == nil)
    }

    @Test func pairsAreReadUntilTheFirstNonPair() {
        let (pairs, whole) = StepAnnotationKeys.pairs("id=db owner=\"A B\" at=T-2h check tcp x:1 expect open")
        #expect(pairs == [.init(key: "id", value: "db"), .init(key: "owner", value: "A B"), .init(key: "at", value: "T-2h")])
        #expect(!whole)
        #expect(StepAnnotationKeys.pairs("owner='x'").whole)
        #expect(StepAnnotationKeys.pairs("owner=\"unterminated").pairs == [.init(key: "owner", value: "unterminated")])
    }

    @Test func aBlockNamingAnOutlineStepSetsItsOwnerAndTime() throws {
        let runbook = read("""
        ## Plan

        ```
        Release Day:
          tasks:
            - Tag the release
        ```

        ```liftoff
        step: Tag the release
        owner: Release Manager
        at: T-30m
        ```
        """)
        let step = try #require(runbook.steps.first { $0.text == "Tag the release" })
        #expect(step.owner == "Release Manager")
        #expect(step.window == TimeWindow(start: .minutes(-30), end: .minutes(-30)))
    }

    @Test func aBlockUnderAStepSetsItsOwner() {
        let runbook = read("""
        ## Steps
        - [ ] Shift traffic

          ```liftoff
          owner: Platform Lead
          ```
        """)
        #expect(runbook.steps.first?.owner == "Platform Lead")
    }
}
