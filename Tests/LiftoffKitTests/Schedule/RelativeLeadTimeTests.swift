import Testing
@testable import LiftoffKit

/// Times written in words at the start of an item or a heading (docs/runbook-format.md, "Phases
/// and times"): "2 hours before launch: …", "T minus 30 minutes".
@Suite struct RelativeLeadTimeTests {
    private func read(_ md: String) -> Runbook {
        RunbookExtractor.extract(md, file: "t.md")
    }

    private func start(_ rb: Runbook, _ text: String) -> Int? {
        rb.steps.first { $0.text == text }?.window.map { $0.start.nominalSeconds }
    }

    @Test func anItemThatOpensWithATimeInWordsIsAStepAtThatTime() {
        let rb = read("""
        # Launch

        ## Timeline

        - 2 hours before launch: Snapshot the database
        - 30 min after go-live - Post the first status update
        - 45 minutes prior to cutover — Drain the queue
        - The day before launch: Announce the window
        - 1 day before release, tag the candidate
        - Within 2 hours of launch: Keep the bridge open
        """)
        #expect(start(rb, "Snapshot the database") == -7200)
        #expect(start(rb, "Post the first status update") == 1800)
        #expect(start(rb, "Drain the queue") == -2700)
        #expect(start(rb, "Announce the window") == -86400)
        #expect(start(rb, "tag the candidate") == -86400)
        #expect(start(rb, "Keep the bridge open") == -7200)
    }

    @Test func withoutASeparatorOrALaunchWordItStaysText() {
        let rb = read("""
        # Launch

        ## Procedure

        - 2 hours before launch we freeze the branch
        - 10 minutes later, check the dashboards
        - Two hours before launch: spelled numbers are not read
        """)
        #expect(rb.steps.map(\.text) == [
            "2 hours before launch we freeze the branch",
            "10 minutes later, check the dashboards",
            "Two hours before launch: spelled numbers are not read",
        ])
        #expect(rb.steps.allSatisfy { $0.window == nil })
    }

    @Test func tMinusAndTPlusInWords() {
        let rb = read("""
        # Launch

        ## T minus 30 minutes

        - [ ] Final checks

        ## Timeline

        - [ ] T-minus 10 min: Open the bridge
        - [ ] T plus 1 hour: First review
        """)
        #expect(rb.sections.first { $0.title == "T minus 30 minutes" }?.anchor?.start.nominalSeconds == -1800)
        #expect(start(rb, "Final checks") == -1800)
        #expect(start(rb, "Open the bridge") == -600)
        #expect(start(rb, "First review") == 3600)
        // Only after a lone T: "at minus 30" and "Tminus" are words.
        #expect(TimeAnchorParser.findAnywhere("Heat minus 30 minutes") == nil)
    }

    @Test func aBoldLeadInWithATimeInWords() {
        let rb = read("""
        # Launch

        ## Schedule

        **2 hours before launch:**

        - [ ] Warm the caches
        """)
        #expect(start(rb, "Warm the caches") == -7200)
    }

    /// Signed days count from launch day, also where the runbook counts from Day 0 (whose
    /// `Day 1` is the day after launch).
    @Test func signedDaysCountFromLaunchDay() {
        let rb = read("""
        # Launch

        ## Day -2 (Saturday)

        - [ ] Freeze

        ## Day 0

        - [ ] Launch

        ## Day 1

        - [ ] Review

        ## Day +3

        - [ ] Retro
        """)
        #expect(start(rb, "Freeze") == -2 * 86400)
        #expect(start(rb, "Launch") == 0)
        #expect(start(rb, "Review") == 86400)
        #expect(start(rb, "Retro") == 3 * 86400)
    }

    @Test func aTimeOfDayBesideLaunchDayPlacesTheHeading() {
        let rb = read("""
        # Launch

        **Launch:** 2026-06-01 09:00

        ## Launch day, 08:30

        - [ ] Bridge opens

        ## Launch day

        - [ ] Flip the flag
        """)
        #expect(start(rb, "Bridge opens") == -1800)
        #expect(start(rb, "Flip the flag") == 0)
    }
}
