import Foundation
import Hummingbird
import LiftoffKit
import LiftoffProbes
import LiftoffTestSupport
import LiftoffWatcher
import Testing

/// A real Prometheus scrapes an exporter whose error ratio the test drives; the watcher's
/// trigger goes pending, resets on a false evaluation, fires at the right time, and the manual
/// rollback waits for the rollback authority.
@Suite(.enabled(if: Tools.available("prometheus")))
struct PrometheusTriggerTests {
    static func runbook(t0Offset: String = "T-0") -> String {
        """
        # Checkout

        **Rollback Authority:** Engineering Lead

        ## \(t0Offset): Deploy

        - [ ] Deploy the release

        <!-- liftoff: trigger error rate: error rate > 1% for 3s every 1s then rollback -->

        ## Rollback Procedure

        1. Revert: `sh {{ROLLBACK}}`
        """
    }

    @Test func errorRateGoesPendingResetsThenFiresAndWaitsForConfirmation() async throws {
        guard let prometheus = Tools.path("prometheus") else {
            Issue.record("prometheus is not installed (CI=true): apt-get install prometheus")
            return
        }
        let ratio = Box(0.0)
        let router = Router()
        router.get("/metrics") { _, _ -> String in
            "# TYPE liftoff_test_error_ratio gauge\nliftoff_test_error_ratio{service=\"checkout\"} \(ratio.value)\n"
        }
        try await TestHTTPServer.with(router) { exporterPort in
            let dir = try OwnedProcess.temporaryDirectory("liftoff-prom")
            try """
            global:
              scrape_interval: 500ms
            scrape_configs:
              - job_name: checkout
                static_configs:
                  - targets: ["127.0.0.1:\(exporterPort)"]
            """.write(to: dir.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
            let port = Tools.freePort()
            let server = try OwnedProcess(prometheus, ["--config.file=\(dir.path)/prometheus.yml", "--storage.tsdb.path=\(dir.path)/data",
                                                        "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"], directory: dir)
            defer { server.stop() }
            let url = "http://127.0.0.1:\(port)"
            let query = "max(liftoff_test_error_ratio)"
            // Until the first scrape the answer is empty.
            var ready = false
            for _ in 0..<80 where !ready {
                ready = ((try? await PrometheusQuerier().query(query, baseURL: url, timeout: 2))?.samples.isEmpty == false)
                if !ready { try await Task.sleep(for: .milliseconds(250)) }
            }
            try #require(ready, "Prometheus never scraped the exporter:\n\(server.output)")

            let scriptDir = try Repository.temporaryDirectory("liftoff-prom-rollback")
            let log = scriptDir.appendingPathComponent("rollback.log")
            let script = scriptDir.appendingPathComponent("rollback.sh")
            try "echo reverted >> '\(log.path)'\n".write(to: script, atomically: true, encoding: .utf8)
            let vars = """
            prometheus: \(url)
            signals:
              error rate: \(query)
            ROLLBACK: \(script.path)
            """
            let launch = try await WatchedLaunch(runbook: Self.runbook(), vars: vars, t0: Date().addingTimeInterval(-60), now: nil)
            // An open store must be closed even when an expectation throws (sqlite-nio asserts).
            do {
                let watcher = launch.watcher(WatcherEnvironment(variables: [:]))

                // A scrape that lands late can make one evaluation see no data (held under nodata=hold,
                // recorded as `nodata`); the ok/pending/firing story is what this test is about.
                func changes() async throws -> [TriggerChanged] {
                    try await launch.events().filter { $0.type == "trigger.changed" }.map { try $0.decode(TriggerChanged.self) }.filter { $0.state != .nodata }
                }
                func passUntil(_ what: String, seconds: Double = 20, _ done: ([TriggerChanged]) -> Bool) async throws {
                    let deadline = Date().addingTimeInterval(seconds)
                    while Date() < deadline {
                        await watcher.pass()
                        if done(try await changes()) { return }
                        try await Task.sleep(for: .milliseconds(200))
                    }
                    Issue.record("timed out waiting for \(what): \(try await changes().map(\.state))")
                }

                await watcher.pass()
                try #require(try await launch.state().triggerRules.map(\.id) == ["error-rate"])
                #expect(try await changes().isEmpty, "0% is ok; ok → ok is no change")

                ratio.value = 0.05
                try await passUntil("pending", seconds: 60) { $0.last?.state == .pending }
                ratio.value = 0
                try await passUntil("reset to ok", seconds: 60) { $0.last?.state == .ok }
                #expect(try await changes().map(\.state) == [.pending, .ok], "a false evaluation resets pending")

                ratio.value = 0.05
                // Generous: under the whole parallel suite scrapes of this process can lag for a while.
                try await passUntil("firing", seconds: 90) { $0.last?.state == .firing }
                let all = try await changes()
                guard all.map(\.state) == [.pending, .ok, .pending, .firing] else {
                    Issue.record("trigger states: \(all.map(\.state))")
                    await launch.close()
                    return
                }
                let held = all[3].observedAt.timeIntervalSince(all[2].observedAt)
                // Never before the window. No upper bound: under the whole parallel suite Prometheus's
                // 500 ms scrapes of this process can time out, and the evaluations in between see no
                // data (held, not firing) — the exact deadline is pinned by the restart tests.
                print("fired \(held) s after the second pending observation")
                #expect(held >= 3, "fires once the condition held for 3 s (held \(held) s)")
                #expect(all[3].value == 0.05)

                let events = try await launch.events()
                let request = try #require(events.first { $0.type == "rollback.requested" }).decode(RollbackRequested.self)
                #expect(request.policy == .manual && request.trigger == "error-rate" && request.value == 0.05)
                await watcher.pass()
                #expect(try await launch.events().filter { $0.type == "action.ran" }.isEmpty, "manual policy: nothing runs before confirmation")
                #expect(!FileManager.default.fileExists(atPath: log.path))

                try await launch.act(.confirmRollback(comment: "confirmed"), as: LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false))
                await watcher.pass()
                #expect(try await launch.state().ended?.outcome == .rolledBack)
                #expect(try String(contentsOf: log, encoding: .utf8) == "reverted\n")
                #expect(EventChain.verify(try await launch.events()) == nil)
            } catch {
                await launch.close()
                throw error
            }
            await launch.close()
        }
    }
}

final class Box<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
