import Foundation
import Testing
@testable import LiftoffKit

/// The forecast on hand-made plans with known answers (see `ClockFixture` for the times).
@Suite struct LaunchForecastTests {
    static func minutes(_ date: Date?) -> Double? {
        date.map { $0.timeIntervalSince(ClockFixture.t0) / 60 }
    }

    @Test func beforeTheLaunchEveryStepStartsAtItsTimeOrAfterWhatItWaitsFor() throws {
        let c = ClockFixture()
        let state = try c.state
        let forecast = LaunchForecast(state, now: ClockFixture.time(-120))
        func item(_ words: String) throws -> LaunchForecast.Item { try #require(forecast.item(.step(try c.id(words)))) }
        #expect(Self.minutes(try item("Freeze merges").start) == -60)
        #expect(Self.minutes(try item("Freeze merges").end) == -50)
        #expect(Self.minutes(try item("Back up").end) == -30)
        #expect(try item("Announce").estimate == StepEstimate(seconds: 900, source: .guess))
        #expect(Self.minutes(try item("Announce").end) == -15)
        #expect(Self.minutes(forecast.item(.gate(try c.gate))?.end) == -30, "a gate takes no time of its own")
        #expect(Self.minutes(try item("Deploy the release").start) == 0, "its window opens at T-0, after the gate")
        #expect(Self.minutes(try item("Run smoke tests").end) == 25)
        #expect(try item("Run smoke tests").estimate.source == .runbook)
        #expect(Self.minutes(try item("Flip DNS").end) == 40)
        #expect(Self.minutes(forecast.end) == 40)
        #expect(Self.minutes(forecast.windowEnd) == 60)
        #expect(forecast.margin.map { Int($0.rounded()) } == 1200)
        #expect(!forecast.isOver)
        #expect(forecast.criticalPath == [.step(try c.id("Deploy the release")), .step(try c.id("Run smoke tests")), .step(try c.id("Flip DNS"))])
    }

    @Test func slackIsHowMuchLaterANodeCouldEndWithoutMovingTheEnd() throws {
        let c = ClockFixture()
        let forecast = LaunchForecast(try c.state, now: ClockFixture.time(-120))
        func slack(_ node: ClockNode) -> Double? { forecast.item(node).map { $0.slack / 60 } }
        #expect(slack(.step(try c.id("Flip DNS"))) == 0)
        #expect(slack(.step(try c.id("Deploy the release"))) == 0)
        #expect(slack(.step(try c.id("Announce"))) == 55)
        #expect(slack(.step(try c.id("Back up"))) == 55)
        #expect(slack(.step(try c.id("Freeze merges"))) == 55)
        #expect(slack(.gate(try c.gate)) == 30)
        #expect(forecast.item(.step(try c.id("Flip DNS")))?.critical == true)
        #expect(forecast.item(.step(try c.id("Announce")))?.critical == false)
    }

    @Test func theForecastSaysItInOneLine() throws {
        let c = ClockFixture()
        let state = try c.state
        let text = ForecastText(LaunchForecast(state, now: ClockFixture.time(-120)), timeZone: state.timeZone)
        #expect(text.summary == "forecast end 09:40 CET (window closes 10:00 CET, 20 min to spare)")
        let deploy = try #require(LaunchForecast(state, now: ClockFixture.time(-120)).phases.first { $0.title.hasSuffix("Deploy") })
        #expect(text.phase(deploy) == "forecast end 09:40 CET (window closes 10:00 CET, 20 min to spare)")
    }

    /// A deploy that finishes late pushes the end past the window; the path says why.
    @Test func aLateStepMovesTheForecastOverTheWindow() throws {
        var c = ClockFixture()
        try c.done("Freeze merges", at: -50)
        try c.done("Back up", at: -30)
        try c.done("Announce", at: -20)
        try c.at(-35, .vote(gate: try c.gate, role: "Engineering Lead", vote: .go, comment: nil))
        try c.at(0, .startStep(step: try c.id("Deploy the release")))
        let onTime = LaunchForecast(try c.state, now: ClockFixture.time(10))
        #expect(Self.minutes(onTime.end) == 40)
        try c.done("Deploy the release", at: 50)
        let state = try c.state
        let late = LaunchForecast(state, now: ClockFixture.time(50))
        #expect(Self.minutes(late.end) == 75)
        #expect(late.isOver)
        #expect(late.criticalPath == [.step(try c.id("Run smoke tests")), .step(try c.id("Flip DNS"))])
        let text = try #require(ForecastText(late, timeZone: state.timeZone).summary)
        #expect(text == "over the window by 15 min: forecast end 10:15 CET, window closes 10:00 CET; critical path runs through 'Run smoke tests' → 'Flip DNS'")
        #expect(late.item(.step(try c.id("Deploy the release")))?.finished == true)
        #expect(Self.minutes(late.item(.step(try c.id("Deploy the release")))?.start) == 0, "started explicitly at T-0")
    }

    @Test func aStepInProgressEndsNoEarlierThanNow() throws {
        var c = ClockFixture()
        try c.at(-60, .startStep(step: try c.id("Freeze merges")))
        let forecast = LaunchForecast(try c.state, now: ClockFixture.time(-40))
        let freeze = try #require(forecast.item(.step(try c.id("Freeze merges"))))
        #expect(freeze.inProgress)
        #expect(Self.minutes(freeze.end) == -40, "10 minutes estimated, 20 taken so far: it ends now at the earliest")
        #expect(Self.minutes(forecast.item(.step(try c.id("Back up")))?.end) == -20)
    }

    /// The night clocks go forward in Oslo (2026-03-29 02:00 CET → 03:00 CEST): a two-hour window
    /// from 01:30 holds two hours of work, and ends at 04:30 local time, not 03:30.
    @Test func aDSTNightCountsRealTime() throws {
        let runbook = """
        ## H+0:00 → H+2:00: Migration

        1. Stop writes (~30 min)
        2. Migrate the data (~45 min)
        3. Start writes (~30 min)
        """
        let oslo = try #require(TimeZone(identifier: "Europe/Oslo"))
        let t0 = try #require(Schedule.parseLocalDateTime("2026-03-29T01:30", timeZone: oslo))
        let c = ClockFixture(runbook: runbook, t0: t0, now: t0.addingTimeInterval(-3600))
        let state = try c.state
        let forecast = LaunchForecast(state, now: t0.addingTimeInterval(-3600))
        #expect(forecast.end == t0.addingTimeInterval(105 * 60))
        #expect(forecast.windowEnd == t0.addingTimeInterval(120 * 60))
        #expect(ForecastText(forecast, timeZone: state.timeZone).summary == "forecast end 04:15 CEST (window closes 04:30 CEST, 15 min to spare)")
        #expect(forecast.criticalPath.count == 3)
    }

    /// Days are calendar days: T-1d across the autumn change is 25 hours before T-0.
    @Test func aDayBeforeAcrossTheAutumnChangeIsACalendarDay() throws {
        let runbook = """
        ## T-1 Day: Preparation

        - [ ] Freeze merges (~1h)

        ## T-0: Deploy

        - [ ] Deploy (~30 min) <!-- liftoff: after="Freeze merges" -->
        """
        let zone = try #require(TimeZone(identifier: "Europe/Oslo"))
        let t0 = try #require(Schedule.parseLocalDateTime("2026-10-25T09:00", timeZone: zone))
        let c = ClockFixture(runbook: runbook, t0: t0, now: t0.addingTimeInterval(-2 * 86_400))
        let forecast = LaunchForecast(try c.state, now: t0.addingTimeInterval(-2 * 86_400))
        let freeze = try #require(forecast.item(.step(try c.id("Freeze merges"))))
        #expect(freeze.start == t0.addingTimeInterval(-25 * 3600))
        #expect(forecast.end == t0.addingTimeInterval(30 * 60))
    }

    @Test func historyGivesTheMedianWhereTheRunbookIsSilent() throws {
        let c = ClockFixture()
        let state = try c.state
        let announce = try c.id("Announce")
        let history = StepHistory(samples: [announce: [600, 1800, 1200], try c.id("Freeze merges"): [3600]])
        let forecast = LaunchForecast(state, history: history, now: ClockFixture.time(-120))
        #expect(forecast.item(.step(announce))?.estimate == StepEstimate(seconds: 1200, source: .history))
        #expect(forecast.item(.step(try c.id("Freeze merges")))?.estimate.source == .runbook, "the runbook wins over history")
        #expect(StepHistory(samples: ["a": [1, 2, 3, 10]]).median(of: "a") == 2.5)
    }

    @Test func earlierLaunchesOfTheSameRunbookGiveTheirDurations() throws {
        var rehearsal = ClockFixture()
        try rehearsal.done("Freeze merges", at: -55)
        try rehearsal.done("Back up", at: -30)
        try rehearsal.at(-29, .startStep(step: try rehearsal.id("Announce")))
        try rehearsal.done("Announce", at: -17)
        var earlier = try rehearsal.state
        earlier.launch = 7
        var live = try ClockFixture().state
        live.launch = 8
        live.createdAt = earlier.createdAt.addingTimeInterval(1)
        let history = StepHistory.of([earlier], for: live)
        #expect(history.launches == [7])
        #expect(history.samples[try rehearsal.id("Freeze merges")] == [300], "ready at its time, T-1h; done 5 minutes later")
        #expect(history.samples[try rehearsal.id("Back up")] == [1500], "ready when the freeze was done")
        #expect(history.samples[try rehearsal.id("Announce")] == [720], "started explicitly")
    }

    @Test func runbookDurationsAreReadFromProseColumnsAndAnnotations() {
        #expect(RunbookDurations.inProse("Run migrations (~15 min)") == 900)
        #expect(RunbookDurations.inProse("Warm caches, takes about 10 minutes") == 600)
        #expect(RunbookDurations.inProse("Reindex (1h 30m)") == 5400)
        #expect(RunbookDurations.inProse("Wait 5 minutes for the caches") == nil)
        #expect(RunbookDurations.read("~20 min") == 1200)
        #expect(RunbookDurations.read("soon") == nil)
        let runbook = RunbookExtractor.extract("""
        ## T-0: Cutover

        | Time | Task | Owner | Duration |
        |------|------|-------|----------|
        | H+0:00 | Stop writes | DBA | 10 min |
        | H+0:10 | Migrate | DBA | ~45m |
        """, file: "r.md")
        #expect(runbook.steps.map(\.duration) == [600, 2700])
        #expect(runbook.steps.map(\.text) == ["Stop writes", "Migrate"])
    }
}
