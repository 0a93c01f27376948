import Foundation
import LiftoffKit

extension WarRoomPage {
    /// "Now": the forecast against the window, what is in progress, what is ready to start and
    /// what waits (and for what), and the critical path — the questions asked on the bridge.
    func clockPanel() -> HTML {
        let words = ForecastText(forecast, timeZone: state.timeZone)
        var content: [HTML] = []
        if let hold = state.hold {
            content.append(.element("p", [.class("hold-note"), .attr("role", "status")],
                                    [.element("strong", [], [.text("On hold")]), .text(" since \(local(hold.at)) by \(hold.by): \(hold.reason). No shift stage, check-driven decision or automatic rollback until resumed.")]))
        }
        if state.ended == nil, let summary = words.summary {
            content.append(.element("p", [.id("forecast-line"), .class(forecast.isOver ? "forecast over" : "forecast")], [.text(summary)]))
        }
        let started = state.inProgress
        if !started.isEmpty {
            content.append(list("In progress", "in-progress", started.map { step in
                let since = state.progress(of: step.id).startedAt.map { " · started \(local($0))" } ?? ""
                let end = forecast.item(.step(step.id)).map { " · expected done \(local($0.end))" } ?? ""
                return [.text(step.text), owner(step), .element("span", [.class("meta")], [.text(since + end)])]
            }))
        }
        let ready = state.readyNow(now: now)
        content.append(list("Ready now", "ready", ready.prefix(Self.clockListLimit).map { step in
            [.text(step.text), owner(step)]
        }, more: ready.count - Self.clockListLimit, empty: "Nothing is ready to start."))
        let waiting = state.runbook.steps.compactMap { step -> (Step, [WaitReason])? in
            guard !step.rollback, case .waiting(let reasons) = state.readiness(of: step, now: now),
                  !reasons.contains(where: { if case .window = $0 { true } else { false } }) else { return nil }
            return (step, reasons)
        }
        if !waiting.isEmpty {
            content.append(list("Waiting", "waiting", waiting.prefix(Self.clockListLimit).map { step, reasons in
                [.text(step.text), .element("span", [.class("meta")], [.text(" waits for " + reasons.map { $0.text(now: now, timeZone: state.timeZone) }.joined(separator: ", "))])]
            }, more: waiting.count - Self.clockListLimit))
        }
        if state.ended == nil, !forecast.criticalPath.isEmpty {
            content.append(.element("p", [.class("critical-path")], [.text("Critical path: " + words.criticalPathText(forecast.criticalPath))]))
        }
        if canAct { content.append(holdForm()) }
        // Not "clock": that id is the T-minus clock in the header.
        return panel("now", "Now", content)
    }

    /// Stop the line (any participant who may act), or lift the hold.
    func holdForm() -> HTML {
        if state.hold != nil {
            return actionForm("resume", "Resume the launch", [
                .element("span", [.class("buttons")], [.element("button", [.attr("type", "submit"), .class("resume")], [.text("Resume")])]),
            ])
        }
        return actionForm("hold", "Hold the launch", [
            textInput(id: "hold-reason", name: "reason", label: "Why the launch is held", placeholder: "Reason for the hold", required: true),
            .element("span", [.class("buttons")], [.element("button", [.attr("type", "submit"), .class("hold")], [.text("Hold")])]),
        ])
    }

    /// "Start" for a checklist step, after its mark buttons and always present (disabled once it
    /// is started or settled) so a change of state never moves the buttons.
    func startForm(_ step: Step, progress: StepProgress, describedBy: String) -> HTML {
        guard !step.rollback else { return .empty }
        let startable = progress.state == .pending && progress.startedAt == nil
        return actionForm("starts", "Start step", [
            hidden("step", step.id),
            .element("button", [.attr("type", "submit"), .class("start"), .flag("disabled", !startable), .aria("describedby", describedBy)], [.text("Start")]),
        ])
    }

    static let clockListLimit = 12

    private func owner(_ step: Step) -> HTML {
        step.owner.map { .element("span", [.class("owner")], [.text(" — \($0)")]) } ?? .empty
    }

    private func list(_ title: String, _ id: String, _ rows: [[HTML]], more: Int = 0, empty: String? = nil) -> HTML {
        var items = rows.map { HTML.element("li", [], $0) }
        if more > 0 { items.append(.element("li", [.class("more")], [.text("… and \(more) more")])) }
        let body: HTML = items.isEmpty ? .element("p", [.class("empty")], [.text(empty ?? "")]) : .element("ul", [.class("clock-list")], items)
        return .element("div", [.class("clock-group \(id)")], [.element("h3", [], [.text("\(title) (\(rows.count + max(0, more)))")]), body])
    }
}
