import Foundation
import LiftoffKit
import LiftoffRender

/// A trigger's signal as an inline SVG chart (no script; CSS colours it): the signal over the
/// last window, the threshold as a dashed line, the pending span shaded and the firing span shaded
/// darker. The signal is the rule's query over the window from Prometheus when the process has a
/// `SignalHistory` and Prometheus answered (gaps where it has no value); otherwise the values the
/// log recorded at each change of state, as a step line, and the chart says so
/// (docs/war-room.md, "What the war room shows": Triggers and traffic).
struct TriggerChart {
    var rule: TriggerRule?
    var reading: LaunchFacts.TriggerReading?
    var series: TriggerSeriesState?
    var now: Date
    var label: String
    var clock: (Date) -> String
    /// What Prometheus answered for the rule over `span` (nil: not asked).
    var signal: SignalFetch? = nil
    /// The card's series (`{instance="a"}`), empty for a rule with one series.
    var seriesKey: String = ""

    static let width = 300.0
    static let height = 72.0
    var span: TimeInterval { rule.map(Self.span(of:)) ?? 900 }

    /// At least fifteen minutes, and four times the rule's `for`, so the pending span fits.
    static func span(of rule: TriggerRule) -> TimeInterval { max(900, Double(rule.forSeconds) * 4) }

    /// The series from Prometheus this card draws, and how many the query returned.
    var queried: (series: SignalSeries, of: Int)? {
        guard let rule, let pick = signal?.pick(seriesKey: seriesKey, op: rule.op), !pick.series.finite.isEmpty else { return nil }
        return pick
    }

    /// Time and value of each recorded reading; without times (an older snapshot) the values
    /// are spread evenly over the window.
    var points: [(at: Date, value: Double)] {
        guard let reading else { return [] }
        let values = reading.history
        if let times = reading.times, times.count == values.count {
            return zip(times, values).map { ($0, $1) }
        }
        let step = values.count > 1 ? span / Double(values.count - 1) : 0
        return values.enumerated().map { (now.addingTimeInterval(-span + Double($0.offset) * step), $0.element) }
    }

    /// Where the line comes from, in words under the chart; nil when nobody asked Prometheus.
    func note() -> HTML? {
        guard let signal, rule != nil else { return nil }
        if let queried {
            guard queried.of > 1 else { return nil }
            let which = queried.series.key.isEmpty ? "the unlabelled series" : queried.series.key
            return .element("p", [.class("chart-source")], [.text("From Prometheus: \(which), 1 of \(queried.of) series.")])
        }
        let why: String
        switch signal {
        case .unavailable(let reason): why = reason
        case .series: why = "Prometheus has no data for this window"
        }
        return .element("p", [.class("chart-source")], [.text("Recorded values only: \(why).")])
    }

    func svg() -> HTML {
        let start = now.addingTimeInterval(-span)
        let all = points
        // The value in force at the window's start is the last one recorded before it.
        let before = all.last { $0.at < start }
        let inside = all.filter { $0.at >= start && $0.at <= now }
        let recorded = (before.map { [(at: start, value: $0.value)] } ?? []) + inside
        var segments = (queried?.series.segments ?? []).map { run in run.filter { $0.at >= start && $0.at <= now }.map { (at: $0.at, value: $0.value) } }
            .filter { !$0.isEmpty }
        // Prometheus' answer ends a step (or a cached answer) short of now; readings the watcher
        // took since end the line, so the chart never says less than the card's "now".
        if reading?.times != nil, let last = segments.last?.last {
            let newer = inside.filter { $0.at > last.at }
            if !newer.isEmpty { segments[segments.count - 1] += newer }
        }
        let shown = segments.isEmpty ? recorded : segments.flatMap { $0 }
        let threshold = rule?.threshold
        let values = shown.map(\.value) + (threshold.map { [$0] } ?? [])
        var low = min(0, values.min() ?? 0)
        var high = values.max() ?? 1
        if high <= low { high = low + 1 }
        high += (high - low) * 0.15
        low -= low < 0 ? (high - low) * 0.05 : 0
        func x(_ d: Date) -> Double { (d.timeIntervalSince(start) / span * Self.width).clamped(0, Self.width) }
        func y(_ v: Double) -> Double { (Self.height - 2) - (v - low) / (high - low) * (Self.height - 4) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var shapes: [HTML] = []
        if let series, let since = series.since {
            let forSeconds = Double(rule?.forSeconds ?? 0)
            switch series.status {
            case .pending:
                shapes.append(rect("pending-span", x(since), Self.width))
            case .firing:
                if forSeconds > 0 { shapes.append(rect("pending-span", x(since.addingTimeInterval(-forSeconds)), x(since))) }
                shapes.append(rect("firing-span", x(since), Self.width))
            default:
                break
            }
        }
        if let threshold {
            shapes.append(.element("line", [.class("threshold"), .attr("x1", "0"), .attr("x2", f(Self.width)), .attr("y1", f(y(threshold))),
                                            .attr("y2", f(y(threshold))), .attr("vector-effect", "non-scaling-stroke")]))
        }
        if !segments.isEmpty {
            // The queried signal: a line through each step's value, broken where Prometheus has none.
            var d = ""
            for run in segments {
                d += (d.isEmpty ? "" : " ") + run.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f(x($0.element.at))),\(f(y($0.element.value)))" }.joined(separator: " ")
            }
            shapes.append(.element("path", [.class("signal"), .data("source", "prometheus"), .attr("d", d), .attr("vector-effect", "non-scaling-stroke")]))
        } else if let first = shown.first {
            var d = "M\(f(x(first.at))),\(f(y(first.value)))"
            for p in shown.dropFirst() { d += " H\(f(x(p.at))) V\(f(y(p.value)))" }
            d += " H\(f(Self.width))"
            shapes.append(.element("path", [.class("signal"), .attr("d", d), .attr("vector-effect", "non-scaling-stroke")]))
        }
        return .element("svg", [.class("trigger-chart"), .attr("viewBox", "0 0 \(Int(Self.width)) \(Int(Self.height))"), .attr("preserveAspectRatio", "none"),
                                .attr("role", "img"), .aria("label", segments.isEmpty ? description(shown) : describeSignal(shown)), .attr("focusable", "false")], shapes)
    }

    /// What the chart shows, for screen readers: the values, the threshold and the spans.
    func description(_ shown: [(at: Date, value: Double)]) -> String {
        let format: (Double) -> String = { v in rule?.valueText(v) ?? Sparkline.format(v) }
        let minutes = Int(span / 60)
        var s = "\(label) over the last \(minutes) minutes" + (signal == nil ? ": " : ", recorded values only: ")
        s += shown.isEmpty ? "no values recorded" : shown.suffix(8).map { "\(format($0.value)) at \(clock($0.at))" }.joined(separator: ", ")
        if let rule { s += "; threshold \(rule.op.rawValue) \(rule.thresholdText)" }
        if let series, let since = series.since, series.status == .pending || series.status == .firing {
            s += "; \(series.status.rawValue) since \(clock(since))"
        }
        return s
    }

    /// The queried signal in words: now, its peak, when it crossed the threshold, the threshold and the state.
    func describeSignal(_ shown: [(at: Date, value: Double)]) -> String {
        let format: (Double) -> String = { v in rule?.valueText(v) ?? Sparkline.format(v) }
        var s = "\(label) over the last \(Int(span / 60)) minutes, from Prometheus"
        if let queried, queried.of > 1 { s += " (\(queried.series.key.isEmpty ? "unlabelled series" : queried.series.key), 1 of \(queried.of) series)" }
        if let last = shown.last { s += ": now \(format(last.value)) at \(clock(last.at))" }
        if let rule, let peak = (rule.op == .less || rule.op == .lessOrEqual ? shown.min { $0.value < $1.value } : shown.max { $0.value < $1.value }) {
            s += ", \(rule.op == .less || rule.op == .lessOrEqual ? "lowest" : "highest") \(format(peak.value)) at \(clock(peak.at))"
            var crossings: [String] = []
            for (previous, next) in zip(shown, shown.dropFirst()) where !rule.holds(previous.value) && rule.holds(next.value) {
                crossings.append(clock(next.at))
            }
            if let first = shown.first, rule.holds(first.value) { s += "; past the threshold from the window's start" }
            if !crossings.isEmpty { s += "; crossed the threshold at " + crossings.suffix(3).joined(separator: ", ") }
            s += "; threshold \(rule.op.rawValue) \(rule.thresholdText)"
        }
        if let series, let since = series.since, series.status == .pending || series.status == .firing {
            s += "; \(series.status.rawValue) since \(clock(since))"
        }
        return s
    }

    private func rect(_ cls: String, _ x0: Double, _ x1: Double) -> HTML {
        .element("rect", [.class(cls), .attr("x", String(format: "%.1f", x0)), .attr("y", "0"),
                          .attr("width", String(format: "%.1f", max(x1 - x0, 1))), .attr("height", String(Int(Self.height)))])
    }
}

private extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
