import Foundation
import LiftoffKit
import LiftoffRender

extension WarRoomPage {
    func gates() -> HTML {
        let gates = state.runbook.gates
        guard !gates.isEmpty else {
            return panel("gates", "Gates", [.element("p", [.class("empty")], [.text("No go/no-go gates in this runbook.")])])
        }
        return panel("gates", "Gates", live: false, gates.enumerated().map { gateItem($1, index: $0) })
    }

    func gateItem(_ gate: Gate, index: Int) -> HTML {
        let progress = state.gates[gate.id] ?? GateProgress(gate: gate.id)
        let verdict = state.verdict(of: gate, now: now)
        let titleID = "gate-title-\(index)"
        var content: [HTML] = [
            .element("h3", [.id(titleID)], [
                .text(gate.title + " "),
                .element("span", [.class("badge decision-\(progress.decision.rawValue)")], [.text(progress.decision.label)]),
            ]),
        ]
        var facts: [HTML] = []
        if let window = gate.window {
            facts.append(.text("At \(Plan.offsetText(window.start)) · "))
            facts.append(time(state.instant(window.start), when(state.instant(window.start))))
            facts.append(.text(" · "))
        }
        facts.append(.text(progress.decision == .open ? verdict.reason : "decided \(progress.decision.label)"))
        content.append(.element("p", [.class("gate-facts")], facts))
        if let o = progress.override {
            content.append(.element("p", [.class("override")], [.text("Overridden by \(o.by): \(o.reason)")]))
        }
        content.append(.element("ul", [.class("votes"), .aria("label", "Votes")], gate.roles.map { role in
            guard let vote = progress.votes[RoleName.key(role)] else {
                return .element("li", [.class("vote waiting")], [.element("span", [.class("role")], [.text(role)]), .text(": waiting")])
            }
            let label = vote.vote == .go ? "GO" : "NO-GO"
            return .element("li", [.class("vote vote-\(vote.vote.rawValue)")], [
                .element("span", [.class("role")], [.text(role)]),
                .text(": "),
                .element("strong", [], [.text(label)]),
                .text(" by \(vote.by) at \(clock(vote.at))" + (vote.comment.map { " — \($0)" } ?? "")),
            ])
        }))
        if !progress.checks.isEmpty {
            content.append(.element("ul", [.class("gate-checks"), .aria("label", "Check evidence")],
                progress.checks.values.sorted { $0.check < $1.check }.map { evidence in
                    .element("li", [], [
                        .element("span", [.class("badge result-\(evidence.result.rawValue)")], [.text(evidence.result.rawValue)]),
                        .text(" \(evidence.check) at \(clock(evidence.at))"),
                    ])
                }))
        }
        if canAct {
            let myRoles = gate.roles.filter { viewer.participant.holds($0) }
            if !myRoles.isEmpty {
                content.append(voteForm(gate, roles: myRoles, index: index, describedBy: titleID))
            }
            if viewer.participant.admin, !progress.isPassable {
                content.append(actionForm("overrides", "Override gate", [
                    hidden("gate", gate.id),
                    textInput(id: "override-\(index)", name: "reason", label: "Reason for overriding \(gate.title)", placeholder: "Reason (required)", required: true),
                    .element("span", [.class("buttons")], [
                        .element("button", [.attr("type", "submit"), .class("override"), .aria("describedby", titleID)], [.text("Override")]),
                    ]),
                ]))
            }
        }
        return .element("article", [.id(Self.domID("gate", gate.id)), .class("gate decision-\(progress.decision.rawValue)"),
                                    .aria("labelledby", titleID), .data("gate", gate.id), .data("live", "")], content)
    }

    /// Votes only for the roles this viewer holds and the gate requires.
    func voteForm(_ gate: Gate, roles: [String], index: Int, describedBy: String, idPrefix: String = "vote") -> HTML {
        let role: HTML
        if roles.count == 1, let only = roles.first {
            role = .join([hidden("role", only), .element("span", [.class("as-role")], [.text("as \(only)")])])
        } else {
            role = .join([
                .element("label", [.attr("for", "\(idPrefix)-role-\(index)")], [.text("Vote as")]),
                .element("select", [.id("\(idPrefix)-role-\(index)"), .attr("name", "role")], roles.map { .element("option", [.attr("value", $0)], [.text($0)]) }),
            ])
        }
        return actionForm("votes", "Vote on gate", [
            hidden("gate", gate.id),
            role,
            textInput(id: "\(idPrefix)-comment-\(index)", name: "comment", label: "Comment on your vote (optional)", placeholder: "Comment (optional)"),
            .element("span", [.class("buttons")], [
                .element("button", [.attr("type", "submit"), .attr("name", "vote"), .attr("value", "go"), .class("vote-go"), .aria("describedby", describedBy)], [.text("GO")]),
                .element("button", [.attr("type", "submit"), .attr("name", "vote"), .attr("value", "nogo"), .class("vote-nogo"), .aria("describedby", describedBy)], [.text("NO-GO")]),
            ]),
        ])
    }
}
