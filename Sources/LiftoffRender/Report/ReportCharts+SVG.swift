import Foundation
import LiftoffKit

/// The report's charts as inline SVG (docs/report.md, "Charts"): no script, no external file,
/// colours as presentation attributes so the page's Content-Security-Policy stays as it is and a
/// printed PDF keeps them. Every chart shares one time axis, so a trigger firing lines up with
/// the shift stage and the step beside it. Built with `HTML`: names, conditions and labels from
/// the runbook are escaped by construction.
extension ReportCharts {
    static let width = 960.0
    static let gutter = 230.0
    static let right = 16.0

    func x(_ date: Date) -> Double {
        let span = max(end.timeIntervalSince(start), 1)
        let share = min(max(date.timeIntervalSince(start) / span, 0), 1)
        return Self.gutter + share * (Self.width - Self.gutter - Self.right)
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// An SVG shape or text: always with an end tag (inside `<svg>` a void-looking element would
    /// swallow its siblings), its tooltip as a `<title>` child when there is one.
    static func shape(_ name: StaticString, _ attributes: [Attribute], title: String? = nil) -> HTML {
        .element(name, attributes, title.map { [.element("title", [], [.text($0)])] } ?? [])
    }

    static func a(_ name: String, _ value: String) -> Attribute { .attr(name, value) }
    static func a(_ name: String, _ value: Double) -> Attribute { .attr(name, f(value)) }

    /// Tick lines and their times across `height`, labels under `labelY`.
    func axis(top: Double, bottom: Double, time: ReportTime) -> HTML {
        let count = 6
        var s = HTML.empty
        for i in 0...count {
            let at = start.addingTimeInterval(end.timeIntervalSince(start) * Double(i) / Double(count))
            let px = x(at)
            s += Self.shape("line", [Self.a("x1", px), Self.a("y1", top), Self.a("x2", px), Self.a("y2", bottom), Self.a("stroke", "#d8dee4"), Self.a("stroke-width", "1")])
            let anchor = i == 0 ? "start" : i == count ? "end" : "middle"
            s += .element("text", [Self.a("x", px), Self.a("y", bottom + 14), Self.a("font-size", "11"), Self.a("fill", "#59636e"), Self.a("text-anchor", anchor)],
                          [.text(time.relative(at))])
        }
        return s
    }

    func figure(id: String, title: String, description: String, height: Double, body: HTML, caption: String? = nil) -> HTML {
        .element("figure", [.class("chart"), .id(id)], [
            .element("svg", [Self.a("viewBox", "0 0 \(Self.f(Self.width)) \(Self.f(height))"), Self.a("width", "100%"), Self.a("role", "img"),
                             .aria("labelledby", "\(id)-t \(id)-d")], [
                .element("title", [.id("\(id)-t")], [.text(title)]),
                .element("desc", [.id("\(id)-d")], [.text(description)]),
                Self.shape("rect", [Self.a("x", "0"), Self.a("y", "0"), Self.a("width", Self.width), Self.a("height", height), Self.a("fill", "#ffffff")]),
                body,
            ]),
            .element("figcaption", [], [.text(caption ?? title)]),
        ])
    }

    static func label(_ y: Int, _ size: String, _ fill: String, bold: Bool = false, x: Int = 8, _ text: String) -> HTML {
        .element("text", [a("x", String(x)), a("y", String(y)), a("font-size", size)] + (bold ? [a("font-weight", "600")] : []) + [a("fill", fill)], [.text(text)])
    }

    /// One chart per trigger: its signal (from Prometheus, else its recorded values), threshold,
    /// pending (amber) and firing (red) spans, and the shift's stages.
    func triggerChart(_ t: TriggerSeries, index: Int, time: ReportTime) -> HTML {
        let top = 12.0, bottom = 132.0, height = 160.0
        let inRange = { (p: SignalSeries.Point) in p.at >= start && p.at <= end }
        let segments = (t.signal?.segments ?? []).map { $0.filter(inRange) }.filter { !$0.isEmpty }
        let values = t.points.map(\.value) + segments.flatMap { $0.map(\.value) } + [t.threshold].compactMap { $0 }
        let high = (values.max() ?? 1) * 1.15
        let low = min(values.min() ?? 0, 0)
        let range = max(high - low, 1e-9)
        func y(_ v: Double) -> Double { bottom - (v - low) / range * (bottom - top) }
        func span(_ cls: String, _ span: ReportCharts.Span, fill: String, opacity: String) -> HTML {
            Self.shape("rect", [.class(cls), Self.a("x", x(span.start)), Self.a("y", top), Self.a("width", max(x(span.end) - x(span.start), 1.5)), Self.a("height", bottom - top),
                                Self.a("fill", fill), Self.a("fill-opacity", opacity)], title: cls)
        }
        var s = axis(top: top, bottom: bottom, time: time)
        for p in t.pending { s += span("pending", p, fill: "#f5c542", opacity: "0.35") }
        for p in t.firing { s += span("firing", p, fill: "#cf222e", opacity: "0.25") }
        for mark in shifts where mark.state == .started {
            let px = x(mark.at)
            s += Self.shape("line", [Self.a("x1", px), Self.a("y1", top), Self.a("x2", px), Self.a("y2", bottom), Self.a("stroke", "#0969da"), Self.a("stroke-width", "1.5"), Self.a("stroke-dasharray", "2 3")])
            s += .element("text", [Self.a("x", px), Self.a("y", top + 10), Self.a("font-size", "11"), Self.a("fill", "#0969da"), Self.a("dx", "3")], [.text("\(mark.weight)%")])
        }
        if let threshold = t.threshold {
            let py = y(threshold)
            s += Self.shape("line", [.class("threshold"), Self.a("x1", Self.gutter), Self.a("y1", py), Self.a("x2", Self.width - Self.right), Self.a("y2", py),
                                     Self.a("stroke", "#cf222e"), Self.a("stroke-width", "1.5"), Self.a("stroke-dasharray", "6 4")])
        }
        for run in segments {
            // The signal as its source sampled it, broken where the source has no value.
            let points = run.map { "\(Self.f(x($0.at))),\(Self.f(y($0.value)))" }.joined(separator: " ")
            s += Self.shape("polyline", [.class("signal"), .data("source", "prometheus"), Self.a("points", points), Self.a("fill", "none"), Self.a("stroke", "#1b1f24"), Self.a("stroke-width", "2")])
        }
        if !segments.isEmpty {
            // The recorded values stay as markers: where the watcher changed the trigger's state.
            for p in t.points {
                s += Self.shape("circle", [.class("recorded"), Self.a("cx", x(p.at)), Self.a("cy", y(p.value)), Self.a("r", "3"), Self.a("fill", "#ffffff"), Self.a("stroke", "#1b1f24"), Self.a("stroke-width", "1.5")],
                                title: "recorded \(time.relative(p.at)): \(TriggerMetrics.format(p.value))")
            }
        } else if !t.points.isEmpty {
            // A step line: a recorded value holds until the next one.
            var path = ""
            for (i, p) in t.points.enumerated() {
                if i > 0 { path += " \(Self.f(x(p.at))),\(Self.f(y(t.points[i - 1].value)))" }
                path += " \(Self.f(x(p.at))),\(Self.f(y(p.value)))"
            }
            if let last = t.points.last { path += " \(Self.f(x(end))),\(Self.f(y(last.value)))" }
            s += Self.shape("polyline", [.class("signal"), Self.a("points", path), Self.a("fill", "none"), Self.a("stroke", "#1b1f24"), Self.a("stroke-width", "2")])
            for p in t.points {
                s += Self.shape("circle", [Self.a("cx", x(p.at)), Self.a("cy", y(p.value)), Self.a("r", "3"), Self.a("fill", "#1b1f24")],
                                title: "\(time.relative(p.at)): \(TriggerMetrics.format(p.value))")
            }
        }
        var label = Self.label(28, "13", "#1b1f24", bold: true, String(t.name.prefix(30)))
        if let condition = t.condition { label += Self.label(46, "11", "#59636e", String(condition.prefix(34))) }
        if let threshold = t.threshold { label += Self.label(64, "11", "#cf222e", "threshold \(TriggerMetrics.format(threshold))") }
        label += Self.label(82, "11", "#59636e", t.firing.isEmpty ? "never fired" : "fired \(t.firing.count)×")
        label += Self.label(100, "11", "#59636e", segments.isEmpty ? "recorded values" : "from Prometheus")
        var description = "\(t.name): "
        if segments.isEmpty {
            description += "\(t.points.count) recorded values" + (t.source.map { " (\($0))" } ?? "")
        } else {
            let all = segments.flatMap { $0 }
            let falling = t.op == .less || t.op == .lessOrEqual
            description += "\(t.source ?? "from Prometheus"), \(all.count) values"
            if let peak = falling ? all.min(by: { $0.value < $1.value }) : all.max(by: { $0.value < $1.value }) {
                description += ", \(falling ? "lowest" : "highest") \(TriggerMetrics.format(peak.value)) at \(time.relative(peak.at))"
            }
            if let threshold = t.threshold, let op = t.op {
                let crossings = zip(all, all.dropFirst()).filter { !op.holds($0.0.value, threshold) && op.holds($0.1.value, threshold) }.map { time.relative($0.1.at) }
                if !crossings.isEmpty { description += ", crossed the threshold at " + crossings.prefix(3).joined(separator: ", ") }
            }
        }
        description += (t.threshold.map { ", threshold \(TriggerMetrics.format($0))" } ?? "")
            + ", pending \(t.pending.count)×, firing \(t.firing.count)×, \(shifts.filter { $0.state == .started }.count) shift stages."
        let title = "Trigger \(t.name) over the launch"
        return figure(id: "chart-trigger-\(index)", title: title, description: description, height: height, body: label + s,
                      caption: t.source.map { "\(title): \($0)" })
    }

    /// Phases and steps: planned windows (grey) above what was done (green, red when failed, blue while under way).
    func gantt(time: ReportTime) -> HTML {
        let row = 20.0, top = 8.0
        let height = top + Double(bars.count) * row + 24
        var s = axis(top: top, bottom: height - 22, time: time)
        for (i, bar) in bars.enumerated() {
            let y0 = top + Double(i) * row
            let text = String(bar.label.prefix(bar.phase ? 30 : 34))
            s += .element("text", [Self.a("x", bar.phase ? "6" : "16"), Self.a("y", y0 + 14), Self.a("font-size", bar.phase ? "12" : "11")]
                          + (bar.phase ? [Self.a("font-weight", "600")] : []) + [Self.a("fill", "#1b1f24")], [.text(text)])
            if let p = bar.planned {
                s += Self.shape("rect", [.class("planned"), Self.a("x", x(p.start)), Self.a("y", y0 + 3), Self.a("width", max(x(p.end) - x(p.start), 2)), Self.a("height", "6"), Self.a("fill", "#afb8c1")],
                                title: "planned \(time.relative(p.start)) → \(time.relative(p.end))")
            }
            if let a = bar.actual {
                let colour = bar.phase ? "#57606a" : bar.state == .failed ? "#cf222e" : bar.state == .skipped ? "#8c959f" : bar.state.isSettled ? "#1a7f37" : "#0969da"
                s += Self.shape("rect", [.class("actual"), Self.a("x", x(a.start)), Self.a("y", y0 + 10), Self.a("width", max(x(a.end) - x(a.start), 2)), Self.a("height", "7"), Self.a("fill", colour)],
                                title: "actual \(time.relative(a.start)) → \(time.relative(a.end))")
            }
        }
        let late = bars.filter { b in !b.phase && (b.actual?.end).map { end in (b.planned?.end).map { end > $0 } ?? false } ?? false }.count
        return figure(id: "chart-gantt", title: "Phases and steps, planned against actual",
                      description: "\(bars.filter(\.phase).count) phases and \(bars.filter { !$0.phase }.count) steps; grey bars are planned windows, coloured bars what was done; \(late) steps finished after their window.",
                      height: height, body: s)
    }

    /// Each gate's votes (GO green, NO-GO red) and its decision (a diamond) on the time axis.
    func voteChart(time: ReportTime) -> HTML {
        let gates = (votes + decisions).map(\.gate).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let row = 28.0, top = 8.0
        let height = top + Double(gates.count) * row + 24
        var s = axis(top: top, bottom: height - 22, time: time)
        for (i, gate) in gates.enumerated() {
            let cy = top + Double(i) * row + 14
            s += .element("text", [Self.a("x", "6"), Self.a("y", cy + 4), Self.a("font-size", "12"), Self.a("font-weight", "600"), Self.a("fill", "#1b1f24")], [.text(String(gate.prefix(30)))])
            for v in votes where v.gate == gate {
                s += Self.shape("circle", [.class("vote"), Self.a("cx", x(v.at)), Self.a("cy", cy), Self.a("r", "6"), Self.a("fill", v.go ? "#1a7f37" : "#cf222e")],
                                title: "\(v.label) at \(time.relative(v.at))")
            }
            for d in decisions where d.gate == gate {
                let px = x(d.at)
                let points = "\(Self.f(px)),\(Self.f(cy - 9)) \(Self.f(px + 9)),\(Self.f(cy)) \(Self.f(px)),\(Self.f(cy + 9)) \(Self.f(px - 9)),\(Self.f(cy))"
                s += Self.shape("polygon", [.class("decision"), Self.a("points", points), Self.a("fill", "none"), Self.a("stroke", d.go ? "#1a7f37" : "#cf222e"), Self.a("stroke-width", "2.5")],
                                title: "\(d.label) at \(time.relative(d.at))")
            }
        }
        return figure(id: "chart-votes", title: "Gate votes over the launch",
                      description: "\(votes.count) votes and \(decisions.count) decisions on \(gates.count) gates; GO green, NO-GO red, decisions as diamonds.",
                      height: height, body: s)
    }

    /// Every chart the launch has, in order.
    func charts(time: ReportTime) -> HTML {
        var out: [HTML] = triggers.enumerated().map { triggerChart($0.element, index: $0.offset, time: time) }
        if !bars.isEmpty { out.append(gantt(time: time)) }
        if !votes.isEmpty || !decisions.isEmpty { out.append(voteChart(time: time)) }
        return .join(Array(out.map { [$0] }.joined(separator: [HTML.text("\n")])))
    }

    /// The charts' markup, as the report page holds it.
    public func svg(time: ReportTime) -> String { charts(time: time).rendered }
}
