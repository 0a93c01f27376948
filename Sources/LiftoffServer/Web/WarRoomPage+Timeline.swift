import Foundation
import LiftoffKit
import LiftoffRender

/// One row of the timeline: a phase's planned window and what actually happened in it.
struct TimelineRow {
    var title: String
    var planned: (start: Date, end: Date)
    /// First mark in the phase to its last one (or now, while steps remain open).
    var actual: (start: Date, end: Date)?
    var settled: Int
    var total: Int
    /// Where the forecast puts the phase's remaining work; nil once it is all done.
    var forecast: (start: Date, end: Date)?
}

extension WarRoomPage {
    func timelineRows() -> [TimelineRow] {
        let sections = state.runbook.sections
        func belongs(_ sectionIndex: Int, to phase: Int) -> Bool {
            var current: Int? = sectionIndex
            var hops = 0
            while let c = current, hops < 100 {
                if c == phase { return true }
                current = sections.indices.contains(c) ? sections[c].parent : nil
                hops += 1
            }
            return false
        }
        return sections.indices.compactMap { i -> TimelineRow? in
            let section = sections[i]
            guard let anchor = section.anchor else { return nil }
            let w = section.window ?? TimeWindow(anchor)
            let start = state.instant(w.start)
            var end = state.instant(w.end)
            if end <= start { end = start.addingTimeInterval(LaunchState.pointGrace) }
            let steps = state.runbook.steps.filter { !$0.rollback && belongs($0.section, to: i) }
            let progress = steps.map { state.progress(of: $0.id) }
            let marks = progress.compactMap(\.at)
            let settled = progress.filter(\.state.isSettled).count
            var actual: (Date, Date)?
            if let first = marks.min(), let last = marks.max() {
                actual = (first, settled == steps.count ? last : max(last, now))
            }
            let ahead = forecast.items.filter { $0.phase == i && !$0.finished }
            let expected = ahead.map(\.start).min().flatMap { s in ahead.map(\.end).max().map { (s, $0) } }
            return TimelineRow(title: section.title, planned: (start, end), actual: actual, settled: settled, total: steps.count, forecast: expected)
        }
    }

    /// Phases as bars on one shared scale, with a now-line; the text beside each bar says the same
    /// for screen readers and narrow screens.
    func timeline() -> HTML {
        let rows = timelineRows()
        guard !rows.isEmpty else {
            return panel("timeline", "Timeline", [.element("p", [.class("empty")], [.text("No timed phases in this runbook.")])])
        }
        var low = rows.map(\.planned.start).min() ?? now
        var high = rows.map(\.planned.end).max() ?? now
        for row in rows { if let a = row.actual { low = min(low, a.start); high = max(high, a.end) } }
        for row in rows { if let f = row.forecast { low = min(low, f.start); high = max(high, f.end) } }
        low = min(low, now)
        high = max(high, now)
        let span = max(high.timeIntervalSince(low), 60)
        func x(_ d: Date) -> Double { (d.timeIntervalSince(low) / span * 1000).rounded() }
        func bar(_ r: (start: Date, end: Date), _ y: Int, _ cls: String) -> HTML {
            let x0 = x(r.start)
            let w = max(x(r.end) - x0, 4)
            return .element("rect", [.class(cls), .attr("x", String(Int(min(x0, 996)))), .attr("y", String(y)), .attr("width", String(Int(w))), .attr("height", "6")])
        }
        let nowX = String(Int(x(now)))
        let items: [HTML] = rows.map { row in
            var shapes: [HTML] = [bar(row.planned, 2, "planned")]
            if let a = row.actual { shapes.append(bar(a, 10, "actual")) }
            if let f = row.forecast { shapes.append(bar(f, 10, "forecast")) }
            shapes.append(.element("line", [.class("now-line"), .attr("x1", nowX), .attr("x2", nowX), .attr("y1", "0"), .attr("y2", "18"),
                                         .attr("vector-effect", "non-scaling-stroke")]))
            var text = "planned " + local(row.planned.start) + " → " + local(row.planned.end)
            if let a = row.actual {
                text += "; actual " + local(a.start) + " → " + (row.settled == row.total ? local(a.end) : "now")
            } else {
                text += "; not started"
            }
            if let f = row.forecast { text += "; forecast end " + local(f.end) }
            text += " · \(row.settled)/\(row.total) settled"
            return .element("li", [.class(row.actual == nil ? "phase-row" : "phase-row started")], [
                .element("span", [.class("phase-title")], [.text(row.title)]),
                .element("span", [.class("phase-times")], [.text(text)]),
                .element("svg", [.class("track"), .attr("viewBox", "0 0 1000 18"), .attr("preserveAspectRatio", "none"),
                                 .aria("hidden", "true"), .attr("focusable", "false")], shapes),
            ])
        }
        return panel("timeline", "Timeline", [
            .element("p", [.class("legend")], [
                .element("span", [.class("key planned")], [.text("planned")]),
                .element("span", [.class("key actual")], [.text("actual")]),
                .element("span", [.class("key forecast")], [.text("forecast")]),
                .element("span", [.class("key now")], [.text("now " + clock(now))]),
            ]),
            .element("ol", [.class("timeline")], items),
        ])
    }
}

extension WarRoomPage {
    /// The absolute half of `RelativeTime.describe`: `14:30 CET` today, with the date otherwise.
    func local(_ date: Date) -> String {
        let s = RelativeTime.describe(date, now: now, timeZone: state.timeZone)
        return s.range(of: ", ").map { String(s[$0.upperBound...]) } ?? s
    }
}
