import Foundation
import LiftoffKit

/// The report's trigger charts with the signal from its source (docs/report.md, "Charts"): each
/// rule bound to a query, over the launch, as its `SignalHistory` answered. A rule whose source
/// no longer holds the range, or did not answer, keeps its recorded values and says so.
extension ReportCharts {
    /// `signals`: what the source answered per rule id, over `start`…`end`.
    public mutating func attach(signals: [String: SignalFetch], rules: [TriggerRule]) {
        for rule in rules {
            guard let fetch = signals[rule.id] else { continue }
            let indices = triggers.indices.filter { triggers[$0].rule == rule.id }
            if indices.isEmpty {
                // A rule that never changed state has no recorded values; its signal still tells the story.
                guard fetch.pick(seriesKey: nil, op: rule.op) != nil else { continue }
                var series = TriggerSeries(name: rule.name, condition: rule.conditionText, threshold: rule.threshold, points: [], pending: [], firing: [])
                series.rule = rule.id
                series.op = rule.op
                triggers.append(series)
                attach(fetch, to: triggers.count - 1)
            }
            for i in indices { attach(fetch, to: i) }
        }
    }

    private mutating func attach(_ fetch: SignalFetch, to index: Int) {
        let t = triggers[index]
        if let pick = fetch.pick(seriesKey: t.seriesKey.isEmpty ? nil : t.seriesKey, op: t.op ?? .greater), !pick.series.finite.isEmpty {
            triggers[index].signal = pick.series
            let which = pick.of > 1 ? " (\(pick.series.key.isEmpty ? "unlabelled series" : pick.series.key), 1 of \(pick.of) series)" : ""
            triggers[index].source = "from Prometheus" + which
            return
        }
        switch fetch {
        case .unavailable(let reason): triggers[index].source = "recorded values only: \(reason)"
        case .series: triggers[index].source = "recorded values only: Prometheus no longer holds this range"
        }
    }

}

extension ReportCharts.TriggerSeries {
    /// The signal in one sentence for the Markdown report: where it comes from, its peak and
    /// when it crossed the threshold (relative to T-0); nil when nobody asked its source.
    public func signalSummary(time: ReportTime) -> String? {
        guard let source else { return nil }
        guard let signal else { return source }
        let values = signal.finite
        let falling = op == .less || op == .lessOrEqual
        var s = source
        if let peak = falling ? values.min(by: { $0.value < $1.value }) : values.max(by: { $0.value < $1.value }) {
            s += ": \(falling ? "lowest" : "highest") \(TriggerMetrics.format(peak.value)) at \(time.relative(peak.at))"
        }
        if let threshold, let op {
            let crossings = zip(values, values.dropFirst()).filter { !op.holds($0.0.value, threshold) && op.holds($0.1.value, threshold) }
            if !crossings.isEmpty { s += ", crossed the threshold at " + crossings.prefix(3).map { time.relative($0.1.at) }.joined(separator: ", ") }
        }
        return s
    }
}
