import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import LiftoffRender
import Testing

/// Starting steps, readiness, holds, the overrun warning and freezes, as the decider and the
/// state see them.
@Suite struct ClockRulesTests {
    @Test func readinessSaysWhatAWaitingStepWaitsFor() throws {
        var c = ClockFixture()
        let state = try c.state
        let early = ClockFixture.time(-120)
        let freeze = try #require(state.plan.step(try c.id("Freeze merges")))
        guard case .waiting(let reasons) = state.readiness(of: freeze, now: early) else { Issue.record("not waiting"); return }
        #expect(reasons == [.window(opens: ClockFixture.time(-60))])
        #expect(state.readiness(of: freeze, now: ClockFixture.time(-60)) == .ready)
        let backup = try #require(state.plan.step(try c.id("Back up")))
        #expect(state.readiness(of: backup, now: ClockFixture.time(-60)) == .waiting([.step(id: freeze.id, text: freeze.text, state: .pending)]))
        let deploy = try #require(state.plan.step(try c.id("Deploy the release")))
        #expect(state.readiness(of: deploy, now: ClockFixture.time(1)) == .waiting([.gate(id: try c.gate, title: "T-30m: Go/No-Go")]))
        #expect(state.readyNow(now: ClockFixture.time(-60)).map(\.id) == [freeze.id])

        try c.at(-59, .startStep(step: freeze.id))
        #expect(try c.state.readiness(of: freeze, now: ClockFixture.time(-58)) == .inProgress(since: ClockFixture.time(-59)))
        #expect(try c.state.inProgress.map(\.id) == [freeze.id])
        try c.done("Freeze merges", at: -50)
        let done = try c.state.progress(of: freeze.id)
        #expect(done.state == .done)
        #expect(done.startedAt == ClockFixture.time(-59), "marking keeps when it was started")
        #expect(try c.state.readiness(of: backup, now: ClockFixture.time(-50)) == .ready)
    }

    @Test func startingIsRefusedWhenDoneAlreadyStartedOrBehindAGate() throws {
        var c = ClockFixture()
        let freeze = try c.id("Freeze merges")
        try c.at(-60, .startStep(step: freeze))
        #expect(throws: Refusal.self) { try c.at(-59, .startStep(step: freeze)) }
        try c.done("Freeze merges", at: -55)
        #expect(throws: Refusal.self) { try c.at(-54, .startStep(step: freeze)) }
        let blocked = try #require(LaunchFixture.refusal(try c.f.run(.startStep(step: try c.id("Deploy the release")), as: ClockFixture.lead)))
        #expect(blocked.kind == .blockedByGate)
        try c.at(-53, .markStep(step: freeze, mark: .reopened, note: nil))
        #expect(try c.state.progress(of: freeze).startedAt == nil, "reopening starts over")
    }

    @Test func holdAndResume() throws {
        var c = ClockFixture()
        try c.at(-10, .hold(reason: "database team investigating"))
        let held = try #require(try c.state.hold)
        #expect(held.by == "lee")
        #expect(held.reason == "database team investigating")
        #expect(try c.state.shiftStop(now: ClockFixture.time(0))?.contains("on hold") == true)
        #expect(throws: Refusal.self) { try c.at(-9, .hold(reason: "again")) }
        #expect(throws: Refusal.self) { try c.at(-9, .hold(reason: "  ")) }
        let stranger = LaunchActor(name: "pat", roles: ["Product Owner"], admin: false)
        let refused = try #require(LaunchFixture.refusal(try c.f.run(.resume(note: nil), as: stranger)))
        #expect(refused.kind == .forbidden)
        try c.at(-5, .resume(note: "all clear"))
        #expect(try c.state.hold == nil)
        #expect(throws: Refusal.self) { try c.at(-4, .resume(note: nil)) }
        let snapshot = try LaunchSnapshot.decode(LaunchSnapshot(try c.state).encoded())
        #expect(snapshot.state().hold == nil)
    }

    @Test func aHeldLaunchRecordsCheckResultsButDecidesNoGate() throws {
        let runbook = ClockFixture.runbook.replacingOccurrences(of: "Required approvals from:", with: """
        <!-- liftoff: check http GET https://shop.example.com/healthz expect status == 200 -->

        Required approvals from:
        """)
        var c = ClockFixture(runbook: runbook)
        let gate = try c.gate
        try c.at(-40, .vote(gate: gate, role: "Engineering Lead", vote: .go, comment: nil))
        try c.at(-39, .hold(reason: "wait"))
        let check = try #require(try c.state.gateChecks[gate]?.first)
        let ran = CheckRan(check: check, gate: nil, step: nil, result: .pass, expected: "status == 200", observed: "200")
        try c.at(-38, .recordChecks([ran]), as: .system)
        #expect(try c.state.gates[gate]?.decision == .open, "held: evidence recorded, nothing decided")
        #expect(try c.state.checkResults[check]?.result == .pass)
        try c.at(-37, .resume(note: nil))
        try c.at(-36, .recordChecks([ran]), as: .system)
        #expect(try c.state.gates[gate]?.decision == .go)
    }

    @Test func theOverrunIsToldOnceWithAStatusUpdate() throws {
        var c = ClockFixture()
        #expect(ForecastAlarm.overrun(try c.state, now: ClockFixture.time(-120)) == nil, "on time, and not under way")
        // Nothing is done by T+50: everything left is forecast from now, far past T+1h.
        let late = try #require(ForecastAlarm.overrun(try c.state, now: ClockFixture.time(50)))
        #expect(late.windowEnd == ClockFixture.time(60))
        #expect(late.forecastEnd > late.windowEnd)
        c.f.now = ClockFixture.time(50)
        c.f.append(EventDraft(actor: "system", late))
        let state = try c.state
        #expect(state.forecastOverrun == late)
        #expect(ForecastAlarm.overrun(state, now: ClockFixture.time(55)) == nil, "told once")
        let last = try #require(c.f.events.last)
        let post = try #require(StatusMilestones.update(for: last, in: state))
        #expect(post.milestone == StatusMilestones.forecastOverrun)
        #expect(post.status == .yellow)
        #expect(post.message.hasPrefix("Forecast over the window by "))
        #expect(post.message.contains("critical path runs through"))
    }

    @Test func statusTextShowsTheForecastAndWhatIsReadyAndWaiting() throws {
        var c = ClockFixture()
        try c.done("Freeze merges", at: -50)
        try c.at(-45, .startStep(step: try c.id("Back up")))
        let report = LaunchStatusReport(state: try c.state, now: ClockFixture.time(-40))
        let text = report.text(all: false)
        #expect(text.contains("forecast: forecast end 09:40 CET (window closes 10:00 CET, 20 min to spare)"), "\(text)")
        #expect(text.contains("in progress (1):\n  ▶ Back up the database (~20 min), started"))
        #expect(text.contains("waiting (1):\n  … Announce the freeze — waits for 'Back up the database (~20 min)'"), "\(text)")
        let json = report.json(all: true)
        guard case .object(let fields) = json, case .object(let forecast)? = fields["forecast"] else { Issue.record("no forecast"); return }
        #expect(forecast["marginSeconds"] == .int(1200))
        #expect(forecast["over"] == .bool(false))
        #expect(fields["inProgress"].map { if case .array(let a) = $0 { a.count } else { -1 } } == 1)
    }

    @Test func freezeWindowsWeeklyAndDated() throws {
        let oslo = try #require(TimeZone(identifier: "Europe/Oslo"))
        let utc = try #require(TimeZone(identifier: "UTC"))
        let weekend = try FreezeWindow.parse("Fri 16:00 – Mon 08:00 Europe/Oslo", timeZone: utc)
        func at(_ s: String) throws -> Date { try #require(Schedule.parseLocalDateTime(s, timeZone: oslo)) }
        #expect(weekend.contains(try at("2026-12-04T16:00")), "Friday 16:00")
        #expect(weekend.contains(try at("2026-12-06T12:00")), "Sunday")
        #expect(!weekend.contains(try at("2026-12-07T08:00")), "Monday 08:00 is open again")
        #expect(!weekend.contains(try at("2026-12-04T15:59")))
        #expect(weekend.overlaps(try at("2026-12-04T15:00"), try at("2026-12-04T17:00")))
        #expect(!weekend.overlaps(try at("2026-12-01T09:00"), try at("2026-12-01T11:00")))
        let holidays = try FreezeWindow.parse("2026-12-21 – 2027-01-04", timeZone: oslo)
        #expect(holidays.contains(try at("2027-01-04T23:59")), "a bare end date counts whole")
        #expect(!holidays.contains(try at("2027-01-05T00:00")))
        #expect(throws: FreezeWindow.ParseError.self) { try FreezeWindow.parse("whenever", timeZone: oslo) }
        #expect(throws: InputError.self) { try LaunchVariables.parse("freeze: sometime soon", file: "vars.yaml") }
        #expect(try LaunchVariables.parse("freeze:\n  - Fri 16:00 – Mon 08:00\n  - 2026-12-21 – 2027-01-04", file: "v.yaml").freeze.count == 2)
    }

    @Test func aLaunchInsideAFreezeIsAnErrorAndAnUnreadableOneIsReported() throws {
        let runbook = RunbookExtractor.extract("""
        ---
        freeze: Fri 16:00 – Mon 08:00
        ---
        # Launch

        ## T-0: Deploy

        - [ ] Deploy
        """, file: "r.md")
        let oslo = try #require(TimeZone(identifier: "Europe/Oslo"))
        let friday = try #require(Schedule.parseLocalDateTime("2026-12-04T17:00", timeZone: oslo))
        let conflicts = FreezeWindows.conflicts(runbook, vars: nil, t0: friday, timeZone: oslo)
        #expect(conflicts.map(\.code) == ["launch-in-freeze"])
        #expect(conflicts.first?.line == 2)
        let tuesday = try #require(Schedule.parseLocalDateTime("2026-12-01T09:00", timeZone: oslo))
        #expect(FreezeWindows.conflicts(runbook, vars: nil, t0: tuesday, timeZone: oslo).isEmpty)
        let bad = RunbookExtractor.extract("---\nfreeze: Friday afternoon\n---\n# X\n", file: "r.md")
        #expect(Linter.lint(bad).contains { $0.code == "invalid-freeze" && $0.line == 2 })
    }

    @Test func creatingALaunchInsideItsFreezeIsRefused() throws {
        let source = "---\nfreeze: Fri 16:00 – Mon 08:00\n---\n# Launch\n\n## T-0: Deploy\n\n- [ ] Deploy\n"
        #expect(throws: Refusal.self) {
            try NewLaunch(name: "weekend", runbookFile: "r.md", runbookSource: source, at: "2026-12-04T17:00", timeZone: "Europe/Oslo", mode: .live, variables: nil)
        }
        let varsFreeze = try LaunchVariables.parse("freeze: 2026-12-21 – 2027-01-04", file: "v.yaml")
        #expect(throws: Refusal.self) {
            try NewLaunch(name: "holidays", runbookFile: "r.md", runbookSource: "# L\n\n- [ ] Go\n", at: "2026-12-28T10:00", timeZone: "Europe/Oslo", mode: .rehearsal, variables: varsFreeze)
        }
        let tuesday = try NewLaunch(name: "tuesday", runbookFile: "r.md", runbookSource: source, at: "2026-12-01T09:00", timeZone: "Europe/Oslo", mode: .live, variables: nil)
        #expect(tuesday.name == "tuesday")
    }
}
