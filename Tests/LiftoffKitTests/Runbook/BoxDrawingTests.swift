import LiftoffMarkdown
import Testing
@testable import LiftoffKit

/// Box-drawn plain code blocks read as the checklists they draw (docs/runbook-format.md,
/// "Markdown in code fences").
@Suite struct BoxDrawingTests {
    private func read(_ markdown: String) -> Runbook {
        RunbookExtractor.extract(markdown, file: "test.md")
    }

    @Test func boxesAreTaskItemsAndTheTimedTitleTimesThem() throws {
        let rb = read("""
        # Cutover

        ## Readiness

        ```
        ┌────────────────────────────────┐
        │       T-2 HOUR BOARD           │
        ├────────────────────────────────┤
        │  Storage:                      │
        │  □ Snapshot the volume         │
        │  □ Copy the keys               │
        └────────────────────────────────┘
        ```
        """)
        #expect(rb.steps.map(\.position.line) == [10, 11])
        #expect(rb.steps.first?.text == "Snapshot the volume")
        #expect(rb.steps.first?.window?.start == TimeOffset.hours(-2))
    }

    @Test func signOffBlanksAreAGateNotSteps() throws {
        let rb = read("""
        # Cutover

        ## Readiness

        ```
        ║  □ Drain the queue                  ║
        ║                                     ║
        ║  Sign-off:                          ║
        ║  □ Queue Owner: ________ Time: ____ ║
        ║  □ SRE Lead: ___________ Time: ____ ║
        ```
        """)
        #expect(rb.steps.map(\.position.line) == [6])
        let gate = try #require(rb.gates.first)
        #expect(gate.position.line == 8)
        #expect(gate.roles == ["Queue Owner", "SRE Lead"])
    }

    @Test func underlinedStepLabelsAreStepsAndTheirCommandsAreNoCriteria() throws {
        let rb = read("""
        # Cutover

        ## Rollback procedure

        ```
        │  STEP 1: Scale down the canary      │
        │  ─────────────────────────          │
        │  Command:                           │
        │  $ kubectl scale deploy/web --replicas=0 │
        │                                     │
        │  STEP 2: Announce completion        │
        │  ─────────────────────────          │
        │  Post to the release channel.       │
        ```
        """)
        #expect(rb.steps.map(\.position.line) == [6, 11])
        #expect(rb.triggers.isEmpty, "a command's --replicas=0 is no rollback condition")
    }

    @Test func treeBulletsInAnOverviewAreNotSteps() {
        let rb = read("""
        # Launch

        ## Sequence overview

        ```
        │  Phase 1: Canary (08:15 - 08:45)    │
        │  ────────────────────────           │
        │  ├── Deploy to 5% of pods           │
        │  └── Run smoke tests                │
        ```
        """)
        #expect(rb.steps.isEmpty)
    }

    @Test func scheduleRowsInAnOverviewAreSteps() {
        let rb = read("""
        # Launch

        ## Timeline overview

        ```
        ┌──────────────────────────────┐
        │  09:00  Final staging check  │
        │  10:00  Freeze merges        │
        └──────────────────────────────┘
        ```
        """)
        #expect(rb.steps.map(\.position.line) == [7, 8])
    }

    @Test func aPlainCodeBlockWithoutFramesIsNoBox() {
        #expect(!BoxDrawing.isBox([SourceLine(text: "git tag v1", position: SourcePosition(line: 1, column: 1)),
                                   SourceLine(text: "git push --tags", position: SourcePosition(line: 2, column: 1)),
                                   SourceLine(text: "make release", position: SourcePosition(line: 3, column: 1))]))
    }
}
