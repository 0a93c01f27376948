import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffProbes
import LiftoffTestSupport
import Testing
@testable import LiftoffServer

/// The trigger charts draw the real signal: the rule's query over the window from a Prometheus
/// stand-in on 127.0.0.1 (`/api/v1/query_range`), through the same `SignalHistory` the runtime
/// wires; without an answer in time, the recorded values and why (docs/war-room.md, docs/report.md).
@Suite struct TriggerSignalChartTests {
    static let rule = "rollback-on-errors"

    /// The focus launch ten minutes after T-0, its trigger pending at 09:07 and firing at 09:09,
    /// its signal at `url`.
    static func fixture(_ url: String) throws -> WebFixture {
        var f = WebFixture(runbook: WarRoomFocusTests.runbook, now: WebFixture.t0.addingTimeInterval(-2 * 3600),
                           variables: try LaunchVariables.parse("prometheus: \(url)\nsignals:\n  error rate: sum(rate(errors[5m]))\n", file: "v.yaml"))
        try f.run(.vote(gate: "t-1h-go-no-go", role: "Engineering Lead", vote: .go, comment: nil), as: WebFixture.lead)
        f.now = WebFixture.t0.addingTimeInterval(7 * 60)
        f.trigger(rule, .pending, 0.013)
        f.now = WebFixture.t0.addingTimeInterval(9 * 60)
        f.trigger(rule, .firing, 0.052)
        f.now = WebFixture.t0.addingTimeInterval(10 * 60)
        return f
    }

    /// 0.2% until 09:07, then 1.2% climbing by 1% a minute (4.2% at 09:10).
    static let errorRate = FakePrometheusRange.Series { t in
        let minutes = (t - WebFixture.t0.addingTimeInterval(7 * 60).timeIntervalSince1970) / 60
        return minutes < 0 ? 0.002 : 0.012 + 0.01 * minutes
    }

    /// The y of every point of a path or polyline (`M1,2 L3,4` or `1,2 3,4`).
    static func ys(_ points: String) -> [Double] {
        points.split(whereSeparator: { $0 == " " }).compactMap { pair in
            pair.split(separator: ",").last.flatMap { Double($0) }
        }
    }

    @Test func theWarRoomChartDrawsTheQueriedSignalCrossingTheThreshold() async throws {
        let requests = FakePrometheusRange.Requests()
        try await TestHTTPServer.with(FakePrometheusRange.router([Self.errorRate], requests: requests)) { port in
            let f = try Self.fixture("http://127.0.0.1:\(port)")
            let history = PrometheusSignalHistory()
            let signals = await TriggerSignals.fetch(try f.state, from: history, now: f.now)
            let card = WarRoomFocusTests.section(try f.warRoom(as: WebFixture.viewer, signals: signals), "trigger-\(Self.rule)", until: "</article>")
            let d = try #require(card.webCaptures(#"<path class="signal" data-source="prometheus" d="([^"]+)""#).first)
            let threshold = try #require(card.webCaptures(#"<line class="threshold" x1="0" x2="300.0" y1="([\d.]+)""#).first.flatMap(Double.init))
            let ys = Self.ys(d.replacingOccurrences(of: "M", with: "").replacingOccurrences(of: "L", with: ""))
            // Fifteen minutes in 5 s steps: the line has the query's points, not the two recorded values.
            #expect(ys.count > 120)
            #expect(ys.contains { $0 > threshold }, "points below the threshold (SVG y grows downwards)")
            #expect(ys.contains { $0 < threshold }, "points above the threshold")
            #expect(card.webCount(of: #"<rect class="pending-span""#) == 1 && card.webCount(of: #"<rect class="firing-span""#) == 1)
            // In words: where it stands, its peak, when it crossed, the threshold and since when it fires.
            #expect(card.contains("over the last 15 minutes, from Prometheus: now 4.2% at 09:10"))
            #expect(card.contains("crossed the threshold at 09:07"))
            #expect(card.contains("threshold &gt; 1%; firing since 09:09"))
            #expect(!card.contains("Recorded values only"))
            let parameters = await requests.last
            #expect(parameters["query"] == "sum(rate(errors[5m]))")
        }
    }

    /// Prometheus' answer ends before the watcher's latest reading (its end is aligned down to the
    /// step, or the answer is a few seconds old): the line still ends where the card says it is.
    @Test func theWarRoomChartEndsAtTheLatestReadingWhenPrometheusAnswerStopsShortOfIt() async throws {
        let cutoff = WebFixture.t0.addingTimeInterval(8 * 60 + 30).timeIntervalSince1970
        let lagging = FakePrometheusRange.Series { t in t <= cutoff ? 0.002 : nil }
        try await TestHTTPServer.with(FakePrometheusRange.router([lagging], requests: FakePrometheusRange.Requests())) { port in
            let f = try Self.fixture("http://127.0.0.1:\(port)")
            let signals = await TriggerSignals.fetch(try f.state, from: PrometheusSignalHistory(), now: f.now)
            let card = WarRoomFocusTests.section(try f.warRoom(as: WebFixture.viewer, signals: signals), "trigger-\(Self.rule)", until: "</article>")
            #expect(card.contains("now 5.2% · threshold &gt; 1% · firing since 09:09"))
            #expect(card.contains("from Prometheus: now 5.2% at 09:09, highest 5.2% at 09:09"), "\(card)")
            #expect(card.contains("crossed the threshold at 09:09"))
            // The pending reading at 09:07 is older than Prometheus' last point: its value stays Prometheus'.
            #expect(!card.contains("1.3%"))
            let d = try #require(card.webCaptures(#"<path class="signal" data-source="prometheus" d="([^"]+)""#).first)
            let threshold = try #require(card.webCaptures(#"<line class="threshold" x1="0" x2="300.0" y1="([\d.]+)""#).first.flatMap(Double.init))
            let ys = Self.ys(d.replacingOccurrences(of: "M", with: "").replacingOccurrences(of: "L", with: ""))
            #expect(ys.last.map { $0 < threshold } == true, "the line ends above the threshold")
            #expect(ys.dropLast().allSatisfy { $0 > threshold }, "Prometheus' points stay below it")
        }
    }

    @Test func aSlowPrometheusFallsBackToTheRecordedValuesWithinTheTimeoutAndSaysSo() async throws {
        let requests = FakePrometheusRange.Requests()
        try await TestHTTPServer.with(FakePrometheusRange.router([Self.errorRate], requests: requests, delay: .seconds(5))) { port in
            let f = try Self.fixture("http://127.0.0.1:\(port)")
            let history = PrometheusSignalHistory(timeout: 0.5)
            let clock = ContinuousClock()
            let began = clock.now
            let signals = await TriggerSignals.fetch(try f.state, from: history, now: f.now)
            let page = try f.warRoom(as: WebFixture.viewer, signals: signals)
            #expect(clock.now - began < .seconds(2), "the page waited at most about the timeout")
            let card = WarRoomFocusTests.section(page, "trigger-\(Self.rule)", until: "</article>")
            #expect(card.contains("Recorded values only: Prometheus did not answer"))
            #expect(card.contains("recorded values only: 1.3% at 09:07, 5.2% at 09:09"))
            #expect(card.webCount(of: #"<path class="signal" d=""#) == 1, "the recorded step line")
            // The next render within a few seconds does not wait again.
            let again = clock.now
            _ = await TriggerSignals.fetch(try f.state, from: history, now: f.now)
            #expect(clock.now - again < .milliseconds(300))
            #expect(await requests.count == 1)
        }
    }

    @Test func theReportChartsTheSignalOverTheLaunchWithThresholdAndSpans() async throws {
        let requests = FakePrometheusRange.Requests()
        try await TestHTTPServer.with(FakePrometheusRange.router([Self.errorRate], requests: requests)) { port in
            var f = try Self.fixture("http://127.0.0.1:\(port)")
            f.now = WebFixture.t0.addingTimeInterval(12 * 60)
            f.trigger(Self.rule, .ok, 0.004)
            let built = try LaunchService.report(of: f.events, now: f.now)
            let report = await LaunchService.withSignals(built, events: f.events, from: PrometheusSignalHistory())
            let html = report.html()
            let chart = WarRoomFocusTests.section(html, "chart-trigger-0", until: "</figure>")
            let lines = chart.webCaptures(#"<polyline class="signal" data-source="prometheus" points="([^"]+)""#)
            #expect(!lines.isEmpty)
            let threshold = try #require(chart.webCaptures(#"<line class="threshold" x1="[\d.]+" y1="([\d.]+)""#).first.flatMap(Double.init))
            let ys = lines.flatMap(Self.ys)
            #expect(ys.contains { $0 > threshold } && ys.contains { $0 < threshold }, "points below and above the threshold")
            #expect(chart.webCount(of: #"<rect class="pending""#) == 1 && chart.webCount(of: #"<rect class="firing""#) == 1)
            #expect(chart.contains("from Prometheus"))
            #expect(chart.contains("crossed the threshold at T+"))
            // The recorded values stay, as markers of the state changes.
            #expect(chart.webCount(of: #"<circle class="recorded""#) == 3)
            // The Markdown report states the same in a sentence.
            let markdown = report.markdown()
            let triggers = String(markdown.components(separatedBy: "## Triggers").last?.prefix(600) ?? "")
            #expect(triggers.contains("Signal from Prometheus: highest 0.0") && triggers.contains(", crossed the threshold at T+07:"), "\(triggers)")
        }
    }

    @Test func aReportWhosePrometheusIsGoneKeepsTheRecordedValuesAndSaysWhy() async throws {
        let f = try Self.fixture("http://127.0.0.1:9")
        let built = try LaunchService.report(of: f.events, now: f.now)
        let report = await LaunchService.withSignals(built, events: f.events, from: PrometheusSignalHistory(timeout: 1))
        let chart = WarRoomFocusTests.section(report.html(), "chart-trigger-0", until: "</figure>")
        #expect(chart.contains("recorded values only: Prometheus did not answer"))
        #expect(chart.webCount(of: #"<polyline class="signal" points=""#) == 1, "the recorded step line")
        #expect(!chart.contains(#"data-source="prometheus""#))
        #expect(report.markdown().contains("Signal recorded values only: Prometheus did not answer"))
    }
}
