import Testing
@testable import LiftoffKit

/// Issue 12 item 5: calendar dates against a stated launch date, "End of …" points, day tables,
/// bold time lead-ins as phases (docs/runbook-format.md, "Phases and times").
@Suite struct CalendarAndPeriodTimeTests {
    private func read(_ md: String) -> Runbook { RunbookExtractor.extract(md, file: "c.md") }

    private func span(_ w: TimeWindow?) -> [Int]? {
        w.map { [$0.start.nominalSeconds, $0.end.nominalSeconds] }
    }

    private func step(_ rb: Runbook, _ prefix: String) -> Step? {
        rb.steps.first { $0.text.hasPrefix(prefix) }
    }

    private let day = 86_400

    @Test func calendarDateShapes() {
        func date(_ s: String) -> CalendarDate? { CalendarDateParser.find(s)?.date }
        #expect(date("Monday 19th May 2025") == CalendarDate(year: 2025, month: 5, day: 19))
        #expect(date("March 10, 2026") == CalendarDate(year: 2026, month: 3, day: 10))
        #expect(date("Feb 21") == CalendarDate(year: nil, month: 2, day: 21))
        #expect(date("Mar 3, 10am PT") == CalendarDate(year: nil, month: 3, day: 3, minute: 600))
        #expect(date("2026-02-09 01:00 UTC") == CalendarDate(year: 2026, month: 2, day: 9, minute: 60))
        #expect(date("20:00 UTC Friday 13th of June 2025")?.day == 13)
        #expect(date("Scheduled for Apr 3-5")?.endDay == 5)
        // Not dates: a modal "may", a version, a month without a day, a day out of range.
        #expect(date("you may 2 times") == nil)
        #expect(date("v1.34 released") == nil)
        #expect(date("Expires Dec 2026") == nil)
        #expect(date("Feb 30") == nil)
    }

    @Test func dueDatesCountFromTheStatedLaunchDate() {
        let rb = read("""
        # Launch
        | Field | Value |
        |---|---|
        | Launch Date | April 14, 2027 |

        ## Readiness
        | Item | Owner | Due |
        |---|---|---|
        | Freeze the schema | Data Lead | Apr 7 |
        | Train support | Support Lead | Apr 16 |
        | Book the room | Office Team | Mar 31 |
        """)
        #expect(rb.launchDay == CivilTime.days(year: 2027, month: 4, day: 14))
        #expect(span(step(rb, "Freeze the schema")?.window) == [-7 * day, -7 * day])
        #expect(span(step(rb, "Train support")?.window) == [2 * day, 2 * day])
        #expect(span(step(rb, "Book the room")?.window) == [-14 * day, -14 * day])
    }

    @Test func withoutALaunchDateDatesAreNotTimes() {
        let rb = read("""
        # Launch
        | Item | Owner | Due |
        |---|---|---|
        | Freeze the schema | Data Lead | Apr 7 |
        """)
        #expect(step(rb, "Freeze the schema")?.window == nil)
        // lint says why the step has no time of its own.
        #expect(rb.diagnostics.contains { $0.code == "unanchored-date" })
    }

    @Test func releaseScheduleTakesTheReleaseDayAsT0() {
        let rb = read("""
        # Widget 4.2 schedule
        | What | Who | When |
        |---|---|---|
        | Cycle starts | Lead | Tuesday 3rd March 2026 |
        | 4.2.0-rc.1 released | Release Manager | Wednesday 25th March 2026 |
        | Code freeze | Release Manager | 22:00 UTC Thursday 26th March 2026 |
        | 4.2.0 released | Release Manager | Wednesday 1st April 2026 |
        """)
        #expect(rb.launchDay == CivilTime.days(year: 2026, month: 4, day: 1))
        #expect(span(step(rb, "Cycle starts")?.window) == [-29 * day, -29 * day])
        // Date only at T-0: the time of day beside a date does not move it.
        #expect(span(step(rb, "Code freeze")?.window) == [-6 * day, -6 * day])
        #expect(span(step(rb, "4.2.0 released")?.window) == [0, 0])
    }

    @Test func dateAndTimeAgainstALaunchDateAndTime() {
        let rb = read("""
        # Watch
        **Monitoring Period:** 2027-05-02 00:00 - 2027-05-03 00:00 UTC

        ## Reports
        | Item | Due |
        |---|---|
        | Send the summary | 2027-05-03 01:00 UTC |
        """)
        #expect(span(step(rb, "Send the summary")?.window) == [25 * 3600, 25 * 3600])
    }

    @Test func endOfAPeriodIsAPoint() {
        func point(_ s: String) -> [Int]? { span(TimeAnchorParser.findRelativePhrase(s).map { TimeWindow($0) }) }
        #expect(point("End of Day Checklist") == [day, day])
        #expect(point("Checklist - End of Day 2") == [2 * day, 2 * day])
        #expect(point("End of 24-Hours Report") == [day, day])
        #expect(point("End of the first week") == [7 * day, 7 * day])
        #expect(point("Review at the 48-Hour Mark") == [2 * day, 2 * day])
        #expect(point("End of Life") == nil)
    }

    @Test func boldTitleStartingWithAPeriodNameIsNotATime() {
        let rb = read("""
        # R
        ## Wrap-up (T+8 Hours)
        - [ ] **Day 1 metrics collected**
        - [ ] **Day 2: send the survey**
        """)
        #expect(span(step(rb, "Day 1 metrics")?.window) == [8 * 3600, 8 * 3600])
        #expect(span(step(rb, "send the survey")?.window) == [day, 2 * day])
    }

    @Test func boldTimeLeadInIsAPhase() {
        let rb = read("""
        # R
        ## T-5 Days
        **Tuesday (T-4)**

        - [ ] Check the store review

        **Friday–Sunday (T-3 to T-1)**

        - [ ] Nobody deploys
        """)
        let phases = rb.phases.map { ($0.title, span($0.window)) }
        #expect(phases.contains { $0.0 == "Tuesday (T-4)" && $0.1 == [-4 * day, -4 * day] })
        #expect(phases.contains { $0.0 == "Friday–Sunday (T-3 to T-1)" && $0.1 == [-3 * day, -1 * day] })
        #expect(span(step(rb, "Check the store")?.window) == [-4 * day, -4 * day])
        #expect(span(step(rb, "Nobody deploys")?.window) == [-3 * day, -1 * day])
    }

    @Test func dayTableRowsArePhases() {
        let rb = read("""
        # R
        Launch day is Day 0.

        | Day | Focus |
        |---|---|
        | Tuesday (T-6) | Freeze |
        | Day 0 | Launch |
        | Day 2-3 | Fix forward |
        | Week 2-3 | Iterate |
        """)
        let byTitle = Dictionary(rb.phases.map { ($0.title, span($0.window)) }, uniquingKeysWith: { a, _ in a })
        #expect(byTitle["Freeze"] == [-6 * day, -6 * day])
        #expect(byTitle["Launch"] == [0, day])
        #expect(byTitle["Fix forward"] == [2 * day, 4 * day])
        #expect(byTitle["Iterate"] == [7 * day, 21 * day])
        #expect(rb.steps.isEmpty)
    }

    @Test func periodRangeRepeatingItsWord() {
        #expect(span(TimeAnchorParser.findAnywhere("Kill switch (Day 1 – Day 2)").map { TimeWindow($0.anchor) }) == [0, 2 * day])
    }

    @Test func checkpointColumnOfTTimes() {
        let rb = read("""
        # R
        | Checkpoint | Time | Focus | Participants |
        |---|---|---|---|
        | T+2hr | 11:00 | Error budget review | SRE team |
        """)
        let s = rb.steps.first
        #expect(s?.text == "Error budget review")
        #expect(span(s?.window) == [2 * 3600, 2 * 3600])
        #expect(s?.owner == "SRE team")
    }

    @Test func noticeAndFollowUpHeadings() {
        func point(_ s: String) -> [Int]? { span(TimeAnchorParser.findRelativePhrase(s).map { TimeWindow($0) }) }
        #expect(point("48-Hour Advance Notice") == [-2 * day, -2 * day])
        #expect(point("1-Week Reminder") == [-7 * day, -7 * day])
        #expect(point("24-Hour Follow-up") == [day, day])
        #expect(point("Advance notice") == nil)
    }

    @Test func timedKeysInAPlainScheduleBlockAreSteps() {
        let rb = read("""
        # R
        ## Messages
        ```
        T-24h: Email the customers
        T+2h:  Post a progress update
        ```
        """)
        #expect(span(step(rb, "Email the customers")?.window) == [-day, -day])
        #expect(span(step(rb, "Post a progress update")?.window) == [7200, 7200])
    }

    @Test func endOfAPeriodInAHeadingOutranksThePeriod() {
        let rb = read("""
        # R
        ## Checklist - End of Day 2
        - [ ] Send the report
        ## End of Day (T+8 Hours)
        - [ ] Hand over
        """)
        #expect(span(step(rb, "Send the report")?.window) == [2 * day, 2 * day])
        #expect(span(step(rb, "Hand over")?.window) == [8 * 3600, 8 * 3600])
    }

    @Test func templatesAndNumberedPeriodKeysAreNotScheduled() {
        let rb = read("""
        # R
        ### End of Day Report Template
        ```
        Summary:
        - Sign-ups: [Number]
        - Uptime: [Percentage]
        ```
        ### Updates
        ```
        Hour 2: Data copy half done
        Hour 4: Data copy done
        ```
        """)
        #expect(rb.phases.isEmpty)
        #expect(rb.steps.isEmpty)
    }

    @Test func datedMilestonesInAnOverviewArePhases() {
        let rb = read("""
        # Widget 5.0
        **Launch date:** 2026-10-20

        ## Summary
        - **Tuesday 6th October 2026**: code freeze
        - **18:00 UTC Monday 19th October 2026**: final build
        - A note without a date

        ## Messages
        - [ ] **Oct 13**: send the preview mail
        """)
        let byTitle = Dictionary(rb.phases.map { ($0.title, span($0.window)) }, uniquingKeysWith: { a, _ in a })
        #expect(byTitle["code freeze"] == [-14 * day, -14 * day])
        #expect(byTitle["final build"] == [-day, -day])
        #expect(rb.steps.map(\.text) == ["send the preview mail"])
        #expect(span(step(rb, "send the preview")?.window) == [-7 * day, -7 * day])
    }

    @Test func scheduleUnderAResponsibilitiesHeading() {
        let rb = read("""
        # R
        ## Channels and Responsibilities
        ### Schedule
        ```
        T-2h: Final notice in the app
        T+1h: Progress update
        ```
        """)
        #expect(span(step(rb, "Final notice")?.window) == [-7200, -7200])
        #expect(span(TimeAnchorParser.findRelativePhrase("2-Hour Final Notice").map { TimeWindow($0) }) == [-7200, -7200])
    }
}
