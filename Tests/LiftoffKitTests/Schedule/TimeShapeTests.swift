import Testing
@testable import LiftoffKit

/// Issue 12 item 5: the time shapes runbooks use (docs/runbook-format.md, "Phases and times").
@Suite struct TimeShapeTests {
    private func read(_ md: String, launchMinute: Int? = nil) -> Runbook {
        RunbookExtractor.extract(md, file: "t.md", launchMinute: launchMinute)
    }

    private func step(_ rb: Runbook, _ prefix: String) -> Step? {
        rb.steps.first { $0.text.hasPrefix(prefix) }
    }

    private func span(_ w: TimeWindow?) -> [Int]? {
        w.map { [$0.start.nominalSeconds, $0.end.nominalSeconds] }
    }

    @Test func rangesThatDoNotStartAtZero() {
        #expect(span(TimeAnchorParser.findAnywhere("Dual-write (6-18h)").map { TimeWindow($0.anchor) }) == [6 * 3600, 18 * 3600])
        #expect(span(TimeAnchorParser.findAnywhere("Hours 2-8").map { TimeWindow($0.anchor) }) == [2 * 3600, 8 * 3600])
        #expect(span(TimeAnchorParser.findAnywhere("Hours 0-6 (Critical)").map { TimeWindow($0.anchor) }) == [0, 6 * 3600])
        // How long a phase takes is not when it happens.
        #expect(TimeAnchorParser.findAnywhere("Preparation (5-10 minutes)") == nil)
        #expect(TimeAnchorParser.findAnywhere("4 hours 30 minutes") == nil)
    }

    @Test func weeksAndMonths() {
        #expect(span(TimeAnchorParser.findAnywhere("Week 2-4").map { TimeWindow($0.anchor) }) == [7 * 86400, 28 * 86400])
        #expect(span(TimeAnchorParser.findAnywhere("Month 1").map { TimeWindow($0.anchor) }) == [0, 30 * 86400])
    }

    @Test func anchorInParenthesesAfterALabel() {
        let rb = read("""
        # R
        ## Bump the version (T-6 days, Friday the week before)
        - Open the PR
        ## T-5 Days
        **Thursday (T-4)**

        - Freeze the branch

        **Saturday 9:30 PM CET (T-12 hours)**

        - Tag it
        """)
        #expect(span(step(rb, "Open the PR")?.window) == [-6 * 86400, -6 * 86400])
        // A bare T-4 inside a "T-5 Days" section counts days.
        #expect(span(step(rb, "Freeze the branch")?.window) == [-4 * 86400, -4 * 86400])
        #expect(span(step(rb, "Tag it")?.window) == [-12 * 3600, -12 * 3600])
    }

    @Test func itemPrefixesWithOrWithoutBold() {
        let rb = read("""
        # R
        ## Release day
        - [ ] T+2h: check the dashboards
        - [ ] **T-50m** - merge the PR
        - [ ] **T**: publish
        - [ ] **T+1hr** announce
        """)
        #expect(span(step(rb, "check the dashboards")?.window) == [7200, 7200])
        #expect(span(step(rb, "merge the PR")?.window) == [-3000, -3000])
        #expect(span(step(rb, "publish")?.window) == [0, 0])
        #expect(span(step(rb, "announce")?.window) == [3600, 3600])
    }

    @Test func launchDayIsTheWholeDay() {
        let rb = read("# R\n## Day of release\n- Ship it\n")
        #expect(span(step(rb, "Ship it")?.window) == [0, 86400])
    }

    @Test func dayZeroRunbooksCountTheDayAfterAsDayOne() {
        let rb = read("# R\n## Day 0\n- Ship\n## Day 1\n- Watch\n")
        #expect(span(step(rb, "Ship")?.window) == [0, 86400])
        #expect(span(step(rb, "Watch")?.window) == [86400, 2 * 86400])
        let plain = read("# R\n## Day 1\n- Watch\n")
        #expect(span(step(plain, "Watch")?.window) == [0, 86400])
    }

    @Test func wallClockTimesAgainstTheStatedLaunchTime() {
        let rb = read("""
        # R
        **Launch:** 09:00 CET

        ## Schedule
        | Time | Task | Owner |
        |---|---|---|
        | 07:30 | Freeze writes | DBA |
        | 9:30 AM | Open traffic | SRE |

        ### Late afternoon (4PM)
        - [ ] Review
        """)
        #expect(rb.launchMinute == 9 * 60)
        #expect(span(step(rb, "Freeze writes")?.window) == [-5400, -5400])
        #expect(span(step(rb, "Open traffic")?.window) == [1800, 1800])
        #expect(span(step(rb, "Review")?.window) == [7 * 3600, 7 * 3600])
    }

    @Test func wallClockTimesWithoutALaunchTimeAreReportedAndPlacedByPlan() {
        let md = "# R\n## Launch day\n**2:00 AM: Preparation**\n- [ ] 9:00 AM: Team standup\n"
        let rb = read(md)
        #expect(rb.diagnostics.contains { $0.code == "unanchored-time" })
        // Unplaced, the step keeps its section's window.
        #expect(span(step(rb, "Team standup")?.window) == [0, 86400])
        let planned = read(md, launchMinute: 6 * 60)
        #expect(span(step(planned, "Team standup")?.window) == [3 * 3600, 3 * 3600])
        #expect(!planned.diagnostics.contains { $0.code == "unanchored-time" })
    }

    @Test func goLiveWindowStatedUpFrontIsTheLaunchTime() {
        #expect(LaunchTimeFinder.find(["**Window**: 6:00 AM - 12:00 PM"]) == 6 * 60)
        #expect(LaunchTimeFinder.find(["Go-live at 10:00 sharp."]) == 10 * 60)
        #expect(LaunchTimeFinder.find(["| **Launch time** | 22:00 UTC |"]) == 22 * 60)
        #expect(LaunchTimeFinder.find(["**Lunch:** 12:00"]) == nil)
    }

    @Test func wallClockReadings() {
        #expect(WallClockParser.findAnywhere("Phase 2 (6:30 - 8:00)")?.wallClock == WallClock(startMinute: 390, endMinute: 480))
        #expect(WallClockParser.findAnywhere("Early Morning (12am-6am)")?.wallClock == WallClock(startMinute: 0, endMinute: 360))
        #expect(WallClockParser.findAnywhere("Evening Review (6-7 PM)")?.wallClock == WallClock(startMinute: 1080, endMinute: 1140))
        #expect(WallClockParser.findAnywhere("Release v1.34 on 2026-01-25") == nil)
        #expect(WallClockParser.findAnywhere("Phase 1: Setup") == nil)
        #expect(WallClockParser.findAnywhere("Shift 10% of traffic") == nil)
    }

    @Test func windowsInsideARollbackCountFromTheRollback() {
        let rb = read("# R\n## Post-Rollback\n### First 30 minutes\n- [ ] Notify users\n### T+2h review\n- [ ] Review\n")
        #expect(step(rb, "Notify users")?.window == nil)
        #expect(span(step(rb, "Review")?.window) == [7200, 7200])
    }

    @Test func weekdayBesideAUnitlessAnchorCountsDays() {
        let rb = read("# R\n## Countdown\n**Friday (T-3)**\n\n- [ ] Regression pass\n")
        #expect(span(step(rb, "Regression pass")?.window) == [-3 * 86400, -3 * 86400])
    }

    @Test func windowInParenthesesAtTheEndOfAnItem() {
        let rb = read("# R\n## Launch day\n- [ ] Evening on-call watches the dashboards (6-18h)\n")
        #expect(span(step(rb, "Evening on-call")?.window) == [6 * 3600, 18 * 3600])
    }
}
