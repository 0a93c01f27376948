import Foundation
import LiftoffKit
import LiftoffTestSupport
import LiftoffWatcher
import Testing

/// A 10/50/100 shift against a real command that records the weights it is given; a failure
/// injected at 50% aborts the shift, and the rollback procedure runs its real commands.
@Suite struct ShiftAndRollbackWatchTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_112_000)

    static let runbook = """
    # Checkout

    **Rollback Authority:** Engineering Lead

    ## T-0: Deploy

    - [ ] Shift traffic to green

      ```liftoff
      shift:
        stages: [10, 50, 100]
        pause: 5m
        command: sh {{WEIGHT_SCRIPT}} {{weight}}
      ```

    ## Rollback Procedure

    1. Point traffic back to blue

       ```bash
       sh {{ROLLBACK_SCRIPT}} blue {{TOKEN}}
       ```

    2. Flush the CDN: `sh {{ROLLBACK_SCRIPT}} cdn`
    """

    /// Scripts that append what they were asked to a log; `set-weight` fails at `failAt`.
    static func scripts(in dir: URL, failAt: Int?) throws -> (weights: URL, rollback: URL, log: URL) {
        let log = dir.appendingPathComponent("calls.log")
        let weights = dir.appendingPathComponent("set-weight.sh")
        let fail = failAt.map { "[ \"$1\" = \"\($0)\" ] && { echo 'upstream rejected weight' >&2; exit 7; }\n" } ?? ""
        try "\(fail)echo \"weight $1\" >> '\(log.path)'\necho \"weight set to $1\"\n".write(to: weights, atomically: true, encoding: .utf8)
        let rollback = dir.appendingPathComponent("rollback.sh")
        try "echo \"rollback $1 $2\" >> '\(log.path)'\necho \"rolled back $1 with token $2\"\n".write(to: rollback, atomically: true, encoding: .utf8)
        return (weights, rollback, log)
    }

    static func vars(_ s: (weights: URL, rollback: URL, log: URL), policy: String) -> String {
        """
        WEIGHT_SCRIPT: \(s.weights.path)
        ROLLBACK_SCRIPT: \(s.rollback.path)
        TOKEN: env:LIFTOFF_TEST_ROLLBACK_TOKEN
        rollback: \(policy)
        """
    }

    @Test func allStagesPassAndTheShiftStepIsDone() async throws {
        let dir = try Repository.temporaryDirectory("liftoff-shift")
        let s = try Self.scripts(in: dir, failAt: nil)
        let launch = try await WatchedLaunch(runbook: Self.runbook, vars: Self.vars(s, policy: "auto"), t0: Self.t0, now: Self.t0.addingTimeInterval(-60))
        let watcher = launch.watcher(WatcherEnvironment(variables: [:]))
        await watcher.pass()
        #expect(try await launch.events().filter { $0.type == "shift.stage" }.isEmpty, "the shift starts at its step's time")
        for _ in 0..<3 {
            launch.advance(5 * 60 + 1)
            await watcher.pass()
        }
        launch.advance(5 * 60 + 1)
        await watcher.pass()
        let stages = try await launch.events().filter { $0.type == "shift.stage" }.map { try $0.decode(ShiftStage.self) }
        #expect(stages.map { "\($0.weight) \($0.state.rawValue)" } == ["10 started", "10 passed", "50 started", "50 passed", "100 started", "100 passed"])
        #expect(try String(contentsOf: s.log, encoding: .utf8) == "weight 10\nweight 50\nweight 100\n")
        let state = try await launch.state()
        #expect(state.progress(of: "t-0-deploy/shift-traffic-to-green").state == .done)
        #expect(state.progress(of: "t-0-deploy/shift-traffic-to-green").note == "traffic shifted 10% → 50% → 100%")
        #expect(state.ended == nil)
        await launch.close()
    }

    @Test func aFailureAtFiftyAbortsAndTheRollbackRunsInOrder() async throws {
        let dir = try Repository.temporaryDirectory("liftoff-shift")
        let s = try Self.scripts(in: dir, failAt: 50)
        let launch = try await WatchedLaunch(runbook: Self.runbook, vars: Self.vars(s, policy: "auto"), t0: Self.t0, now: Self.t0)
        let secret = "s3cr3t-\(UUID().uuidString.prefix(8))"
        let watcher = launch.watcher(WatcherEnvironment(variables: ["LIFTOFF_TEST_ROLLBACK_TOKEN": secret]))
        await watcher.pass()
        launch.advance(5 * 60 + 1)
        await watcher.pass()

        let events = try await launch.events()
        let stages = try events.filter { $0.type == "shift.stage" }.map { try $0.decode(ShiftStage.self) }
        #expect(stages.map { "\($0.weight) \($0.state.rawValue)" } == ["10 started", "10 passed", "50 aborted"])
        #expect(stages.last?.reason?.contains("exited 7") == true, "\(stages.last?.reason ?? "")")
        let actions = try events.filter { $0.type == "action.ran" }.map { try $0.decode(ActionRan.self) }
        #expect(actions.map(\.purpose) == [.shift, .shift, .rollback, .rollback])
        #expect(actions[1].exitCode == 7 && actions[1].output?.contains("upstream rejected weight") == true)
        #expect(actions[2].command == "sh {{ROLLBACK_SCRIPT}} blue {{TOKEN}}", "events keep the command as written")
        #expect(actions[2].output == "rolled back blue with token ****\n", "the secret is masked")
        #expect(try String(contentsOf: s.log, encoding: .utf8) == "weight 10\nrollback blue \(secret)\nrollback cdn \n")
        let types = events.map(\.type)
        #expect(types.contains("rollback.requested") && types.contains("rollback.confirmed"))
        #expect(types.contains("launch.ended") && types.last == "status.posted")
        #expect(try await launch.state().statuses.last?.message == "Launch ended: rolled-back (rollback procedure completed)")
        let state = try await launch.state()
        #expect(state.ended?.outcome == .rolledBack)
        #expect(!events.contains { String(describing: $0.payload).contains(secret) }, "the secret is in no event")
        await launch.close()
    }

    @Test func manualPolicyWaitsForTheRollbackAuthority() async throws {
        let dir = try Repository.temporaryDirectory("liftoff-shift")
        let s = try Self.scripts(in: dir, failAt: 10)
        let launch = try await WatchedLaunch(runbook: Self.runbook, vars: Self.vars(s, policy: "manual"), t0: Self.t0, now: Self.t0)
        let watcher = launch.watcher(WatcherEnvironment(variables: ["LIFTOFF_TEST_ROLLBACK_TOKEN": "t"]))
        await watcher.pass()
        launch.advance(60)
        await watcher.pass()
        #expect(try await launch.events().filter { $0.type == "action.ran" }.count == 1, "only the failed shift command; the rollback waits")
        let posts = try await launch.state().statuses.map(\.message)
        #expect(posts.contains { $0.hasPrefix("Rollback requested") && $0.contains("waiting for Engineering Lead") }, "\(posts)")

        let owner = LaunchActor(name: "pat", roles: ["Product Owner"], admin: false)
        await #expect(throws: Error.self) { try await launch.act(.confirmRollback(comment: nil), as: owner) }
        let lead = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)
        try await launch.act(.confirmRollback(comment: "error budget gone"), as: lead)
        await watcher.pass()
        let state = try await launch.state()
        #expect(state.ended?.outcome == .rolledBack)
        #expect(try String(contentsOf: s.log, encoding: .utf8) == "rollback blue t\nrollback cdn \n")
        await launch.close()
    }
}
