import Testing
@testable import LiftoffKit

/// Issue 12 item 6: the owner shapes runbooks use (docs/runbook-format.md, "Owners").
@Suite struct OwnerShapeTests {
    private func read(_ md: String) -> Runbook { RunbookExtractor.extract(md, file: "o.md") }

    private func owner(_ rb: Runbook, _ prefix: String) -> String? {
        rb.steps.first { $0.text.hasPrefix(prefix) }?.owner
    }

    @Test func ownerHeadingScopesItsSiblings() {
        let rb = read("""
        # R
        ## Cutover
        ### Owner: Platform + SRE
        ### Drain
        1. Drain the queue
        ### Flip
        1. Flip the CNAME
        ## Afterwards
        1. Write the report
        """)
        #expect(owner(rb, "Drain the queue") == "Platform + SRE")
        #expect(owner(rb, "Flip the CNAME") == "Platform + SRE")
        #expect(owner(rb, "Write the report") == nil)
    }

    @Test func ownerSectionWrittenAfterTheSteps() {
        let rb = read("# R\n## Rollback\n### Rollback Steps\n1. Disable the flag\n### Rollback Owner\n\nDavid Park — david@example.com — +1-555-0100\n")
        #expect(owner(rb, "Disable the flag") == "David Park")
    }

    @Test(arguments: ["Performed by", "Assignee", "Driver", "Executor", "Responsible", "DRI"])
    func roleLabels(label: String) {
        let bullet = read("# R\n## Steps\n1. Rotate the keys\n   - \(label): Security Lead\n")
        #expect(owner(bullet, "Rotate the keys") == "Security Lead")
        let keyLine = read("# R\n## Steps\n**\(label):** Security Lead\n\n1. Rotate the keys\n")
        #expect(owner(keyLine, "Rotate the keys") == "Security Lead")
    }

    @Test func inlineOwnerAndDue() {
        let rb = read("# R\n## Follow-up\n- [ ] Rotate the keys (Owner: SRE Lead, Due: T+24h)\n")
        let s = rb.steps.first
        #expect(s?.text == "Rotate the keys")
        #expect(s?.owner == "SRE Lead")
        #expect(s?.window?.start.nominalSeconds == 86400)
    }

    @Test func raciTable() {
        let rb = read("""
        # R
        ## RACI
        | Activity | Release Manager | SRE | QA Lead |
        |---|---|---|---|
        | Deploy | A | R | I |
        | Go/No-Go | A | C | C |
        ## Deploy
        1. Run the pipeline
        ## Go/No-Go
        Decide.
        """)
        #expect(owner(rb, "Run the pipeline") == "SRE")
        #expect(rb.gates.first?.roles == ["Release Manager"])
        #expect(rb.raci.count == 2)
    }

    @Test func participantsOwnTheirMeeting() {
        let rb = read("# R\n## T-1 Day\n- [ ] Go/no-go meeting\n  - Attendees: [Sponsor, Tech Lead, PM]\n")
        #expect(owner(rb, "Go/no-go meeting") == "Sponsor, Tech Lead, PM")
    }

    @Test func boldTitleIsAnOwnerOnlyWhenItNamesARoleOrPerson() {
        let rb = read("""
        # R
        ## Team
        | Role | Name |
        |---|---|
        | Launch Lead | Dana Wu |
        ## Steps
        1. **Load test**: run k6
        2. **SRE Lead**: watch the dashboards
        3. **Dana Wu**: send the announcement
        4. **Release notes**: publish them
        """)
        #expect(owner(rb, "run k6") == nil)
        #expect(owner(rb, "Load test") == nil)
        #expect(owner(rb, "watch the dashboards") == "SRE Lead")
        #expect(owner(rb, "send the announcement") == "Dana Wu")
        #expect(rb.steps.allSatisfy { $0.owner != "Release notes" })
    }

    @Test func aDetailThatMentionsOwnersIsNoOwner() {
        let rb = read("# R\n## Steps\n1. Audit access\n   - Owners: 3 service accounts\n")
        #expect(owner(rb, "Audit access") == nil)
    }

    @Test func parenthesisedRoleInAHeading() {
        let rb = read("# R\n## Releasing core (core release manager)\n1. Tag\n## Contact security (either alice or bob)\n1. Email them\n")
        #expect(owner(rb, "Tag") == "core release manager")
        #expect(owner(rb, "Email them") == nil)
    }

    @Test func ownerValues() {
        #expect(OwnerWords.looksLikeOwnerValue("SRE Lead"))
        #expect(OwnerWords.looksLikeOwnerValue("{{IC}}"))
        #expect(!OwnerWords.looksLikeOwnerValue("3 service accounts"))
        #expect(!OwnerWords.looksLikeOwnerValue("______"))
        #expect(OwnerWords.namesRole("Communications lead"))
        #expect(!OwnerWords.namesRole("Load test"))
        #expect(!OwnerWords.namesRole("Security"))
    }

    @Test func leadSentenceNamingWhoIsResponsible() {
        let rb = read("# R\n## Bugfix releases\nThe release manager of a minor version is responsible for bugfix releases.\n\n1. Cut the branch\n")
        #expect(owner(rb, "Cut the branch") == "release manager")
        #expect(HeadingOwner.responsibleInLeadSentence("The weather is responsible for delays.") == nil)
    }

    @Test func aTimeInParenthesesIsNoOwner() {
        let rb = read("# R\n## Evening Review (6-7 PM)\n- [ ] Write the log\n")
        #expect(owner(rb, "Write the log") == nil)
    }

    @Test func ownerKeysInBracketsOrAfterADashAtTheEndOfAnItem() {
        let rb = read("""
        # Launch

        ## T-1h: Checks

        - [ ] Warm caches [Owner: SRE]
        - [ ] Final go/no-go — DRI: Sam Lee
        - [ ] Rotate keys | Owner: Security, Due: T+2h
        - [ ] Check dashboards - see the runbook: section 3
        - [ ] Review [the checklist](https://example.org/checklist)
        """)
        let owners = Dictionary(uniqueKeysWithValues: rb.steps.map { ($0.text, $0.owner ?? "-") })
        #expect(owners == [
            "Warm caches": "SRE",
            "Final go/no-go": "Sam Lee",
            "Rotate keys": "Security",
            "Check dashboards - see the runbook: section 3": "-",
            "Review the checklist": "-",
        ])
        #expect(rb.steps.first { $0.text == "Rotate keys" }?.window?.start.nominalSeconds == 7200)
    }

    @Test func handlesNameWhoDoesAnItem() {
        let rb = read("""
        # R

        ## Procedure

        1. @alice: drain the old nodes
        2. Post the status update (@comms-bot)
        3. Review the diff [@dana, @lee]
        4. @here: the bridge is open
        5. Email ops@example.org: the window starts
        6. Page the on-call — @sam
        7. Ping the channel - @here
        """)
        #expect(owner(rb, "drain the old nodes") == "@alice")
        #expect(owner(rb, "Post the status update") == "@comms-bot")
        #expect(owner(rb, "Review the diff") == "@dana, @lee")
        #expect(owner(rb, "@here: the bridge is open") == nil)
        #expect(owner(rb, "Email ops@example.org") == nil)
        #expect(owner(rb, "Page the on-call") == "@sam")
        #expect(owner(rb, "Ping the channel - @here") == nil)
    }

    @Test func ownerColumnsAndTimeColumnsWithAnAside() {
        let rb = read("""
        # R

        ## Run of show

        | Time (UTC) | Activity | Lead |
        |---|---|---|
        | T-60 | Bridge opens | IC |

        | When | What | Team |
        |---|---|---|
        | T+30 | Retro | PM |
        """)
        #expect(owner(rb, "Bridge opens") == "IC")
        #expect(rb.steps.first { $0.text == "Bridge opens" }?.window?.start.nominalSeconds == -3600)
        #expect(owner(rb, "Retro") == "PM")
    }

    @Test func aHeadingOwnerEndsBeforeADurationOrTime() {
        let rb = read("""
        # R

        ## Steps

        ### Switch DNS (owner: netops, ~10 min)

        ```bash
        ./switch-dns.sh
        ```

        ### Verify (Owner: QA, T+15m)

        ```bash
        ./verify.sh
        ```
        """)
        #expect(owner(rb, "Switch DNS") == "netops")
        #expect(owner(rb, "Verify") == "QA")
    }
}
