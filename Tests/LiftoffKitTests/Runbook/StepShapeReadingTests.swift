import Testing
@testable import LiftoffKit

/// Steps in the shapes runbooks write them, and the lists that look like steps but are not
/// (docs/runbook-format.md, "Steps").
@Suite struct StepShapeReadingTests {
    private func read(_ markdown: String) -> Runbook {
        RunbookExtractor.extract(markdown, file: "test.md")
    }

    private func stepLines(_ markdown: String) -> [Int] {
        read(markdown).steps.map(\.position.line).sorted()
    }

    @Test func checkTableRowsAreUntimedSteps() {
        let rb = read("""
        # Readiness

        | Check name | Description | Tier |
        |---|---|---|
        | Backups | Nightly backups restore cleanly | gold |
        | Alerts | Paging reaches the on-call | gold |
        """)
        #expect(rb.steps.map(\.position.line) == [5, 6])
        #expect(rb.steps.allSatisfy { $0.window == nil })
    }

    @Test func imperativeSubsectionsOfAProcedureAreTasks() {
        #expect(stepLines("""
        # Release

        ## Release procedure

        ### Tag the release

        Push a signed tag from the release branch.

        ### Is the build green? If not, fix it first.

        ### 3. Announce

        Write to the mailing list.

        ### Rollback Owner

        Sam Lee
        """) == [5, 9, 11])
    }

    @Test func aSubsectionOverItsOwnItemsOnlyGroupsThem() {
        #expect(stepLines("""
        # Release

        ## Release checklist

        ### Database Migration

        - [ ] Run the migration
        - [ ] Check the row counts
        """) == [7, 8])
    }

    @Test func aNumberedStepHeadingIsAStepOverItsItems() {
        #expect(stepLines("""
        # Cutover

        ## Step 2: Switch DNS

        - [ ] Lower the TTL
        - [ ] Flip the record
        """) == [3, 5, 6])
    }

    @Test func contentsEntriesLinksAndAddressesAreNotSteps() {
        #expect(stepLines("""
        # Release

        ## Release checklist

        1. [Prepare](#prepare)
        2. [Publish](#publish)

        - [Metrics dashboard](https://example.com/d)
        - `api.internal.example.com`
        - team@example.org
        - Bump the version
        """) == [11])
    }

    @Test func checkBoxesUnderBestPracticesAndSuccessCriteriaAreNotSteps() {
        #expect(stepLines("""
        # Launch

        ## Best practices

        ### While launching

        - [ ] Narrate each step

        ## Success criteria

        ### Must pass

        - [ ] Checkout works for staff
        """).isEmpty)
    }

    @Test func aTitledMetricsItemKeepsItsListFromBecomingSteps() {
        #expect(stepLines("""
        # Deploy

        ## Procedure

        1. **Switch traffic**
           - Move 10% of traffic
        2. **Monitoring points**
           - Queue length
           - Worker restarts
        """) == [5, 6])
    }

    @Test func aBoldTimedTitleHeadsItsListAndIsNoStep() {
        let rb = read("""
        # Launch day

        ## Morning (T-0)

        **T+2h: Mid-morning check** (if launched)
        - [ ] Review the dashboards
        """)
        #expect(rb.steps.map(\.position.line) == [6])
    }

    @Test func aProcedureSubsectionHoldsStepsWhenItsListGivesInstructions() {
        #expect(stepLines("""
        # Failover

        ## Failover checklist

        ### Production

        - Change the record to the backup host
        - Test the backup host

        ### Severity levels

        - Site down
        - Data loss
        """) == [7, 8])
    }

    @Test func decisionOptionsUnderADecisionPointAreNotSteps() {
        #expect(stepLines("""
        # Canary

        ## Procedure

        **Step 4: Decision point (T+30m)**

        - [ ] Metrics acceptable → Proceed to phase 2
        - [ ] Metrics failing → Roll back now
        """) == [5])
    }

    @Test func verificationListsAreChecksToTick() {
        #expect(stepLines("""
        # Deploy

        ## Deploy steps

        Environment verification:
        - [ ] Secrets present

        Team verification:
        - [ ] On-call confirmed
        """) == [6, 9])
    }

    @Test func aCheckBoxInAParagraphIsAStep() {
        #expect(stepLines("""
        # Cutover

        ## Switch DNS

        **Checkpoint** - [ ] The apex domain answers 200
        """) == [5])
    }

    @Test func reviewQuestionsAndTemplateBlanksAreNotSteps() {
        #expect(stepLines("""
        # Migration

        ## Procedure

        1. **Timeline**
           - When did it start?
        2. Post the summary
           - [Action 1]
        """) == [5, 7])
    }

    @Test func commonIssuesAndSymptomsAreReference() {
        #expect(stepLines("""
        # Migration

        ## Procedure

        **Symptoms:**
        - Queue growing

        ## Performance issues

        1. **Use indexes**
        """).isEmpty)
    }

    @Test func bulletsUnderABareBoldTitleAreChecksButUnderARecordTheyAreNotes() {
        #expect(stepLines("""
        # Release

        ## Checklist

        - [ ] **Build verification**
          - APK signature verified
        - [ ] **Ticket system configured**
          - Owner: [Support Lead]
          - Categories created
        """) == [5, 6, 7])
    }

    @Test func aConditionalInstructionIsASubStep() {
        #expect(stepLines("""
        # Rollout

        - [ ] Roll out the feature in increments, watching the graphs between each one
          - If the flag has an actor, set the percentage of actors
          - While this is open, merging is halted
        """) == [3, 4])
    }

    @Test func aLeadInThatOffersStepsIsNoCriteriaList() {
        #expect(stepLines("""
        # Release

        ## Signing key

        If you do not have a key yet, follow these steps:

        1. [Install GPG](https://example.com/gpg)
        2. [Upload the key](https://example.com/key)
        """) == [7, 8])
    }
}

