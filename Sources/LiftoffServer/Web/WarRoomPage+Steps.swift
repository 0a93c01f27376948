import Foundation
import LiftoffKit
import LiftoffRender

extension WarRoomPage {
    /// Steps grouped by the section that holds them, in runbook order. Each phase shows its
    /// progress; its open steps are listed, its settled ones fold away (`<details>`: who did
    /// what when), so the page stays short as the launch advances.
    func steps() -> HTML {
        var groups: [(section: Int, steps: [(index: Int, step: Step)])] = []
        for (index, step) in state.runbook.steps.enumerated() {
            if let last = groups.indices.last, groups[last].section == step.section {
                groups[last].steps.append((index, step))
            } else {
                groups.append((step.section, [(index, step)]))
            }
        }
        guard !groups.isEmpty else {
            return panel("steps", "Steps", [.element("p", [.class("empty")], [.text("This runbook has no steps.")])])
        }
        return panel("steps", "Steps by phase", live: false, groups.enumerated().map { number, group in
            let section = state.runbook.sections.indices.contains(group.section) ? state.runbook.sections[group.section] : nil
            let title = section?.title ?? "Steps"
            var heading: [HTML] = [.text(title)]
            if let window = section?.window {
                heading.append(.element("span", [.class("offset")], [.text(" " + Self.windowText(window))]))
            }
            let settled = group.steps.filter { state.progress(of: $0.step.id).state.isSettled }
            let open = group.steps.filter { !state.progress(of: $0.step.id).state.isSettled }
            let done = settled.filter { state.progress(of: $0.step.id).state == .done }.count
            let counts = "\(settled.count)/\(group.steps.count) settled" + (settled.count > done ? " (\(settled.count - done) skipped)" : "")
            let headingID = "phase-title-\(number)"
            var content: [HTML] = [
                .element("h3", [.id(headingID)], heading),
                .element("p", [.class("phase-progress")], [
                    .element("progress", [.attr("max", String(group.steps.count)), .attr("value", String(settled.count)), .aria("label", "\(title): steps settled")], []),
                    .text(" " + counts),
                ]),
            ]
            if !open.isEmpty {
                content.append(.element("ol", [.class("step-list")], open.map { stepItem($0.step, index: $0.index) }))
            }
            if !settled.isEmpty {
                content.append(.element("details", [.id("done-\(number)"), .class("done-steps")], [
                    .element("summary", [], [.text("Settled steps (\(settled.count))")]),
                    .element("ol", [.class("step-list")], settled.map { stepItem($0.step, index: $0.index) }),
                ]))
            }
            return .element("section", [.id("phase-\(number)"), .class(open.isEmpty ? "phase all-settled" : "phase"), .aria("labelledby", headingID),
                                        .data("live", "")], content)
        })
    }

    static func windowText(_ w: TimeWindow) -> String {
        w.start == w.end ? Plan.offsetText(w.start) : "\(Plan.offsetText(w.start)) → \(Plan.offsetText(w.end))"
    }

    func stepItem(_ step: Step, index: Int) -> HTML {
        let progress = state.progress(of: step.id)
        let textID = "step-text-\(index)"
        var meta: [HTML] = []
        if let owner = step.owner {
            meta.append(.element("span", [.class("owner")], [.text("Owner: \(owner)")]))
        }
        if let window = state.window(of: step) {
            let overdue = !progress.state.isSettled && window.end < now && !step.rollback
            meta.append(.element("span", [.class(overdue ? "due overdue" : "due")], [
                .text("Due \(Plan.offsetText(relativeWindow(of: step)?.start ?? .zero)) · "),
                time(window.start, when(window.start)),
                overdue ? .element("strong", [], [.text(" · overdue")]) : .empty,
            ]))
        } else if step.rollback {
            meta.append(.element("span", [.class("due")], [.text("Rollback step")]))
        }
        var note = ""
        if progress.state != .pending || progress.by != nil, let by = progress.by {
            note = "\(progress.state.rawValue) by \(by)" + (progress.at.map { " at " + clock($0) } ?? "")
                + (progress.note.map { ": \($0)" } ?? "")
        }
        var content: [HTML] = [
            .element("div", [.class("step-main")], [
                .element("span", [.class("badge state-\(progress.state.rawValue)")], [.text(progress.state.rawValue)]),
                readinessBadge(step, progress: progress),
                .element("span", [.id(textID), .class("step-text")], [.text(step.text)]),
            ]),
            .element("p", [.class("step-meta")], meta),
            .element("p", [.class("step-note"), .attr("title", note.isEmpty ? nil : note)], [.text(note)]),
        ]
        if canAct {
            content.append(markForm(step, progress: progress, index: index, describedBy: textID))
            content.append(startForm(step, progress: progress, describedBy: textID))
        }
        return .element("li", [.id(Self.domID("step", step.id)), .class("step state-\(progress.state.rawValue)\(step.parent == nil ? "" : " substep")"),
                               .data("step", step.id), .data("live", "")], content)
    }

    /// Five buttons, always all present (the ones that do not apply are disabled) so a change
    /// of state never moves the page.
    func markForm(_ step: Step, progress: StepProgress, index: Int, describedBy: String) -> HTML {
        let marks: [(StepMark, String, StepState?)] = [
            (.done, "Done", .done), (.skipped, "Skip", .skipped), (.failed, "Fail", .failed),
            (.blocked, "Block", .blocked), (.reopened, "Reopen", nil),
        ]
        let buttons: [HTML] = marks.map { mark, label, target in
            let disabled = target.map { $0 == progress.state } ?? (progress.state == .pending)
            return .element("button", [.attr("type", "submit"), .attr("name", "mark"), .attr("value", mark.rawValue),
                                       .class("mark-\(mark.rawValue)"), .flag("disabled", disabled), .aria("describedby", describedBy)],
                            [.text(label)])
        }
        return actionForm("marks", "Mark step", [
            hidden("step", step.id),
            textInput(id: "note-\(index)", name: "note", label: "Note for this step (optional)", placeholder: "Note (optional)"),
            .element("span", [.class("buttons")], buttons),
        ])
    }
}

extension WarRoomPage {
    /// For an open checklist step: ready, in progress, or waiting (and for what, in its title).
    func readinessBadge(_ step: Step, progress: StepProgress) -> HTML {
        guard !step.rollback, progress.state == .pending, state.ended == nil else { return .empty }
        let readiness = state.readiness(of: step, now: now)
        var title: String?
        if case .waiting(let reasons) = readiness {
            title = "waits for " + reasons.map { $0.text(now: now, timeZone: state.timeZone) }.joined(separator: ", ")
        }
        return .element("span", [.class("badge readiness-\(readiness.key)"), .attr("title", title)], [.text(readiness.label)])
    }

    /// The step's own window, else its section's (relative to T-0).
    func relativeWindow(of step: Step) -> TimeWindow? {
        step.window ?? (state.runbook.sections.indices.contains(step.section) ? state.runbook.sections[step.section].window : nil)
    }

    /// A short local time (`14:05`) in the launch's zone, for things that just happened.
    func clock(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = state.timeZone
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }
}
