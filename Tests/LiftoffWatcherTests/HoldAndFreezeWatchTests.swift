import Foundation
import LiftoffKit
import LiftoffTestSupport
import LiftoffWatcher
import Testing

/// A hold stops the line: a shift stage that falls due while held does not run, and runs after
/// the resume; a freeze window keeps shift stages from starting in the same way.
@Suite struct HoldAndFreezeWatchTests {
    static let t0 = ShiftAndRollbackWatchTests.t0
    static let lead = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)

    static func weights(_ log: URL) -> String {
        (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    }

    @Test func aStageDueDuringAHoldRunsOnlyAfterTheResume() async throws {
        let dir = try Repository.temporaryDirectory("liftoff-hold")
        let s = try ShiftAndRollbackWatchTests.scripts(in: dir, failAt: nil)
        let launch = try await WatchedLaunch(runbook: ShiftAndRollbackWatchTests.runbook, vars: ShiftAndRollbackWatchTests.vars(s, policy: "auto"),
                                             t0: Self.t0, now: Self.t0.addingTimeInterval(-60))
        let watcher = launch.watcher(WatcherEnvironment(variables: [:]))
        try await launch.act(.hold(reason: "waiting for the database team"), as: Self.lead)
        launch.advance(61)
        await watcher.pass()
        #expect(Self.weights(s.log).isEmpty, "the first stage is due at T-0 and the launch is held")
        #expect(try await launch.events().filter { $0.type == "shift.stage" }.isEmpty)
        #expect(try await launch.state().statuses.contains { $0.milestone == StatusMilestones.hold && $0.message.contains("on hold") })

        try await launch.act(.resume(note: "database team ready"), as: Self.lead)
        launch.advance(1)
        await watcher.pass()
        #expect(Self.weights(s.log) == "weight 10\n", "the stage runs once the hold is lifted")
        #expect(try await launch.state().hold == nil)
        await launch.close()
    }

    @Test func aFiringRollbackTriggerWhileHeldAsksTheAuthority() async throws {
        // Under policy auto a rollback confirms itself; while held it waits for a person.
        var state = try LaunchState.fold([EventChain.seal(EventDraft(actor: "ada", LaunchCreated(
            name: "t", runbookFile: "r.md", runbookSource: ShiftAndRollbackWatchTests.runbook, t0: Self.t0, timeZone: "UTC", mode: .live,
            variables: try LaunchVariables.parse("rollback: auto", file: "v.yaml"))), launch: 1, seq: 1, time: Self.t0, previous: EventChain.genesis)])
        #expect(LiveRules.rollbackDrafts(state, reason: "error rate", trigger: "t", value: 0.05).count == 2, "auto: requested and confirmed")
        state.hold = LaunchHold(reason: "investigating", by: "lee", at: Self.t0)
        let held = LiveRules.rollbackDrafts(state, reason: "error rate", trigger: "t", value: 0.05)
        let request = try #require(held.first)
        #expect(held.count == 1)
        #expect(try EventChain.seal(request, launch: 1, seq: 2, time: Self.t0, previous: state.lastHash).decode(RollbackRequested.self).policy == .manual)
    }

    @Test func noStageStartsInsideAFreezeWindow() async throws {
        let dir = try Repository.temporaryDirectory("liftoff-freeze")
        let s = try ShiftAndRollbackWatchTests.scripts(in: dir, failAt: nil)
        // T-0 is Tuesday 2026-12-01 09:00 Oslo: freeze Tuesday 08:00 – 10:00.
        let vars = ShiftAndRollbackWatchTests.vars(s, policy: "auto") + "\nfreeze: Tue 08:00 – Tue 10:00 Europe/Oslo\n"
        let launch = try await WatchedLaunch(runbook: ShiftAndRollbackWatchTests.runbook, vars: vars, t0: Self.t0, now: Self.t0)
        let watcher = launch.watcher(WatcherEnvironment(variables: [:]))
        await watcher.pass()
        #expect(Self.weights(s.log).isEmpty)
        launch.advance(3601)
        await watcher.pass()
        #expect(Self.weights(s.log) == "weight 10\n", "after the freeze the stage runs")
        await launch.close()
    }
}

/// The watcher tells the communications owner once when the forecast passes the window's end.
@Suite struct ForecastOverrunWatchTests {
    static let runbook = """
    # Cutover

    ## H+0:00 → H+1:00: Cutover

    1. Stop writes (~30 min)
    2. Migrate the data (~40 min)
    """

    @Test func anOverrunIsRecordedAndPostedOnce() async throws {
        let t0 = ShiftAndRollbackWatchTests.t0
        let launch = try await WatchedLaunch(runbook: Self.runbook, vars: "", t0: t0, now: t0.addingTimeInterval(-600))
        let watcher = launch.watcher(WatcherEnvironment(variables: [:]))
        await watcher.pass()
        #expect(try await launch.state().forecastOverrun == nil, "70 minutes of work in a 60-minute window, but not yet under way")
        launch.advance(601)
        await watcher.pass()
        launch.advance(60)
        await watcher.pass()
        let events = try await launch.events()
        #expect(events.filter { $0.type == "forecast.overrun" }.count == 1)
        let posts = try await launch.state().statuses.filter { $0.milestone == StatusMilestones.forecastOverrun }
        #expect(posts.count == 1)
        #expect(posts.first?.message.contains("over the window by 10 min") == true, "\(posts.first?.message ?? "")")
        await launch.close()
    }
}
