import Testing
@testable import LiftoffKit

/// Issue 12 item 6: owners from a lead-in naming who does the list, and from doer labels
/// such as "Tester:" (docs/runbook-format.md, "Owners").
@Suite struct LeadInOwnerTests {
    private func read(_ md: String) -> Runbook { RunbookExtractor.extract(md, file: "o.md") }

    private func owner(_ rb: Runbook, _ prefix: String) -> String? {
        rb.steps.first { $0.text.hasPrefix(prefix) }?.owner
    }

    @Test func leadInNamingARole() {
        #expect(LeadInOwner.owner(in: "All engineers should:") == "All engineers")
        #expect(LeadInOwner.owner(in: "Before launch, the SRE team must:") == "SRE team")
        #expect(LeadInOwner.owner(in: "Make sure you:") == nil)
        #expect(LeadInOwner.owner(in: "Things that should:") == nil)
        #expect(LeadInOwner.owner(in: "The dashboards must show:") == nil)
        let rb = read("""
        # R
        ## Onboarding
        Before launch, the platform team must:

        - [ ] Scale the pool

        Every on-call engineer must:

        - [ ] Read the runbook
        - [ ] Join the bridge

        Other notes:

        - [ ] Water the plants
        """)
        #expect(owner(rb, "Scale the pool") == "platform team")
        #expect(owner(rb, "Read the runbook") == "on-call engineer")
        #expect(owner(rb, "Join the bridge") == "on-call engineer")
        #expect(owner(rb, "Water the plants") == nil)
    }

    @Test func testerLabelUnderAStep() {
        let rb = read("""
        # R
        ## Verify
        - [ ] **Smoke test: sign-in**
          - Tester: [QA Name]
          - Result: pass / fail
        - [ ] **Smoke test: search**
          - Result: pass / fail
        """)
        #expect(owner(rb, "Smoke test: sign-in") == "QA Name")
        #expect(owner(rb, "Smoke test: search") == nil)
    }

    @Test func inlineOwnerBeforeTheColonThatLeadsIntoCommands() {
        let rb = read("""
        # R
        ## Migrate
        Performed by: Release Manager

        1. Run the ledger migration (Owner: Data Lead):
           ```bash
           ./migrate --apply
           ```
        2. Tell the channel.
        """)
        #expect(owner(rb, "Run the ledger migration") == "Data Lead")
        #expect(owner(rb, "Tell the channel") == "Release Manager")
    }

    @Test func numberedItemNamedForItsRole() {
        #expect(RoleActivityOwner.owner("Launch lead assessment") == "Launch lead")
        #expect(RoleActivityOwner.owner("DBA review") == "DBA")
        #expect(RoleActivityOwner.owner("Security review") == nil)
        #expect(RoleActivityOwner.owner("Go/no-go decision") == nil)
        #expect(RoleActivityOwner.owner("Code review") == nil)
        let rb = read("""
        # R
        ## Decide
        1. Incident commander assessment
        2. Stakeholder notification
        """)
        #expect(owner(rb, "Incident commander assessment") == "Incident commander")
        #expect(owner(rb, "Stakeholder notification") == nil)
    }

    @Test func dueLineUnderATimedHeadingTimesWhatFollows() {
        let rb = read("""
        # R
        ## End of 24 Hours Report
        **Due:** T+25h

        1. Summarise the metrics
        """)
        #expect(rb.steps.first { $0.text.hasPrefix("Summarise") }?.window?.start.nominalSeconds == 25 * 3600)
    }
}
