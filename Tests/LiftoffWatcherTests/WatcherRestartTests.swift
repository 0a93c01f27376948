import Foundation
import Hummingbird
import LiftoffKit
import LiftoffTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `liftoff watch` as a process, killed with SIGKILL while a trigger is pending: the restarted
/// watcher continues the same `for` window from the log, fires once, and the chain verifies.
@Suite struct WatcherRestartTests {
    @Test func aKilledWatcherContinuesThePendingWindow() async throws {
        guard let liftoff = ProcessRunner.liftoff else {
            Issue.record("the built liftoff binary is missing (swift build first)")
            return
        }
        // A Prometheus stand-in: the query API answering one series above the threshold.
        let router = Router()
        router.get("/api/v1/query") { _, _ -> Response in
            let body = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"service":"checkout"},"value":[1,"0.05"]}]}}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(string: body)))
        }
        try await TestHTTPServer.with(router) { port in
            let runbook = """
            # Checkout

            ## T-0: Deploy

            <!-- liftoff: trigger error rate: error rate > 1% for 6s every 1s then alert -->
            """
            let vars = "prometheus: http://127.0.0.1:\(port)\nsignals:\n  error rate: sum(errors)\n"
            let launch = try await WatchedLaunch(runbook: runbook, vars: vars, t0: Date().addingTimeInterval(-60), now: nil)
            let logs = try OwnedProcess.temporaryDirectory("liftoff-watch-proc")
            func start() throws -> OwnedProcess {
                let dir = logs.appendingPathComponent(UUID().uuidString)
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                return try OwnedProcess(liftoff.path, ["watch", "\(launch.launch)", "--db", "sqlite:\(launch.databasePath)", "--interval", "200ms"], directory: dir)
            }
            func changes() async throws -> [TriggerChanged] {
                try await launch.events().filter { $0.type == "trigger.changed" }.map { try $0.decode(TriggerChanged.self) }
            }
            func wait(for state: TriggerStatus, _ process: OwnedProcess, seconds: Double = 30) async throws {
                let deadline = Date().addingTimeInterval(seconds)
                while Date() < deadline, process.isRunning {
                    if try await changes().contains(where: { $0.state == state }) { return }
                    try await Task.sleep(for: .milliseconds(100))
                }
                Issue.record("no \(state) change; watcher output:\n\(process.output)")
            }

            let first = try start()
            try await wait(for: .pending, first)
            kill(first.pid, SIGKILL)
            _ = first.isRunning
            first.stop()
            let pending = try #require(try await changes().first)
            // Down for a while, then back: the window counts from the first observation.
            try await Task.sleep(for: .seconds(2))
            let second = try start()
            try await wait(for: .firing, second)
            // SIGTERM is a graceful stop: exit status 0.
            kill(second.pid, SIGTERM)
            for _ in 0..<100 where second.isRunning { try await Task.sleep(for: .milliseconds(50)) }
            #expect(second.waitStatus == 0, "exit status \(second.waitStatus.map(String.init) ?? "none"): \(second.output)")
            second.stop()

            let all = try await changes()
            #expect(all.map(\.state) == [.pending, .firing], "one pending, one firing: the window was not restarted")
            if all.count == 2 {
                let held = all[1].observedAt.timeIntervalSince(pending.observedAt)
                #expect(held >= 6 && held < 9, "fired 6 s after the first observation, not 6 s after the restart (\(held) s)")
            }
            #expect(EventChain.verify(try await launch.events()) == nil)
            try? FileManager.default.removeItem(at: logs)
            await launch.close()
        }
    }
}
