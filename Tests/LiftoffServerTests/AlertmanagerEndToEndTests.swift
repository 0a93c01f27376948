import Foundation
import Hummingbird
import LiftoffApplication
import LiftoffKit
import LiftoffServer
import LiftoffTestSupport
import Synchronization
import Testing

/// A real Prometheus evaluates an alerting rule on an exporter the test drives and sends the
/// alert to a real Alertmanager, whose webhook posts it to the server: the bound rollback trigger
/// fires and the rollback is requested; the alert resolves and the trigger resolves with it.
@Suite(.enabled(if: Tools.available("prometheus") && Tools.available("prometheus-alertmanager")))
struct AlertmanagerEndToEndTests {
    @Test func anAlertmanagerAlertFiresTheRollbackTriggerAndItsResolutionResolvesIt() async throws {
        guard let prometheus = Tools.path("prometheus"), let alertmanager = Tools.path("prometheus-alertmanager") else {
            Issue.record("prometheus and prometheus-alertmanager must be installed (CI=true): apt-get install prometheus prometheus-alertmanager")
            return
        }
        try await TestServer.with { server in
            let ratio = Gauge()
            let router = Router()
            router.get("/metrics") { _, _ -> String in
                "# TYPE acme_api_error_ratio gauge\nacme_api_error_ratio \(ratio.value.withLock { $0 })\n"
            }
            let launch = try await AlertReceiverTests.alertLaunch(server)
            try await TestHTTPServer.with(router) { exporterPort in
                let dir = try OwnedProcess.temporaryDirectory("liftoff-alertmanager")
                let amPort = Tools.freePort()
                // group_wait and group_interval of a second keep the test short; repeat_interval
                // is long so a repeat would show as a duplicate, not as a new change.
                try """
                route:
                  receiver: liftoff
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: liftoff
                    webhook_configs:
                      - url: \(server.base)/api/v1/alerts
                        send_resolved: true
                        http_config:
                          authorization:
                            credentials: \(server.tokens.admin)
                """.write(to: dir.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
                let am = try OwnedProcess(alertmanager, ["--config.file=\(dir.path)/alertmanager.yml", "--storage.path=\(dir.path)/am",
                                                         "--web.listen-address=127.0.0.1:\(amPort)", "--cluster.listen-address=", "--log.level=warn"],
                                          directory: dir)
                defer { am.stop() }

                let promDir = try OwnedProcess.temporaryDirectory("liftoff-alert-rule")
                try """
                groups:
                  - name: acme
                    interval: 1s
                    rules:
                      - alert: AcmeAPIDown
                        expr: max(acme_api_error_ratio) > 0.05
                        labels:
                          severity: critical
                          service: acme-api
                        annotations:
                          summary: "acme-api error ratio {{ $value }}"
                """.write(to: promDir.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
                try """
                global:
                  scrape_interval: 500ms
                  evaluation_interval: 1s
                rule_files: [rules.yml]
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["127.0.0.1:\(amPort)"]
                scrape_configs:
                  - job_name: acme
                    static_configs:
                      - targets: ["127.0.0.1:\(exporterPort)"]
                """.write(to: promDir.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
                let prom = try OwnedProcess(prometheus, ["--config.file=\(promDir.path)/prometheus.yml", "--storage.tsdb.path=\(promDir.path)/data",
                                                         "--web.listen-address=127.0.0.1:\(Tools.freePort())", "--log.level=warn"], directory: promDir)
                defer { prom.stop() }

                let service = LaunchService(store: server.store)
                func changes() async throws -> [TriggerChanged] { try await AlertReceiverTests.changes(server, launch) }
                func waitFor(_ what: String, seconds: Double, _ done: ([TriggerChanged]) -> Bool) async throws {
                    let deadline = Date().addingTimeInterval(seconds)
                    while Date() < deadline {
                        if done(try await changes()) { return }
                        try await Task.sleep(for: .milliseconds(200))
                    }
                    Issue.record("timed out waiting for \(what); trigger changes: \(try await changes().map(\.state))\nalertmanager:\n\(am.output)\nprometheus:\n\(prom.output)")
                }

                ratio.value.withLock { $0 = 0.2 }
                try await waitFor("the alert to fire the trigger", seconds: 90) { $0.last?.state == .firing }
                let state = try await service.state(launch)
                #expect(state.trigger("sev1").status == .firing)
                #expect(state.rollback?.request.trigger == "sev1", "the rollback trigger requested the rollback")
                let fired = try #require(try await changes().last)
                #expect(fired.alert?.labels["alertname"] == "AcmeAPIDown")
                #expect(fired.alert?.annotations["summary"]?.hasPrefix("acme-api error ratio 0.2") == true)
                #expect(fired.alert?.generatorURL?.contains("/graph?g0.expr=") == true, "\(fired.alert?.generatorURL ?? "no generator URL")")
                #expect(fired.alert?.fingerprint?.isEmpty == false)

                ratio.value.withLock { $0 = 0 }
                try await waitFor("the resolved alert to resolve the trigger", seconds: 90) { $0.last?.state == .ok }
                #expect(try await changes().map(\.state) == [.firing, .ok], "each notification is recorded once")
                #expect(try await service.state(launch).trigger("sev1").status == .ok)
            }
        }
    }
}

/// The exporter's one value, set by the test.
final class Gauge: Sendable {
    let value = Mutex(0.0)
}
