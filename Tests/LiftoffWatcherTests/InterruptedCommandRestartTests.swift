import Foundation
import LiftoffKit
import LiftoffTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `liftoff watch` killed with SIGKILL while a slow rollback command runs: the restarted
/// watcher finds the command started and never finished, and waits for the rollback authority
/// instead of running it again; after "done" the procedure goes on. The command ran once.
@Suite struct InterruptedCommandRestartTests {
    @Test func aKilledWatcherDoesNotRunTheCommandAgain() async throws {
        guard let liftoff = ProcessRunner.liftoff else {
            Issue.record("the built liftoff binary is missing (swift build first)")
            return
        }
        let files = try OwnedProcess.temporaryDirectory("liftoff-interrupted")
        defer { try? FileManager.default.removeItem(at: files) }
        let log = files.appendingPathComponent("runs.log")
        let pids = files.appendingPathComponent("pids")
        let runbook = """
        # Checkout

        ## T-0: Deploy

        - [ ] Deploy

        ## Rollback Procedure

        1. Run the down migration

           ```bash
           echo $$ >> {{PIDS}}; echo run >> {{LOG}}; sleep 30; echo finished >> {{LOG}}
           ```

        2. Flush the CDN

           ```bash
           echo flushed >> {{LOG}}
           ```
        """
        let vars = "LOG: \(log.path)\nPIDS: \(pids.path)\nrollback: auto\n"
        let launch = try await WatchedLaunch(runbook: runbook, vars: vars, t0: Date().addingTimeInterval(-60), now: nil)
        let admin = LaunchActor(name: "ada", roles: ["Release Manager"], admin: true)
        try await launch.act(.requestRollback(reason: "error rate"), as: admin)
        func start() throws -> OwnedProcess {
            let dir = files.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return try OwnedProcess(liftoff.path, ["watch", "\(launch.launch)", "--db", "sqlite:\(launch.databasePath)", "--interval", "200ms", "--exit-when-ended"], directory: dir)
        }
        func runs() -> [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        func types() async throws -> [String] { try await launch.events().map(\.type) }

        let first = try start()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, first.isRunning, !runs().contains("run") { try await Task.sleep(for: .milliseconds(100)) }
        #expect(runs() == ["run"], "the command started; watcher output:\n\(first.output)")
        kill(first.pid, SIGKILL)
        _ = first.isRunning
        first.stop()
        // The command's own process group outlived the watcher: end it, as a crash of the host would.
        for pid in ((try? String(contentsOf: pids, encoding: .utf8)) ?? "").split(separator: "\n").compactMap({ Int32($0) }) {
            kill(-pid, SIGKILL)
        }
        #expect(try await types().contains("action.started"))
        #expect(try await !types().contains("action.ran"))

        let second = try start()
        // Many passes of 200 ms: none may run the command again.
        try await Task.sleep(for: .seconds(3))
        #expect(runs() == ["run"], "the restarted watcher ran the interrupted command again")
        #expect(try await !types().contains("action.ran"))
        #expect(second.output.contains("never finished"), "the watcher says what it waits for:\n\(second.output)")
        let state = try await launch.state()
        #expect(state.interrupted.count == 1)
        #expect(state.ended == nil)

        try await launch.act(.resolveAction(.done, comment: "the migration completed, checked by hand"), as: admin)
        let end = Date().addingTimeInterval(60)
        while Date() < end, second.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        let output = second.output
        second.stop()
        let record = try await launch.events().map { "\($0.type) \($0.payload)" }.joined(separator: "\n")
        #expect(runs() == ["run", "flushed"], "the next step ran, the interrupted one did not: \(output)\n\(record)")
        #expect(try await launch.state().ended?.outcome == .rolledBack)
        #expect(EventChain.verify(try await launch.events()) == nil)
        await launch.close()
    }
}
