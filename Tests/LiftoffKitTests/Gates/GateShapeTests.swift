import Testing
@testable import LiftoffKit

/// Go/no-go decisions in the shapes runbooks write them (docs/runbook-format.md, "Gates").
@Suite struct GateShapeTests {
    private func read(_ markdown: String) -> Runbook {
        RunbookExtractor.extract(markdown, file: "test.md")
    }

    @Test func boldParagraphIsAGateWithItsBlankRoles() throws {
        let rb = read("""
        # Release

        ## Launch day

        **Go/No-Go decision (T-1h)**

        - Release Manager: ______
        - QA Lead: ______
        """)
        let gate = try #require(rb.gates.first)
        #expect(gate.position.line == 5)
        #expect(gate.roles == ["Release Manager", "QA Lead"])
        #expect(gate.window?.start == TimeOffset.hours(-1))
        #expect(rb.steps.isEmpty, "sign-off blanks are not steps")
    }

    @Test func holdItemInAChecklistIsAStepAndAGate() throws {
        let rb = read("""
        # Cutover

        ## Procedure

        1. Drain the queue
        2. 🛑 Hold: do not continue until the Database Owner approves.
        3. Flip the CNAME
        """)
        #expect(rb.steps.count == 3)
        let gate = try #require(rb.gates.first)
        #expect(gate.position.line == 6)
        #expect(gate.roles == ["Database Owner"])
    }

    @Test func signOffLinesNameApprovers() throws {
        let rb = read("""
        # Release

        ## Sign-off

        Sign-off: QA Lead ____

        Sign-off: Product Owner ____
        """)
        let gate = try #require(rb.gates.first)
        #expect(gate.roles == ["QA Lead", "Product Owner"])
    }

    @Test func participantsOfADecisionAreItsApprovers() throws {
        let rb = read("""
        # Release

        ## Go/No-Go meeting

        Participants:

        - Release Manager
        - SRE Lead
        """)
        let gate = try #require(rb.gates.first)
        #expect(gate.roles == ["Release Manager", "SRE Lead"])
    }

    @Test func fieldBlanksAreNotApprovers() {
        #expect(GateShapes.blankRole("Note the time of change: _________ (HH:MM UTC)") == nil)
        #expect(GateShapes.blankRole("Date: ______") == nil)
        #expect(GateShapes.blankRole("- QA Manager: ______") == nil || GateShapes.blankRole("QA Manager: ______") == "QA Manager")
    }
}
