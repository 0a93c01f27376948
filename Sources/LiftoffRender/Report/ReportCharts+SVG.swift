import Foundation
import LiftoffKit

/// The report's charts as inline SVG (docs/report.md, "Charts"): no script, no external file,
/// colours as presentation attributes so the page's Content-Security-Policy stays as it is and a
/// printed PDF keeps them. Every chart shares one time axis, so a trigger firing lines up with
/// the shift stage and the step beside it.
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
    static func e(_ s: String) -> String { HTMLRenderer.escape(s) }

    /// Tick lines and their times across `height`, labels under `labelY`.
    func axis(top: Double, bottom: Double, time: ReportTime) -> String {
        let count = 6
        var s = ""
        for i in 0...count {
            let at = start.addingTimeInterval(end.timeIntervalSince(start) * Double(i) / Double(count))
            let px = Self.f(x(at))
            s += "<line x1=\"\(px)\" y1=\"\(Self.f(top))\" x2=\"\(px)\" y2=\"\(Self.f(bottom))\" stroke=\"#d8dee4\" stroke-width=\"1\"/>"
            let anchor = i == 0 ? "start" : i == count ? "end" : "middle"
            s += "<text x=\"\(px)\" y=\"\(Self.f(bottom + 14))\" font-size=\"11\" fill=\"#59636e\" text-anchor=\"\(anchor)\">\(Self.e(time.relative(at)))</text>"
        }
        return s
    }

    func figure(id: String, title: String, description: String, height: Double, body: String, caption: String? = nil) -> String {
        """
        <figure class="chart" id="\(id)"><svg viewBox="0 0 \(Self.f(Self.width)) \(Self.f(height))" width="100%" role="img" aria-labelledby="\(id)-t \(id)-d"><title id="\(id)-t">\(Self.e(title))</title><desc id="\(id)-d">\(Self.e(description))</desc><rect x="0" y="0" width="\(Self.f(Self.width))" height="\(Self.f(height))" fill="#ffffff"/>\(body)</svg><figcaption>\(Self.e(caption ?? title))</figcaption></figure>
        """
    }

    /// One chart per trigger: its signal (from Prometheus, else its recorded values), threshold,
    /// pending (amber) and firing (red) spans, and the shift's stages.
    func triggerChart(_ t: TriggerSeries, index: Int, time: ReportTime) -> String {
        let top = 12.0, bottom = 132.0, height = 160.0
        let inRange = { (p: SignalSeries.Point) in p.at >= start && p.at <= end }
        let segments = (t.signal?.segments ?? []).map { $0.filter(inRange) }.filter { !$0.isEmpty }
        let values = t.points.map(\.value) + segments.flatMap { $0.map(\.value) } + [t.threshold].compactMap { $0 }
        let high = (values.max() ?? 1) * 1.15
        let low = min(values.min() ?? 0, 0)
        let range = max(high - low, 1e-9)
        func y(_ v: Double) -> Double { bottom - (v - low) / range * (bottom - top) }
        var s = axis(top: top, bottom: bottom, time: time)
        for span in t.pending {
            s += "<rect class=\"pending\" x=\"\(Self.f(x(span.start)))\" y=\"\(Self.f(top))\" width=\"\(Self.f(max(x(span.end) - x(span.start), 1.5)))\" height=\"\(Self.f(bottom - top))\" fill=\"#f5c542\" fill-opacity=\"0.35\"><title>pending</title></rect>"
        }
        for span in t.firing {
            s += "<rect class=\"firing\" x=\"\(Self.f(x(span.start)))\" y=\"\(Self.f(top))\" width=\"\(Self.f(max(x(span.end) - x(span.start), 1.5)))\" height=\"\(Self.f(bottom - top))\" fill=\"#cf222e\" fill-opacity=\"0.25\"><title>firing</title></rect>"
        }
        for mark in shifts where mark.state == .started {
            let px = Self.f(x(mark.at))
            s += "<line x1=\"\(px)\" y1=\"\(Self.f(top))\" x2=\"\(px)\" y2=\"\(Self.f(bottom))\" stroke=\"#0969da\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>"
            s += "<text x=\"\(px)\" y=\"\(Self.f(top + 10))\" font-size=\"11\" fill=\"#0969da\" dx=\"3\">\(mark.weight)%</text>"
        }
        if let threshold = t.threshold {
            let py = Self.f(y(threshold))
            s += "<line class=\"threshold\" x1=\"\(Self.f(Self.gutter))\" y1=\"\(py)\" x2=\"\(Self.f(Self.width - Self.right))\" y2=\"\(py)\" stroke=\"#cf222e\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
        }
        for run in segments {
            // The signal as its source sampled it, broken where the source has no value.
            let points = run.map { "\(Self.f(x($0.at))),\(Self.f(y($0.value)))" }.joined(separator: " ")
            s += "<polyline class=\"signal\" data-source=\"prometheus\" points=\"\(points)\" fill=\"none\" stroke=\"#1b1f24\" stroke-width=\"2\"/>"
        }
        if !segments.isEmpty {
            // The recorded values stay as markers: where the watcher changed the trigger's state.
            for p in t.points {
                s += "<circle class=\"recorded\" cx=\"\(Self.f(x(p.at)))\" cy=\"\(Self.f(y(p.value)))\" r=\"3\" fill=\"#ffffff\" stroke=\"#1b1f24\" stroke-width=\"1.5\"><title>recorded \(Self.e(time.relative(p.at))): \(Self.e(TriggerMetrics.format(p.value)))</title></circle>"
            }
        } else if !t.points.isEmpty {
            // A step line: a recorded value holds until the next one.
            var path = ""
            for (i, p) in t.points.enumerated() {
                if i > 0 { path += " \(Self.f(x(p.at))),\(Self.f(y(t.points[i - 1].value)))" }
                path += " \(Self.f(x(p.at))),\(Self.f(y(p.value)))"
            }
            if let last = t.points.last { path += " \(Self.f(x(end))),\(Self.f(y(last.value)))" }
            s += "<polyline class=\"signal\" points=\"\(path)\" fill=\"none\" stroke=\"#1b1f24\" stroke-width=\"2\"/>"
            for p in t.points {
                s += "<circle cx=\"\(Self.f(x(p.at)))\" cy=\"\(Self.f(y(p.value)))\" r=\"3\" fill=\"#1b1f24\"><title>\(Self.e(time.relative(p.at))): \(Self.e(TriggerMetrics.format(p.value)))</title></circle>"
            }
        }
        var label = "<text x=\"8\" y=\"28\" font-size=\"13\" font-weight=\"600\" fill=\"#1b1f24\">\(Self.e(String(t.name.prefix(30))))</text>"
        if let condition = t.condition { label += "<text x=\"8\" y=\"46\" font-size=\"11\" fill=\"#59636e\">\(Self.e(String(condition.prefix(34))))</text>" }
        if let threshold = t.threshold { label += "<text x=\"8\" y=\"64\" font-size=\"11\" fill=\"#cf222e\">threshold \(Self.e(TriggerMetrics.format(threshold)))</text>" }
        label += "<text x=\"8\" y=\"82\" font-size=\"11\" fill=\"#59636e\">\(t.firing.isEmpty ? "never fired" : "fired \(t.firing.count)×")</text>"
        label += "<text x=\"8\" y=\"100\" font-size=\"11\" fill=\"#59636e\">\(segments.isEmpty ? "recorded values" : "from Prometheus")</text>"
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
    func gantt(time: ReportTime) -> String {
        let row = 20.0, top = 8.0
        let height = top + Double(bars.count) * row + 24
        var s = axis(top: top, bottom: height - 22, time: time)
        for (i, bar) in bars.enumerated() {
            let y0 = top + Double(i) * row
            let text = String(bar.label.prefix(bar.phase ? 30 : 34))
            s += "<text x=\"\(bar.phase ? 6 : 16)\" y=\"\(Self.f(y0 + 14))\" font-size=\"\(bar.phase ? 12 : 11)\" \(bar.phase ? "font-weight=\"600\" " : "")fill=\"#1b1f24\">\(Self.e(text))</text>"
            if let p = bar.planned {
                s += "<rect class=\"planned\" x=\"\(Self.f(x(p.start)))\" y=\"\(Self.f(y0 + 3))\" width=\"\(Self.f(max(x(p.end) - x(p.start), 2)))\" height=\"6\" fill=\"#afb8c1\"><title>planned \(Self.e(time.relative(p.start))) → \(Self.e(time.relative(p.end)))</title></rect>"
            }
            if let a = bar.actual {
                let colour = bar.phase ? "#57606a" : bar.state == .failed ? "#cf222e" : bar.state == .skipped ? "#8c959f" : bar.state.isSettled ? "#1a7f37" : "#0969da"
                s += "<rect class=\"actual\" x=\"\(Self.f(x(a.start)))\" y=\"\(Self.f(y0 + 10))\" width=\"\(Self.f(max(x(a.end) - x(a.start), 2)))\" height=\"7\" fill=\"\(colour)\"><title>actual \(Self.e(time.relative(a.start))) → \(Self.e(time.relative(a.end)))</title></rect>"
            }
        }
        let late = bars.filter { b in !b.phase && (b.actual?.end).map { end in (b.planned?.end).map { end > $0 } ?? false } ?? false }.count
        return figure(id: "chart-gantt", title: "Phases and steps, planned against actual",
                      description: "\(bars.filter(\.phase).count) phases and \(bars.filter { !$0.phase }.count) steps; grey bars are planned windows, coloured bars what was done; \(late) steps finished after their window.",
                      height: height, body: s)
    }

    /// Each gate's votes (GO green, NO-GO red) and its decision (a diamond) on the time axis.
    func voteChart(time: ReportTime) -> String {
        let gates = (votes + decisions).map(\.gate).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let row = 28.0, top = 8.0
        let height = top + Double(gates.count) * row + 24
        var s = axis(top: top, bottom: height - 22, time: time)
        for (i, gate) in gates.enumerated() {
            let cy = top + Double(i) * row + 14
            s += "<text x=\"6\" y=\"\(Self.f(cy + 4))\" font-size=\"12\" font-weight=\"600\" fill=\"#1b1f24\">\(Self.e(String(gate.prefix(30))))</text>"
            for v in votes where v.gate == gate {
                s += "<circle class=\"vote\" cx=\"\(Self.f(x(v.at)))\" cy=\"\(Self.f(cy))\" r=\"6\" fill=\"\(v.go ? "#1a7f37" : "#cf222e")\"><title>\(Self.e(v.label)) at \(Self.e(time.relative(v.at)))</title></circle>"
            }
            for d in decisions where d.gate == gate {
                let px = x(d.at)
                s += "<polygon class=\"decision\" points=\"\(Self.f(px)),\(Self.f(cy - 9)) \(Self.f(px + 9)),\(Self.f(cy)) \(Self.f(px)),\(Self.f(cy + 9)) \(Self.f(px - 9)),\(Self.f(cy))\" fill=\"none\" stroke=\"\(d.go ? "#1a7f37" : "#cf222e")\" stroke-width=\"2.5\"><title>\(Self.e(d.label)) at \(Self.e(time.relative(d.at)))</title></polygon>"
            }
        }
        return figure(id: "chart-votes", title: "Gate votes over the launch",
                      description: "\(votes.count) votes and \(decisions.count) decisions on \(gates.count) gates; GO green, NO-GO red, decisions as diamonds.",
                      height: height, body: s)
    }

    /// Every chart the launch has, in order.
    public func svg(time: ReportTime) -> String {
        var out: [String] = triggers.enumerated().map { triggerChart($0.element, index: $0.offset, time: time) }
        if !bars.isEmpty { out.append(gantt(time: time)) }
        if !votes.isEmpty || !decisions.isEmpty { out.append(voteChart(time: time)) }
        return out.joined(separator: "\n")
    }
}
