import Foundation
import LiftoffKit
import LiftoffRender

extension WarRoomPage {
    // MARK: status

    func statusPanel() -> HTML {
        var content: [HTML] = [StatusBadge.current(state.currentStatus, clock: clock, id: "status-current")]
        content.append(.element("p", [.class("public-link")], [
            .element("a", [.attr("href", "/status/\(state.launch)")], [.text("Public status page")]),
            canAct || viewer.canAct ? .join([.text(" · "), .element("a", [.attr("href", "/launches/\(state.launch)/publish")], [.text("Tell customers")])]) : .empty,
        ]))
        if canAct {
            let choices: [HTML] = StatusLevel.allCases.map { colour in
                .element("label", [.class("choice status-\(colour.rawValue)")], [
                    .void("input", [.attr("type", "radio"), .attr("name", "status"), .attr("value", colour.rawValue),
                                    .flag("checked", colour == (state.currentStatus?.status ?? .green)), .flag("required")]),
                    .text(" " + colour.label),
                ])
            }
            content.append(actionForm("status", "Post a status update", [
                .element("fieldset", [.class("status-choices")], [.element("legend", [], [.text("Status")])] + choices),
                .element("label", [.attr("for", "status-message")], [.text("Message")]),
                .element("textarea", [.id("status-message"), .attr("name", "message"), .attr("rows", "2"), .attr("maxlength", "2000"), .flag("required")], []),
                .element("span", [.class("buttons")], [.element("button", [.attr("type", "submit")], [.text("Post status")])]),
            ]))
        }
        return panel("status", "Status", live: false, content)
    }

    // MARK: checks

    func checks() -> HTML {
        let results = facts.latestChecks
        guard !results.isEmpty else {
            return panel("checks", "Checks", [.element("p", [.class("empty")], [.text("No check results yet.")])])
        }
        return panel("checks", "Checks", [.element("ul", [.class("check-list")], results.map { r in
            var evidence: [String] = []
            if let e = r.expected { evidence.append("expected \(e)") }
            if let o = r.observed { evidence.append("observed \(o)") }
            let target = r.gate.map { "gate \($0)" } ?? r.step.map { step in state.plan.step(step).map { "step “\($0.text)”" } ?? "step \(step)" }
            return .element("li", [.class("check result-\(r.result.rawValue)")], [
                .element("span", [.class("badge result-\(r.result.rawValue)")], [.text(r.result.rawValue)]),
                .text(" "),
                .element("span", [.class("check-name")], [.text(r.check)]),
                .text((target.map { " · \($0)" } ?? "") + " · \(clock(r.time))"),
                evidence.isEmpty ? .empty : .element("p", [.class("evidence")], [.text(evidence.joined(separator: ", "))]),
            ])
        })])
    }

    // MARK: activity

    static let feedLimit = 200

    func feed() -> HTML {
        let statuses = Dictionary(state.statuses.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
        let items = state.activity.suffix(Self.feedLimit).reversed().map { item -> HTML in
            let summary = statuses[item.seq].map { "\(item.actor) posted \($0.status.label)" + ($0.milestone.map { " (\($0))" } ?? "") + ": \($0.message)" } ?? item.summary
            return .element("li", [.id("ev-\(item.seq)"), .data("seq", String(item.seq)), .class("feed-\(item.type.replacingOccurrences(of: ".", with: "-"))")], [
                time(item.time, clock(item.time)),
                .text(" "),
                .element("span", [], [.text(summary)]),
            ])
        }
        // The list itself is the live region; the script inserts new items and never rebuilds it.
        return .element("section", [.id("activity"), .class("panel"), .aria("labelledby", "activity-title")], [
            .element("h2", [.id("activity-title")], [.text("Activity")]),
            .element("div", [.class("feed-scroll"), .attr("tabindex", "0"), .aria("label", "Activity feed, newest first")], [
                .element("ol", [.id("feed"), .class("feed"), .aria("live", "polite"), .aria("relevant", "additions")], items),
            ]),
        ])
    }
}

/// The coloured current-status block shared by the war room and the public status page.
enum StatusBadge {
    static func current(_ update: PostedStatus?, clock: (Date) -> String, id: String) -> HTML {
        guard let update else {
            return .element("div", [.id(id), .class("status-current status-none"), .data("live", "")], [
                .element("p", [.class("status-label")], [.text("No status posted yet")]),
                .element("p", [.class("status-message")], [.text("")]),
            ])
        }
        return .element("div", [.id(id), .class("status-current status-\(update.status.rawValue)"), .data("live", "")], [
            .element("p", [.class("status-label")], [
                .element("span", [.class("status-dot"), .aria("hidden", "true")], []),
                .text(" \(update.status.label) · \(clock(update.at))"),
            ]),
            .element("p", [.class("status-message")], [.text(update.message)]),
        ])
    }
}
