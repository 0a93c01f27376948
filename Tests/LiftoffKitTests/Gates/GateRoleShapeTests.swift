import Testing
@testable import LiftoffKit

/// Who approves a go/no-go decision, in the shapes runbooks name them (docs/runbook-format.md,
/// "Gates").
@Suite struct GateRoleShapeTests {
    private func read(_ markdown: String) -> Runbook {
        RunbookExtractor.extract(markdown, file: "test.md")
    }

    @Test func aRoleWhoseDutiesIncludeTheDecisionApprovesGatesThatNameNobody() throws {
        let rb = read("""
        # Launch

        ## Team

        **Launch Lead:**
        - Duties: coordination, go/no-go decision

        ## Day before

        - [ ] Hold the go/no-go meeting
        """)
        let gate = try #require(rb.gates.first)
        #expect(gate.roles == ["Launch Lead"])
    }

    @Test func aDecisionMakerFieldApprovesGatesThatNameNobody() throws {
        let rb = read("""
        # Launch

        | Field | Value |
        |---|---|
        | Go/No-Go Decision Maker | Ada Park (VP Product) |

        ## Go/No-Go

        The call happens on Monday.
        """)
        let gate = try #require(rb.gates.first)
        #expect(gate.roles == ["Ada Park (VP Product)"])
    }

    @Test func aGoFromSentenceNamesTheApproversAndAcronymsAreSpelledOut() throws {
        let rb = read("""
        # Canary

        - Release Commander (RC): Jo

        ## Schedule

        | Time | What | Who |
        |---|---|---|
        | 08:40 | Go/no-go call | Launch Lead |

        The call needs a GO from the Launch Lead, the QA Lead and the RC.
        """)
        let gate = try #require(rb.gates.first)
        #expect(gate.roles == ["Launch Lead", "QA Lead", "Release Commander"])
    }

    @Test func attendeeCheckBoxesUnderADecisionAreItsRolesAndItsCriteriaAreNoSteps() throws {
        let rb = read("""
        # Launch

        ## Final hour

        **GO/NO-GO Meeting (T-1h):**

        Attendees:
        - [ ] Launch Commander (chair)
        - [ ] QA Lead

        Decision Criteria:
        - [ ] All checklists complete
        """)
        let gate = try #require(rb.gates.first)
        #expect(gate.roles == ["Launch Commander", "QA Lead"])
        #expect(rb.steps.isEmpty)
    }

    @Test func attendeesOfADecisionTaskAreItsRoles() throws {
        let rb = read("""
        # Launch

        ## Day before

        - [ ] **Go/No-Go meeting held**
          - Owner: [PM]
          - Attendees: [Sponsor, Tech Lead]
        """)
        let gate = try #require(rb.gates.first)
        #expect(gate.roles == ["PM", "Sponsor", "Tech Lead"])
    }

    @Test func voteLinesUnderASignOffAreRolesNotSteps() throws {
        let rb = read("""
        # Launch

        ## Sign-Off

        **Go/No-Go Decision:**

        - [ ] **Business Owner:** GO / NO-GO - [Signature] [Date]
        - [ ] **Tech Lead:** GO / NO-GO - [Signature] [Date]
        """)
        #expect(rb.steps.isEmpty)
        #expect(rb.gates.count == 1)
        #expect(rb.gates.first?.roles == ["Business Owner", "Tech Lead"])
    }

    @Test func attendeesColumnOfADecisionRowAreItsRoles() throws {
        let rb = read("""
        # Launch

        | Checkpoint | Date | Attendees |
        |---|---|---|
        | Go/no-go review | Mar 8 | Ada, Jo |
        """)
        #expect(rb.steps.count == 1)
        #expect(rb.gates.first?.roles == ["Ada", "Jo"])
    }

    @Test func anApproversLineUnderTheDecisionNamesThem() throws {
        let rb = read("""
        # Launch

        ## Go/No-Go (T-1h)

        Approvers: Eng Manager, SRE Lead, Product Owner

        ## Final sign-off

        Sign-off required from: @alice (Engineering), @bob (SRE).
        """)
        #expect(rb.gates.map(\.roles) == [["Eng Manager", "SRE Lead", "Product Owner"], ["@alice", "@bob"]])
    }
}
