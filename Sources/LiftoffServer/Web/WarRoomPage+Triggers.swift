import Foundation
import LiftoffKit
import LiftoffRender

extension WarRoomPage {
    /// The triggers as live charts (their signal over the last window, the threshold,
    /// the pending and firing spans) and the traffic shift as a stage bar (docs/war-room.md).
    func triggers() -> HTML {
        var content: [HTML] = shifts()
        guard !state.triggerRules.isEmpty || !facts.triggers.isEmpty else {
            return panel("triggers", "Triggers and traffic", content + [.element("p", [.class("empty")], [.text("No triggers.")])])
        }
        // Every rule the launch watches, named as the runbook names it; then readings of rules
        // no longer in the runbook (none, unless the log says otherwise).
        var shown = Set<String>()
        var cards: [HTML] = []
        for rule in state.triggerRules {
            let readings = facts.triggers.filter { $0.name == rule.id || $0.name.hasPrefix(rule.id + " {") }
            if readings.isEmpty {
                cards.append(triggerCard(rule: rule, reading: nil, label: rule.name, id: rule.id))
            }
            for t in readings {
                shown.insert(t.name)
                let series = t.name == rule.id ? "" : " " + t.name.dropFirst(rule.id.count + 1)
                cards.append(triggerCard(rule: rule, reading: t, label: rule.name + series, id: rule.id))
            }
        }
        for t in facts.triggers where !shown.contains(t.name) {
            cards.append(triggerCard(rule: nil, reading: t, label: t.name, id: t.name))
        }
        content.append(.element("div", [.class("trigger-cards")], cards))
        return panel("triggers", "Triggers and traffic", content)
    }

    func triggerCard(rule: TriggerRule?, reading: LaunchFacts.TriggerReading?, label: String, id: String) -> HTML {
        let status: String
        if let reading {
            status = reading.state.rawValue
        } else if let rule {
            status = LiveRules.isActive(rule, in: state, now: now) ? "ok" : "idle"
        } else {
            status = "ok"
        }
        let seriesKey = rule.flatMap { r in reading.map { $0.name == r.id ? "" : String($0.name.dropFirst(r.id.count + 1)) } } ?? ""
        let series = rule.flatMap { state.trigger($0.id).series[seriesKey] }
        let format: (Double) -> String = { v in rule?.valueText(v) ?? Sparkline.format(v) }
        var line = "now " + (reading?.lastValue.map(format) ?? "—")
        if let rule { line += " · threshold \(rule.op.rawValue) \(rule.thresholdText)" }
        if let reading { line += " · \(reading.state.rawValue) since \(clock(reading.since))" }
        var content: [HTML] = [
            .element("h3", [], [
                .text(label + " "),
                .element("span", [.class("badge trigger-\(status)")], [.text(status == "idle" ? "not yet active" : status)]),
            ]),
        ]
        if let rule {
            content.append(.element("p", [.class("condition")], [.text("\(rule.conditionText) → \(rule.action.rawValue)")]))
        }
        content.append(.element("p", [.class("reading")], [.text(line)]))
        let chart = TriggerChart(rule: rule, reading: reading, series: series, now: now, label: label, clock: clock,
                                 signal: rule.flatMap { signals[$0.id] }, seriesKey: seriesKey)
        content.append(chart.svg())
        if let note = chart.note() { content.append(note) }
        return .element("article", [.id(Self.domID("trigger", seriesKey.isEmpty ? id : id + " " + seriesKey)),
                                    .class("trigger state-\(status)"), .data("trigger", id)], content)
    }

    // MARK: traffic

    /// Each shift step as a bar of its stages: passed, under way (with the analysis countdown), to come.
    func shifts() -> [HTML] {
        state.shiftSteps.map { shift in
            let records = state.shifts[shift.step] ?? []
            let started = records.filter { $0.state == .started }
            let passed = records.filter { $0.state == .passed }.count
            let aborted = records.first { $0.state == .aborted }
            let stages: [HTML] = shift.stages.enumerated().map { i, weight in
                let kind: String
                var note = ""
                if i < passed {
                    kind = "passed"
                    note = "passed"
                } else if i < started.count {
                    if aborted != nil {
                        kind = "aborted"
                        note = "aborted"
                    } else {
                        kind = "current"
                        note = "under way"
                    }
                } else {
                    kind = "next"
                    note = "to come"
                }
                return .element("li", [.class("stage stage-\(kind)")], [
                    .element("span", [.class("stage-weight")], [.text("\(weight)%")]),
                    .element("span", [.class("stage-note")], [.text(note)]),
                ])
            }
            var text: [HTML] = []
            if let aborted {
                text.append(.text("Aborted at \(aborted.weight)% at \(clock(aborted.at))" + (aborted.reason.map { ": \($0)" } ?? "")))
            } else if let until = analysisEnd(shift) {
                text += [.text("Stage \(started.count) of \(shift.stages.count) at \(started.last?.weight ?? 0)%: analysis until \(clock(until)) · "),
                         .element("time", [.class("countdown"), .attr("datetime", CanonicalTime.string(until)), .data("until", CanonicalTime.string(until))],
                                  [.text(Self.countdownText(until.timeIntervalSince(now)))]),
                         .text(" left")]
            } else if passed == shift.stages.count {
                text.append(.text("All \(shift.stages.count) stages passed"))
            } else {
                text.append(.text("Not started: \(shift.stages.map { "\($0)%" }.joined(separator: " → "))"))
            }
            if !shift.analysis.isEmpty { text.append(.text(" · watching " + shift.analysis.joined(separator: ", "))) }
            return .element("section", [.class("shift"), .aria("label", "Traffic shift")], [
                .element("h3", [], [.text("Traffic shift")]),
                .element("ol", [.class("stage-bar")], stages),
                .element("p", [.class("shift-note")], text),
            ])
        }
    }

    /// When the stage under way ends its pause and analysis; nil when no stage is under way.
    func analysisEnd(_ shift: ShiftStep) -> Date? {
        let records = state.shifts[shift.step] ?? []
        let started = records.filter { $0.state == .started }
        let passed = records.filter { $0.state == .passed }.count
        guard !records.contains(where: { $0.state == .aborted }), started.count > passed, let current = started.last else { return nil }
        let stage = started.count - 1
        let pause = shift.pauses.indices.contains(stage) ? shift.pauses[stage] : 0
        return current.at.addingTimeInterval(Double(pause))
    }

    /// The header's traffic line: the weight now, the stage, the analysis left.
    func trafficSummary() -> [HTML]? {
        guard !state.shiftSteps.isEmpty else { return nil }
        for shift in state.shiftSteps.reversed() {
            let records = state.shifts[shift.step] ?? []
            guard let last = records.last else { continue }
            if last.state == .aborted { return [.text("Traffic: shift aborted at \(last.weight)%")] }
            var parts: [HTML] = [.text("Traffic: \(last.weight)%")]
            let started = records.filter { $0.state == .started }.count
            parts.append(.text(" · stage \(started)/\(shift.stages.count)"))
            if let until = analysisEnd(shift) {
                parts += [.text(" · analysis "),
                          .element("time", [.class("countdown"), .attr("datetime", CanonicalTime.string(until)), .data("until", CanonicalTime.string(until))],
                                   [.text(Self.countdownText(until.timeIntervalSince(now)))]),
                          .text(" left")]
            }
            return parts
        }
        return [.text("Traffic: not shifted yet")]
    }

    /// `4:05`, `1:02:03`, `0:00` once past; the script ticks the same format.
    static func countdownText(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.up)))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
