import Foundation
import LiftoffKit

/// What the report's charts draw (docs/report.md, "Charts"), read from the log once: each
/// trigger's recorded values with its threshold and its pending and firing spans, the traffic
/// shift's stages, the phases and steps planned against done, and the gates' votes. Pure data;
/// `ReportCharts+SVG` draws it on one time axis.
public struct ReportCharts: Sendable, Hashable {
    public struct Point: Sendable, Hashable {
        public var at: Date
        public var value: Double
    }

    public struct Span: Sendable, Hashable {
        public var start: Date
        public var end: Date
    }

    public struct TriggerSeries: Sendable, Hashable {
        public var name: String
        public var condition: String?
        public var threshold: Double?
        /// The values `trigger.changed` recorded (the watcher records a value with each change of state).
        public var points: [Point]
        public var pending: [Span]
        public var firing: [Span]
        /// The rule's id and the series (`{instance="a"}`, empty for one series), to match the signal.
        public var rule: String? = nil
        public var seriesKey: String = ""
        public var op: ComparisonOperator? = nil
        /// The signal over the launch from its source (`attach(signals:)`); nil: recorded values only.
        public var signal: SignalSeries? = nil
        /// Where the line comes from, in words (`from Prometheus`, `recorded values only: …`); nil when nobody asked.
        public var source: String? = nil
    }

    public struct ShiftMark: Sendable, Hashable {
        public var at: Date
        public var weight: Int
        public var state: ShiftStageState
    }

    public struct Bar: Sendable, Hashable {
        public var label: String
        public var phase: Bool
        public var planned: Span?
        public var actual: Span?
        public var state: StepState
    }

    public struct VoteMark: Sendable, Hashable {
        public var gate: String
        public var at: Date
        public var go: Bool
        public var label: String
    }

    public var start: Date
    public var end: Date
    public var triggers: [TriggerSeries] = []
    public var shifts: [ShiftMark] = []
    public var bars: [Bar] = []
    public var votes: [VoteMark] = []
    /// Gate title → when it was decided and whether GO.
    public var decisions: [VoteMark] = []

    public var isEmpty: Bool { triggers.isEmpty && bars.isEmpty && votes.isEmpty }

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// `end` is the launch's end, or now while it runs.
    public static func build(state: LaunchState, events: [LaunchEvent], end: Date) -> ReportCharts {
        var charts = ReportCharts(start: state.t0, end: end)
        var byTrigger: [String: (rule: TriggerRule?, points: [Point], pending: [Span], firing: [Span], since: Date?, current: TriggerStatus?)] = [:]
        var order: [String] = []
        for event in events {
            switch event.eventType {
            case .triggerChanged:
                guard let c = try? event.decode(TriggerChanged.self) else { continue }
                let key = c.series.map { "\(c.trigger) \($0)" } ?? c.trigger
                if byTrigger[key] == nil { order.append(key); byTrigger[key] = (state.triggerRule(c.trigger), [], [], [], nil, nil) }
                guard var t = byTrigger[key] else { continue }
                if let value = c.value, value.isFinite { t.points.append(Point(at: event.time, value: value)) }
                if let since = t.since, let current = t.current {
                    if current == .pending { t.pending.append(Span(start: since, end: event.time)) }
                    if current == .firing { t.firing.append(Span(start: since, end: event.time)) }
                }
                t.since = event.time
                t.current = c.state
                byTrigger[key] = t
            case .shiftStage:
                guard let s = try? event.decode(ShiftStage.self) else { continue }
                charts.shifts.append(ShiftMark(at: event.time, weight: s.weight, state: s.state))
            case .gateVoted:
                guard let v = try? event.decode(GateVoted.self) else { continue }
                let title = state.gate(v.gate)?.title ?? v.gate
                charts.votes.append(VoteMark(gate: title, at: event.time, go: v.vote == .go, label: "\(v.role) \(v.vote == .go ? "GO" : "NO-GO")"))
            case .gateDecided:
                guard let d = try? event.decode(GateDecided.self), d.decision != .open else { continue }
                let title = state.gate(d.gate)?.title ?? d.gate
                charts.decisions.append(VoteMark(gate: title, at: event.time, go: d.decision == .go, label: "decided \(d.decision.label)"))
            default:
                continue
            }
        }
        for key in order {
            guard var t = byTrigger[key] else { continue }
            if let since = t.since, let current = t.current {
                if current == .pending { t.pending.append(Span(start: since, end: end)) }
                if current == .firing { t.firing.append(Span(start: since, end: end)) }
            }
            var series = TriggerSeries(name: t.rule?.name ?? key, condition: t.rule?.conditionText, threshold: t.rule?.threshold,
                                       points: t.points, pending: t.pending, firing: t.firing)
            if let rule = t.rule {
                series.rule = rule.id
                series.op = rule.op
                series.seriesKey = key == rule.id ? "" : String(key.dropFirst(rule.id.count + 1))
            }
            charts.triggers.append(series)
        }
        for (index, section) in state.runbook.sections.enumerated() where !section.roles.contains(.rollback) {
            let window = (section.window ?? section.anchor.map(TimeWindow.init)).map { w in
                Span(start: state.instant(w.start), end: max(state.instant(w.end), state.instant(w.start).addingTimeInterval(60)))
            }
            let steps = state.runbook.steps.filter { $0.section == index && !$0.rollback }
            var rows: [Bar] = []
            for step in steps {
                let progress = state.progress(of: step.id)
                let planned = state.window(of: step).map { Span(start: $0.start, end: $0.end) }
                let doneAt = progress.state.isSettled || progress.state == .failed ? progress.at : nil
                let began = progress.startedAt ?? doneAt.map { $0.addingTimeInterval(-60) }
                let actual = began.map { Span(start: $0, end: doneAt ?? (progress.inProgress ? end : $0)) }
                rows.append(Bar(label: step.text, phase: false, planned: planned, actual: actual, state: progress.state))
            }
            guard window != nil || rows.contains(where: { $0.planned != nil || $0.actual != nil }) else { continue }
            let actuals = rows.compactMap(\.actual)
            let phaseActual = actuals.isEmpty ? nil : Span(start: actuals.map(\.start).min() ?? end, end: actuals.map(\.end).max() ?? end)
            charts.bars.append(Bar(label: section.title, phase: true, planned: window, actual: phaseActual, state: .pending))
            charts.bars += rows
        }
        let times = charts.triggers.flatMap { $0.points.map(\.at) } + charts.shifts.map(\.at) + charts.votes.map(\.at) + charts.decisions.map(\.at)
            + charts.bars.flatMap { [$0.planned?.start, $0.planned?.end, $0.actual?.start, $0.actual?.end].compactMap { $0 } }
        charts.start = ([state.t0] + times).min() ?? state.t0
        charts.end = max(([end] + times).max() ?? end, charts.start.addingTimeInterval(60))
        return charts
    }
}
