import Testing
@testable import LiftoffKit

/// A launch-day schedule written as clock times under T-phases (docs/runbook-format.md, "Phases
/// and times"): "T-24 Hours" over "10:00 Production validation", "T-0 (Launch)" over "09:00 Full
/// traffic cutover".
@Suite struct ClockScheduleTests {
    private func read(_ md: String, launchMinute: Int? = nil) -> Runbook {
        RunbookExtractor.extract(md, file: "t.md", launchMinute: launchMinute)
    }

    private func start(_ rb: Runbook, _ text: String) -> Int? {
        rb.steps.first { $0.text == text }?.window.map { $0.start.nominalSeconds }
    }

    static let timeline = """
    # Launch day

    ## T-24 Hours (Day Before)
    - 09:00 Final staging verification
    - 10:00 Production environment validation
    - 18:00 Pre-launch freeze begins

    ## T-12 Hours
    - 21:00 Database backup initiated
    - 23:00 Dashboards validated

    ## T-4 Hours
    - 04:45 Team assembles
    - 05:30 Final system health check

    ## T-0 (Launch)
    - 09:00 Full traffic cutover
    - 10:00 First checkpoint

    ## Post-Launch
    - 12:00 T+3hr review
    - 21:00 T+12hr review
    - 09:00 T+24hr review (next day)
    """

    @Test func theT0PhasesFirstClockTimeIsTheLaunchTime() {
        let rb = read(Self.timeline)
        #expect(rb.launchMinute == 9 * 60)
        #expect(!rb.diagnostics.contains { $0.code == "unanchored-time" || $0.code == "inherited-time" })
        #expect(start(rb, "Full traffic cutover") == 0)
        #expect(start(rb, "First checkpoint") == 3600)
    }

    @Test func clockTimesUnderAnHourPhaseFallFromThatHourOn() {
        let rb = read(Self.timeline)
        #expect(start(rb, "Final staging verification") == -24 * 3600)
        #expect(start(rb, "Production environment validation") == -23 * 3600)
        #expect(start(rb, "Pre-launch freeze begins") == -15 * 3600)
        #expect(start(rb, "Database backup initiated") == -12 * 3600)
        #expect(start(rb, "Dashboards validated") == -10 * 3600)
        // A little before its phase's hour is still that day, not the next.
        #expect(start(rb, "Team assembles") == -(4 * 3600 + 900))
        #expect(start(rb, "Final system health check") == -(3 * 3600 + 1800))
    }

    @Test func aScheduleThatRunsPastMidnightGoesOnToTheNextDay() {
        let rb = read(Self.timeline)
        #expect(start(rb, "T+3hr review") == 3 * 3600)
        #expect(start(rb, "T+12hr review") == 12 * 3600)
        #expect(start(rb, "T+24hr review (next day)") == 24 * 3600)
        let cutover = read("# R\n**Cutover start:** 22:00\n## Cutover night\n- 22:00 Stop writes\n- 23:30 Migrate\n- 00:30 Verify\n- 01:00 Open traffic\n")
        #expect(start(cutover, "Migrate") == 5400)
        #expect(start(cutover, "Verify") == 9000)
        #expect(start(cutover, "Open traffic") == 10800)
        // A small step back is a list out of order, not a new day.
        let unordered = read("# R\n**Launch:** 09:00\n## Launch day\n- 14:00 Review\n- 10:00 Standup\n")
        #expect(start(unordered, "Standup") == 3600)
    }

    @Test func aStatedLaunchTimeWinsAndPlanAtLosesToTheT0Phase() {
        let stated = read("# R\n**Launch time:** 10:00\n\n" + Self.timeline.dropFirst(13))
        #expect(stated.launchMinute == 10 * 60)
        #expect(start(stated, "Full traffic cutover") == -3600)
        let planned = read(Self.timeline, launchMinute: 11 * 60)
        #expect(planned.launchMinute == 9 * 60, "the runbook's own schedule says where T-0 is")
        // A T-0 phase that does not open with a clock time states nothing.
        let untimed = read("# R\n## T-0\n- Flip the flag\n- 09:30 Check\n")
        #expect(untimed.launchMinute == nil)
        #expect(untimed.diagnostics.contains { $0.code == "unanchored-time" })
        #expect(read("# R\n## T-0\n- Flip the flag\n- 09:30 Check\n", launchMinute: 9 * 60).launchMinute == 9 * 60)
    }

    @Test func aClockTimeLeadsAnItemWithoutASeparator() {
        let rb = read("# R\n**Launch:** 09:00\n## Launch day\n- 07:00 Freeze merges\n- 8 AM standup\n- T-30m final checks\n- 10 minutes later, check again\n- Day 1 metrics collected\n")
        #expect(start(rb, "Freeze merges") == -7200)
        #expect(start(rb, "standup") == -3600)
        #expect(start(rb, "final checks") == -1800)
        #expect(start(rb, "10 minutes later, check again") == 0, "a quantity is not a time: the step keeps the day's window")
        #expect(start(rb, "Day 1 metrics collected") == 0)
    }

    @Test func aBoldStepClosingWithAClockTimeIsDueThen() {
        let rb = read("""
        # R
        **Launch:** 09:00

        ## Canary procedure

        **Step 1: Initialize canary (08:15)**

            kubectl set image deployment/api api=api:v2

        **Step 3: Validate canary (08:25 - 08:45)**

        - [ ] Error rate is flat
        """)
        let initialize = rb.steps.first { $0.text.hasPrefix("Step 1") }
        #expect(initialize?.window.map { [$0.start.nominalSeconds, $0.end.nominalSeconds] } == [-2700, -2700])
        let validate = rb.steps.first { $0.text.hasPrefix("Step 3") }
        #expect(validate?.window.map { [$0.start.nominalSeconds, $0.end.nominalSeconds] } == [-2100, -900])
        #expect(start(rb, "Error rate is flat") == -2100, "its checks take its time")
    }

    @Test func placingNeverTrapsOnSaturatedOffsets() {
        let clock = TimeWindow(TimeAnchor(wallClock: WallClock(startMinute: 600, endMinute: 600), text: "10:00", matchedLength: 5))
        for extreme in [Int.min, Int.max, Int.min + 1, Int.max - 1] {
            let base = TimeWindow(start: TimeOffset(days: 0, seconds: extreme), end: TimeOffset(days: 0, seconds: extreme))
            #expect(WallClockPlacement.place(clock, launchMinute: 540, base: base) != nil)
            let far = TimeWindow(start: TimeOffset(days: extreme, seconds: 0), end: TimeOffset(days: extreme, seconds: 0))
            _ = WallClockPlacement.inOrder(far, after: base)
            _ = WallClockPlacement.inOrder(base, after: far)
        }
        #expect(WallClockPlacement.ceilingDivide(-90_000, 86_400) == -1)
        #expect(WallClockPlacement.ceilingDivide(90_000, 86_400) == 2)
        #expect(WallClockPlacement.ceilingDivide(-86_400, 86_400) == -1)
        #expect(WallClockPlacement.ceilingDivide(Int.max, 86_400) == Int.max / 86_400 + 1)
        #expect(WallClockPlacement.ceilingDivide(Int.min, 86_400) == Int.min / 86_400)
    }
}
