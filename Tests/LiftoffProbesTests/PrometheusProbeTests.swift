import LiftoffTestSupport
import Foundation
import LiftoffKit
@testable import LiftoffProbes
import Testing

@Suite("prometheus probe against a scripted /api/v1/query")
struct PrometheusFakeTests {
    func run(_ scenario: String, _ assertion: String = "value < 5", timeout: String = "") async throws -> CheckResult {
        try await TestHTTPServer.with(AcmeTestApp.router()) { port in
            try await Probing.run(#"check prometheus "max(replication_lag_seconds)" \#(timeout) expect \#(assertion)"#, prometheus: "http://127.0.0.1:\(port)/prom/\(scenario)")
        }
    }

    @Test func vectorAndScalar() async throws {
        #expect(try await run("ok").status == .pass)
        let scalar = try await run("scalar", "value < 1%")
        #expect(scalar.status == .pass, "\(scalar.summary)")
        let failing = try await run("ok", "value < 1")
        #expect(failing.summary == #"expected value < 1, observed {replica="a"} 2"#)
    }

    @Test func nanInfAndEmptyAreNoData() async throws {
        let nan = try await run("nan")
        #expect(nan.status == .nodata)
        #expect(nan.summary == "expected value < 5, no data: NaN")
        #expect(try await run("inf").status == .nodata)
        let empty = try await run("empty")
        #expect(empty.status == .nodata)
        #expect(empty.summary == "expected value < 5, no data: empty vector")
        #expect(try await run("empty", "value < 5", timeout: "nodata pass").status == .pass)
    }

    @Test func errorsAreErrors() async throws {
        #expect(try await run("error").error == #"query failed (bad_data): parse error at char 5: unexpected ")""#)
        #expect(try await run("unavailable").error == "HTTP 503 from Prometheus: Service Unavailable")
        #expect(try await run("malformed").error?.hasPrefix("malformed answer from Prometheus (not JSON)") == true)
        #expect(try await run("matrix").error?.hasPrefix("the query returned a matrix") == true)
    }

    @Test func slowReplyTimesOut() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await run("slow", timeout: "timeout 1s")
        #expect(result.status == .error)
        #expect(result.error.map { $0.contains("timed out") || $0.contains("in time") } == true, "\(result.error ?? "")")
        // The fake answers after 120 s; the probe gave up long before. The bound is loose: tests
        // that wait on child processes can hold the 2 cooperative threads, delaying timers by ~20 s.
        #expect(clock.now - start < .seconds(60))
    }

    @Test func noPrometheusURL() async throws {
        let result = try await Probing.run(#"check prometheus "up" expect value == 1"#)
        #expect(result.error == "no Prometheus URL: set `prometheus: http://…` in the vars file or pass --prometheus")
    }
}

/// The real `prometheus` scraping an exporter the test controls.
@Suite("prometheus probe against a real Prometheus", .enabled(if: Tools.available("prometheus")))
struct PrometheusRealTests {
    @Test func replicationLagFromAScrapedExporter() async throws {
        guard let prometheus = Tools.path("prometheus") else {
            Issue.record("prometheus is not installed (CI=true): apt-get install prometheus")
            return
        }
        try await TestHTTPServer.with(AcmeTestApp.router()) { exporterPort in
            let directory = try OwnedProcess.temporaryDirectory("liftoff-prometheus")
            let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: acme
                static_configs:
                  - targets: ["127.0.0.1:\(exporterPort)"]
            """
            try config.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
            let port = Tools.freePort()
            let process = try OwnedProcess(prometheus, [
                "--config.file=\(directory.path)/prometheus.yml", "--storage.tsdb.path=\(directory.path)/data",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ], directory: directory)
            defer { process.stop() }
            let url = "http://127.0.0.1:\(port)"
            let query = #"check prometheus "max(liftoff_replication_lag_seconds)" timeout 2s expect value < 5"#
            // Wait for the first scrape: until then the answer is an empty vector (no data).
            var result = try await Probing.run(query, prometheus: url)
            for _ in 0..<60 where result.status != .pass && process.isRunning {
                try await Task.sleep(for: .milliseconds(500))
                result = try await Probing.run(query, prometheus: url)
            }
            #expect(result.status == .pass, "\(result.summary)\n\(process.output)")
            #expect(result.outcomes.first?.observed == "3")
            let perReplica = try await Probing.run(#"check prometheus "liftoff_replication_lag_seconds" expect value < 2.5"#, prometheus: url)
            #expect(perReplica.summary == #"expected value < 2.5, observed {instance="127.0.0.1:\#(exporterPort)", job="acme", replica="b"} 3 (1 of 2 series)"#)
            let missing = try await Probing.run(#"check prometheus "absent_metric_xyz" expect value < 5"#, prometheus: url)
            #expect(missing.status == .nodata)
        }
    }
}
