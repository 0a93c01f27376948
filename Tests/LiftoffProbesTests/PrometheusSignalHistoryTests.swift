import Foundation
import Hummingbird
import LiftoffKit
import LiftoffProbes
import LiftoffTestSupport
import Testing

/// Trigger signals from `/api/v1/query_range` of a Prometheus stand-in on 127.0.0.1: the matrix
/// read into series with their gaps, one upstream query for many asks, and a slow or absent
/// Prometheus answered within the timeout (docs/war-room.md, trigger charts).
@Suite struct PrometheusSignalHistoryTests {
    static let end = Date(timeIntervalSince1970: 1_796_112_900)
    static let start = end.addingTimeInterval(-900)

    /// 0.2% until five minutes before the end, then 5%; no value in one minute (a gap), NaN once.
    static let climbing = FakePrometheusRange.Series(labels: ["instance": "a"]) { t in
        let before = Self.end.timeIntervalSince1970 - t
        if before > 480 && before <= 540 { return nil }
        if abs(before - 600) < 0.5 { return .nan }
        return before > 300 ? 0.002 : 0.05
    }
    static let flat = FakePrometheusRange.Series(labels: ["instance": "b"]) { _ in 0.001 }

    @Test func aRangeQueryBecomesSeriesWithGapsWhereThereIsNoValue() async throws {
        let requests = FakePrometheusRange.Requests()
        try await TestHTTPServer.with(FakePrometheusRange.router([Self.climbing, Self.flat], requests: requests)) { port in
            let history = PrometheusSignalHistory()
            let fetch = await history.signal(query: "sum(rate(errors[1m])) by (instance)", prometheus: "http://127.0.0.1:\(port)", from: Self.start, to: Self.end)
            guard case .series(let all) = fetch else {
                Issue.record("no series: \(fetch)")
                return
            }
            #expect(all.map(\.key) == [#"{instance="a"}"#, #"{instance="b"}"#])
            let parameters = await requests.last
            // 15 minutes in 5 s steps: 180 steps, inside the 120–300 a chart wants.
            #expect(parameters["step"] == "5.000")
            #expect(parameters["query"] == "sum(rate(errors[1m])) by (instance)")
            let a = try #require(all.first)
            #expect((120...300).contains(a.points.count))
            #expect(a.points.contains { $0.value.isNaN }, "NaN stays a gap, not a number")
            // NaN at -10 min and no values from -9 to -8 min: three runs of values.
            #expect(a.segments.count == 3)
            #expect(a.finite.contains { $0.value > 0.01 } && a.finite.contains { $0.value < 0.01 })
            // Several series: the chart of a `>` rule shows the one that went highest, and says so.
            let pick = try #require(fetch.pick(seriesKey: nil, op: .greater))
            #expect(pick.series.key == #"{instance="a"}"# && pick.of == 2)
            #expect(fetch.pick(seriesKey: nil, op: .less)?.series.key == #"{instance="b"}"#)
            #expect(fetch.pick(seriesKey: #"{instance="b"}"#, op: .greater)?.series.key == #"{instance="b"}"#)
        }
    }

    @Test func fiftyPagesAskingForTheSameWindowMakeOneUpstreamQuery() async throws {
        let requests = FakePrometheusRange.Requests()
        // Slow enough that the asks overlap the query under way, too.
        try await TestHTTPServer.with(FakePrometheusRange.router([Self.climbing], requests: requests, delay: .milliseconds(200))) { port in
            let history = PrometheusSignalHistory(timeout: 5)
            let url = "http://127.0.0.1:\(port)"
            let answers = await withTaskGroup(of: SignalFetch.self) { group in
                for _ in 0..<50 { group.addTask { await history.signal(query: "errors", prometheus: url, from: Self.start, to: Self.end) } }
                var out: [SignalFetch] = []
                for await a in group { out.append(a) }
                return out
            }
            #expect(answers.count == 50)
            #expect(answers.allSatisfy { if case .series(let s) = $0 { s.count == 1 } else { false } })
            #expect(await requests.count == 1)
            #expect(await history.upstreamQueries == 1)
            // Another window is another query.
            _ = await history.signal(query: "errors", prometheus: url, from: Self.start.addingTimeInterval(-3600), to: Self.end)
            #expect(await requests.count == 2)
        }
    }

    @Test func aSlowPrometheusIsGivenUpOnWithinTheTimeout() async throws {
        let requests = FakePrometheusRange.Requests()
        try await TestHTTPServer.with(FakePrometheusRange.router([Self.climbing], requests: requests, delay: .seconds(5))) { port in
            let history = PrometheusSignalHistory(timeout: 0.3)
            let clock = ContinuousClock()
            let began = clock.now
            let fetch = await history.signal(query: "errors", prometheus: "http://127.0.0.1:\(port)", from: Self.start, to: Self.end)
            #expect(clock.now - began < .seconds(2))
            guard case .unavailable(let why) = fetch else {
                Issue.record("expected no answer, got \(fetch)")
                return
            }
            #expect(why.contains("Prometheus did not answer"))
            // The failure is kept as briefly as an answer: the next page does not wait again.
            let again = clock.now
            _ = await history.signal(query: "errors", prometheus: "http://127.0.0.1:\(port)", from: Self.start, to: Self.end)
            #expect(clock.now - again < .milliseconds(200))
        }
    }

    @Test func aPrometheusThatIsDownOrRefusesIsSaidSo() async throws {
        let history = PrometheusSignalHistory(timeout: 1)
        // Port 9 (discard) has no listener on 127.0.0.1.
        let down = await history.signal(query: "errors", prometheus: "http://127.0.0.1:9", from: Self.start, to: Self.end)
        guard case .unavailable(let why) = down else {
            Issue.record("expected no answer, got \(down)")
            return
        }
        #expect(why.hasPrefix("Prometheus did not answer"))
        #expect(await history.signal(query: "errors", prometheus: nil, from: Self.start, to: Self.end) == .unavailable("no Prometheus URL for this launch"))

        let router = Router()
        router.get("/api/v1/query_range") { _, _ in
            FakePrometheusRange.json(#"{"status":"error","errorType":"bad_data","error":"parse error at char 3"}"#, status: .badRequest)
        }
        try await TestHTTPServer.with(router) { port in
            let refused = await history.signal(query: "((", prometheus: "http://127.0.0.1:\(port)", from: Self.start, to: Self.end)
            #expect(refused == .unavailable("range query failed (bad_data): parse error at char 3"))
        }
    }

    @Test func theDemoClockIsMappedOntoPrometheusTime() async throws {
        let requests = FakePrometheusRange.Requests()
        try await TestHTTPServer.with(FakePrometheusRange.router([Self.climbing], requests: requests)) { port in
            // Launch time runs 20× faster from `origin`: 15 launch minutes are 45 wall seconds.
            let origin = Self.end.addingTimeInterval(-45)
            let history = PrometheusSignalHistory(toSource: { origin.addingTimeInterval($0.timeIntervalSince(origin) / 20) },
                                                  fromSource: { origin.addingTimeInterval($0.timeIntervalSince(origin) * 20) })
            let launchEnd = origin.addingTimeInterval(45 * 20)
            let fetch = await history.signal(query: "errors", prometheus: "http://127.0.0.1:\(port)", from: launchEnd.addingTimeInterval(-900), to: launchEnd)
            let parameters = await requests.last
            #expect(parameters["step"] == "1.000" && parameters["end"] == String(format: "%.3f", Self.end.timeIntervalSince1970))
            guard case .series(let all) = fetch, let points = all.first?.points else {
                Issue.record("no series")
                return
            }
            // Answered in launch time: the last point is the launch's end, steps 20 launch seconds apart.
            #expect(abs((points.last?.at ?? .distantPast).timeIntervalSince(launchEnd)) < 0.01)
            #expect(all.first?.step == 20)
        }
    }
}
