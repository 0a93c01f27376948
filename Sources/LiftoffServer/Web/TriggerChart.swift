import Foundation
import LiftoffKit

/// A trigger's signal as an inline SVG chart (no script; CSS colours it): the values recorded
/// over the last window as a step line, the threshold as a dashed line, the pending span shaded
/// and the firing span shaded darker. The log keeps a value at each change of state, so the line
/// holds each value until the next one (docs/war-room.md, "What the war room shows": Triggers and traffic).
struct TriggerChart {
    var rule: TriggerRule?
    var reading: LaunchFacts.TriggerReading?
    var series: TriggerSeriesState?
    var now: Date
    var label: String
    var clock: (Date) -> String

    static let width = 300.0
    static let height = 72.0
    /// At least ten minutes, and four times the rule's `for`, so the pending span fits.
    var span: TimeInterval { max(600, Double(rule?.forSeconds ?? 0) * 4) }

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

    func svg() -> HTML {
        let start = now.addingTimeInterval(-span)
        let all = points
        // The value in force at the window's start is the last one recorded before it.
        let before = all.last { $0.at < start }
        let inside = all.filter { $0.at >= start && $0.at <= now }
        let shown = (before.map { [(at: start, value: $0.value)] } ?? []) + inside
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
        if let first = shown.first {
            var d = "M\(f(x(first.at))),\(f(y(first.value)))"
            for p in shown.dropFirst() { d += " H\(f(x(p.at))) V\(f(y(p.value)))" }
            d += " H\(f(Self.width))"
            shapes.append(.element("path", [.class("signal"), .attr("d", d), .attr("vector-effect", "non-scaling-stroke")]))
        }
        return .element("svg", [.class("trigger-chart"), .attr("viewBox", "0 0 \(Int(Self.width)) \(Int(Self.height))"), .attr("preserveAspectRatio", "none"),
                                .attr("role", "img"), .aria("label", description(shown)), .attr("focusable", "false")], shapes)
    }

    /// What the chart shows, for screen readers: the values, the threshold and the spans.
    func description(_ shown: [(at: Date, value: Double)]) -> String {
        let format: (Double) -> String = { v in rule?.valueText(v) ?? Sparkline.format(v) }
        let minutes = Int(span / 60)
        var s = "\(label) over the last \(minutes) minutes: "
        s += shown.isEmpty ? "no values recorded" : shown.suffix(8).map { "\(format($0.value)) at \(clock($0.at))" }.joined(separator: ", ")
        if let rule { s += "; threshold \(rule.op.rawValue) \(rule.thresholdText)" }
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
