import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
@testable import LiftoffRender
import Testing

/// The report's charts: what they read from the log and what the SVG draws.
@Suite struct ReportChartsTests {
    @Test func aTriggerIsDrawnWithItsThresholdSpansAndTheShiftStages() throws {
        var f = LaunchFixture()
        f.now = LaunchFixture.t0
        func trigger(_ state: TriggerStatus, _ previous: TriggerStatus?, _ value: Double) {
            f.append(EventDraft(actor: "system", TriggerChanged(trigger: "error-rate", state: state, previous: previous, value: value, series: nil, observedAt: f.now, message: nil)))
        }
        trigger(.ok, nil, 0.002)
        f.now += 60
        f.append(EventDraft(actor: "system", ShiftStage(step: "s", weight: 10, state: .started, reason: nil)))
        f.now += 60
        trigger(.pending, .ok, 0.03)
        f.now += 120
        trigger(.firing, .pending, 0.04)
        f.now += 300
        trigger(.ok, .firing, 0.001)
        _ = try f.run(.vote(gate: LaunchFixture.gate, role: "Engineering Lead", vote: .go, comment: nil), as: LaunchFixture.lead).get()
        let state = try f.state
        let charts = ReportCharts.build(state: state, events: f.events, end: f.now)
        let series = try #require(charts.triggers.first)
        #expect(series.points.map(\.value) == [0.002, 0.03, 0.04, 0.001])
        #expect(series.pending.count == 1 && series.firing.count == 1)
        #expect(series.firing.first?.end.timeIntervalSince(series.firing.first?.start ?? .distantPast) == 300)
        #expect(charts.shifts.map(\.weight) == [10])
        #expect(charts.votes.map(\.label) == ["Engineering Lead GO"])
        #expect(charts.bars.contains { $0.phase } && charts.bars.contains { !$0.phase && $0.planned != nil })

        let svg = charts.svg(time: ReportTime(t0: state.t0, timeZone: state.timeZone))
        #expect(svg.components(separatedBy: "class=\"firing\"").count == 2)
        #expect(svg.components(separatedBy: "class=\"pending\"").count == 2)
        #expect(svg.contains("class=\"signal\"") && svg.contains(">10%</text>"))
        #expect(svg.contains("id=\"chart-gantt\"") && svg.contains("id=\"chart-votes\""))
        #expect(!svg.contains("<script"), "no script in the charts")
        // The charts sit in the HTML report, after the summary.
        let report = try LaunchReport.build(events: f.events, verification: .notChecked, now: f.now)
        let html = report.html()
        #expect(html.contains("id=\"charts\"") && html.contains("<svg"))
        #expect(html.range(of: "id=\"charts\"")?.lowerBound ?? html.endIndex < html.range(of: "id=\"timeline\"")?.lowerBound ?? html.startIndex)
    }

    @Test func theThresholdLineSitsAtTheThreshold() throws {
        var charts = ReportCharts(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 600))
        charts.triggers = [ReportCharts.TriggerSeries(name: "p99", condition: "p99 > 400ms", threshold: 400,
                                                      points: [.init(at: Date(timeIntervalSince1970: 0), value: 100), .init(at: Date(timeIntervalSince1970: 300), value: 500)],
                                                      pending: [], firing: [])]
        let svg = charts.svg(time: ReportTime(t0: Date(timeIntervalSince1970: 0), timeZone: TimeZone(identifier: "UTC") ?? .current))
        // The plot runs from y=132 (0) to y=12 (500 × 1.15): 400 sits at 132 - 400/575 × 120.
        let expected = ReportCharts.f(132 - 400.0 / 575.0 * 120)
        #expect(svg.contains("class=\"threshold\" x1=\"230.0\" y1=\"\(expected)\""), "\(svg.prefix(400))")
    }
}
