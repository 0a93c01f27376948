import Foundation
@testable import LiftoffSandbox
import Testing

/// The PromQL subset the sandbox answers, against series built by hand.
@Suite struct SandboxQueryTests {
    static func history(_ snapshots: [(Double, [SandboxSample])]) -> [(seconds: Double, samples: [SandboxSample])] {
        snapshots.map { (seconds: $0.0, samples: $0.1) }
    }

    static func requests(_ ok: Double, _ failed: Double, env: String = "green") -> [SandboxSample] {
        [SandboxSample("http_requests_total", ["service": "acme-api", "env": env, "code": "200"], ok),
         SandboxSample("http_requests_total", ["service": "acme-api", "env": env, "code": "500"], failed)]
    }

    @Test func anErrorRatioIsTheRateOfFailuresOverTheRateOfAll() throws {
        let h = Self.history([(0, Self.requests(100, 0)), (5, Self.requests(150, 1)), (10, Self.requests(190, 10))])
        let q = try SandboxQuery(#"sum(rate(http_requests_total{service="acme-api",code=~"5.."}[10s])) / sum(rate(http_requests_total{service="acme-api"}[10s]))"#)
        let result = q.evaluate(history: h)
        #expect(result.count == 1)
        #expect(abs((result.first?.value ?? 0) - 10.0 / 100.0) < 1e-9)
    }

    @Test func noTrafficIsNotANumberSoTriggersSeeNoData() throws {
        let h = Self.history([(0, Self.requests(100, 0)), (10, Self.requests(100, 0))])
        let q = try SandboxQuery(#"sum(rate(http_requests_total{code=~"5.."}[10s])) / sum(rate(http_requests_total[10s]))"#)
        #expect(q.evaluate(history: h).first?.value.isNaN == true)
    }

    @Test func byKeepsTheGroupingLabels() throws {
        let h = Self.history([(0, Self.requests(0, 0, env: "blue") + Self.requests(0, 0)), (10, Self.requests(50, 0, env: "blue") + Self.requests(20, 5))])
        let q = try SandboxQuery("sum by (env) (rate(http_requests_total[10s]))")
        let byEnv = Dictionary(uniqueKeysWithValues: q.evaluate(history: h).map { ($0.labels["env"] ?? "", $0.value) })
        #expect(byEnv == ["blue": 5, "green": 2.5])
    }

    @Test func histogramQuantileInterpolatesLikePrometheus() {
        // 100 observations: 50 ≤ 0.1, 90 ≤ 0.5, 100 ≤ 1.
        let buckets: [(bound: Double, count: Double)] = [(0.1, 50), (0.5, 90), (1, 100), (.infinity, 100)]
        #expect(abs(SandboxQuery.histogramQuantile(0.5, buckets) - 0.1) < 1e-9)
        #expect(abs(SandboxQuery.histogramQuantile(0.7, buckets) - 0.3) < 1e-9)
        #expect(abs(SandboxQuery.histogramQuantile(0.99, buckets) - 0.95) < 1e-9)
        #expect(SandboxQuery.histogramQuantile(0.5, [(0.1, 0), (.infinity, 0)]).isNaN)
    }

    @Test func theSandboxSeriesAnswerTheExampleSignals() throws {
        var traffic = SandboxTraffic(blueSHA: "a", greenSHA: "b", requestsPerSecond: 1000, seed: 7)
        var h: [(seconds: Double, samples: [SandboxSample])] = [(0, traffic.samples(at: 0))]
        traffic.greenWeight = 50
        traffic.set("green") { $0.errorRatio = 0.2 }
        for t in 1...10 {
            traffic.advance(by: 1)
            h.append((Double(t), traffic.samples(at: Double(t))))
        }
        let errors = try SandboxQuery(#"sum(rate(http_requests_total{service="acme-api",code=~"5.."}[10s])) / sum(rate(http_requests_total{service="acme-api"}[10s]))"#).evaluate(history: h)
        // Half the traffic fails 20%, the other half 0.1%.
        #expect(abs((errors.first?.value ?? 0) - 0.1005) < 0.02)
        let p99 = try SandboxQuery(#"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="acme-api"}[10s])))"#).evaluate(history: h)
        #expect((p99.first?.value ?? 0) > 0.1 && (p99.first?.value ?? 9) < 2.5)
        let queue = try SandboxQuery(#"max(acme_worker_queue_depth{service="acme-worker"})"#).evaluate(history: h)
        #expect((queue.first?.value ?? -1) >= 0)
    }

    @Test(arguments: ["topk(3, up)", "rate(x[5q])", "sum(", "a{b=c}", "x offset 5m", "sum(rate(x[5m])) and y"])
    func whatItCannotAnswerIsRefusedWithAHint(_ text: String) {
        #expect(throws: SandboxQuery.Failure.self) { try SandboxQuery(text) }
        do {
            _ = try SandboxQuery(text)
        } catch {
            #expect(error.description.contains("--prometheus"))
        }
    }

    @Test func theExpositionIsPrometheusText() {
        let text = SandboxExposition.text(SandboxTraffic(blueSHA: "a", greenSHA: "b").samples(of: "green", at: 0))
        #expect(text.contains("# TYPE http_requests_total counter"))
        #expect(text.contains("# TYPE http_request_duration_seconds histogram"))
        #expect(text.contains(#"http_request_duration_seconds_bucket{env="green",le="+Inf",service="acme-api"} 0"#))
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("#") || $0.contains("} ") })
    }
}
