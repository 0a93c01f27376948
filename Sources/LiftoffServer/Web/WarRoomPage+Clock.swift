import Foundation
import LiftoffKit
import LiftoffRender

extension WarRoomPage {
    /// "Now": what needs doing and by whom — a gate waiting for my vote, the rollback's steps
    /// while it runs, then steps overdue, in progress and ready, grouped by owner with mine
    /// first, each one tap (and an optional note) from done; then what waits, the critical
    /// path and the hold (docs/war-room.md, "What the war room shows": Now).
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
        content += myGates()
        let groups = nowGroups()
        if groups.isEmpty, state.ended == nil {
            content.append(.element("p", [.class("empty")], [.text("Nothing is ready, in progress or overdue.")]))
        }
        var counter = 0
        for group in groups {
            let title: [HTML] = [
                .text(group.title),
                group.mine ? .element("span", [.class("yours")], [.text(" (you)")]) : .empty,
                .text(" · \(group.items.count)"),
            ]
            content.append(.element("section", [.class(group.mine ? "owner-group mine" : "owner-group"), .aria("label", "\(group.title): \(group.items.count) to do")], [
                .element("h3", [], title),
                group.owner.map(contactLinks) ?? .empty,
                .element("ul", [.class("now-list")], group.items.map { item in
                    counter += 1
                    return nowItem(item.step, kind: item.kind, index: counter)
                }),
            ]))
        }
        let waiting = state.runbook.steps.compactMap { step -> (Step, [WaitReason])? in
            guard !step.rollback, case .waiting(let reasons) = state.readiness(of: step, now: now),
                  !reasons.contains(where: { if case .window = $0 { true } else { false } }) else { return nil }
            return (step, reasons)
        }
        if !waiting.isEmpty {
            content.append(.element("details", [.id("now-waiting"), .class("waiting-list")], [
                .element("summary", [], [.text("Waiting (\(waiting.count))")]),
                .element("ul", [.class("clock-list")], waiting.prefix(Self.clockListLimit).map { step, reasons in
                    .element("li", [], [.text(step.text), owner(step), .element("span", [.class("meta")], [.text(" waits for " + reasons.map { $0.text(now: now, timeZone: state.timeZone) }.joined(separator: ", "))])])
                } + (waiting.count > Self.clockListLimit ? [.element("li", [.class("more")], [.text("… and \(waiting.count - Self.clockListLimit) more")])] : [])),
            ]))
        }
        if state.ended == nil, !forecast.criticalPath.isEmpty {
            content.append(.element("p", [.class("critical-path")], [.text("Critical path: " + words.criticalPathText(forecast.criticalPath))]))
        }
        if canAct { content.append(holdForm()) }
        // Not "clock": that id is the T-minus clock in the header.
        return panel("now", "Now", content)
    }

    enum NowKind: String { case rollback, overdue, inProgress = "in-progress", ready }

    struct NowGroup {
        var owner: String?
        var title: String
        var mine: Bool
        var items: [(step: Step, kind: NowKind)]
    }

    /// Steps to act on, by owner: mine first, then in the order their most urgent step comes.
    func nowGroups() -> [NowGroup] {
        guard state.ended == nil else { return [] }
        var picked: [(Step, NowKind)] = []
        var seen = Set<String>()
        func add(_ steps: [Step], _ kind: NowKind) {
            for step in steps where seen.insert(step.id).inserted { picked.append((step, kind)) }
        }
        if state.rollbackInProgress {
            add(state.runbook.steps.filter { $0.rollback && !state.progress(of: $0.id).state.isSettled }, .rollback)
        }
        let overdueIDs = Set(state.overdue(now: now).map(\.id))
        add(state.runbook.steps.filter { overdueIDs.contains($0.id) }, .overdue)
        add(state.inProgress, .inProgress)
        add(state.readyNow(now: now), .ready)
        var groups: [NowGroup] = []
        for (step, kind) in picked {
            let key = step.owner.map(RoleName.key) ?? ""
            if let i = groups.firstIndex(where: { ($0.owner.map(RoleName.key) ?? "") == key }) {
                if groups[i].items.count < Self.clockListLimit { groups[i].items.append((step, kind)) }
            } else {
                groups.append(NowGroup(owner: step.owner, title: step.owner ?? "No owner named", mine: step.owner.map(isMine) ?? false, items: [(step, kind)]))
            }
        }
        return groups.filter(\.mine) + groups.filter { !$0.mine }
    }

    /// Whether the signed-in participant owns work given to `owner` (their name or one of their roles).
    func isMine(_ owner: String) -> Bool {
        let me = viewer.participant
        return RoleName.same(owner, me.name) || me.holds(owner) || OwnerParser.roles(owner).contains(where: me.holds)
    }

    func nowItem(_ step: Step, kind: NowKind, index: Int) -> HTML {
        let progress = state.progress(of: step.id)
        let textID = "now-text-\(index)"
        var meta: [String] = []
        if let started = progress.startedAt { meta.append("started \(local(started))") }
        if let window = state.window(of: step) { meta.append((kind == .overdue ? "was due by " + local(window.end) : "due " + when(window.start))) }
        if let end = forecast.item(.step(step.id))?.end, kind != .overdue { meta.append("expected done \(local(end))") }
        let label = kind == .inProgress ? "in progress" : kind.rawValue
        var content: [HTML] = [
            .element("div", [.class("step-main")], [
                .element("span", [.class("badge now-\(kind.rawValue)")], [.text(label)]),
                .element("span", [.id(textID), .class("step-text")], [.text(step.text)]),
            ]),
            meta.isEmpty ? .empty : .element("p", [.class("step-meta")], [.text(meta.joined(separator: " · "))]),
        ]
        if canAct {
            let startable = !step.rollback && progress.state == .pending && progress.startedAt == nil
            content.append(actionForm("marks", "Mark \(step.text)", [
                hidden("step", step.id),
                textInput(id: "now-note-\(index)", name: "note", label: "Note for \(step.text) (optional)", placeholder: "Note (optional)"),
                .element("span", [.class("buttons")], [
                    .element("button", [.attr("type", "submit"), .attr("name", "mark"), .attr("value", StepMark.done.rawValue), .class("mark-done primary"),
                                        .aria("describedby", textID)], [.text("Done")]),
                    startable ? .element("button", [.attr("type", "submit"), .attr("name", "start"), .attr("value", "1"), .class("start"),
                                                    .data("api", "\(apiBase)/starts"), .data("only", "step"), .aria("describedby", textID)], [.text("Start")]) : .empty,
                    .element("details", [.id(Self.domID("more", step.id)), .class("more-marks")], [
                        .element("summary", [.aria("label", "More marks for \(step.text)")], [.text("More")]),
                        .element("span", [.class("buttons")], [(StepMark.skipped, "Skip"), (StepMark.failed, "Fail"), (StepMark.blocked, "Block")].map { mark, text in
                            .element("button", [.attr("type", "submit"), .attr("name", "mark"), .attr("value", mark.rawValue), .class("mark-\(mark.rawValue)"),
                                                .aria("describedby", textID)], [.text(text)])
                        }),
                    ]),
                ]),
            ]))
        }
        return .element("li", [.id(Self.domID("now", step.id)), .class("now-item now-\(kind.rawValue)"), .data("now-step", step.id)], content)
    }

    /// Gates waiting for a vote of a role the viewer holds and has not yet cast.
    func myGates() -> [HTML] {
        guard canAct else { return [] }
        return state.runbook.gates.enumerated().compactMap { index, gate -> HTML? in
            let progress = state.gates[gate.id] ?? GateProgress(gate: gate.id)
            guard progress.decision == .open else { return nil }
            let roles = gate.roles.filter { viewer.participant.holds($0) && progress.votes[RoleName.key($0)] == nil }
            guard !roles.isEmpty else { return nil }
            let titleID = "now-gate-title-\(index)"
            var facts = state.verdict(of: gate, now: now).reason
            if let window = gate.window { facts = "at \(Plan.offsetText(window.start)), \(when(state.instant(window.start))) · " + facts }
            return .element("section", [.class("my-gate"), .aria("labelledby", titleID), .data("now-gate", gate.id)], [
                .element("h3", [.id(titleID)], [.text("Your vote: \(gate.title)")]),
                .element("p", [.class("gate-facts")], [.text(facts)]),
                voteForm(gate, roles: roles, index: index, describedBy: titleID, idPrefix: "now-vote"),
            ])
        }
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
}
