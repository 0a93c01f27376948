import Foundation
import LiftoffKit
import LiftoffRender

extension WarRoomPage {
    /// The success criteria: each with its state, the window left while verifying, the values
    /// seen, who confirmed it; the launch's lifecycle above them.
    func criteria() -> HTML {
        let lifecycle = LaunchLifecycle.of(state, now: now)
        var content: [HTML] = [.element("p", [.class("lifecycle")], [
            .text("Lifecycle: "), .element("span", [.class("badge lifecycle-\(lifecycle.rawValue)")], [.text(lifecycle.rawValue)]),
        ])]
        if let o = state.completionOverride {
            content.append(.element("p", [.class("override")], [.text("Completed by override by \(o.by): \(o.reason)")]))
        }
        let checks = state.successChecks
        guard !checks.isEmpty else {
            return panel("criteria", "Success criteria", content + [.element("p", [.class("empty")], [.text("The runbook states no success criteria.")])])
        }
        let items: [HTML] = checks.enumerated().map { index, check in
            let p = state.criterion(check.id)
            let detail = LaunchStatusReport(state: state, now: now).criterionSummary(check)
            return .element("li", [.class("criterion state-\(p.status.rawValue)"), .data("criterion", check.id)], [
                .element("span", [.class("badge criterion-\(p.status.rawValue)")], [.text(p.status.rawValue)]),
                .text(" "),
                .element("span", [.class("criterion-text")], [.text((check.group.map { "\($0): " } ?? "") + check.text)]),
                check.owner.map { .element("span", [.class("owner")], [.text(" — \($0)")]) } ?? .empty,
                .element("p", [.class("evidence")], [.text(detail)]),
                .element("p", [.class("criterion-id")], [.element("code", [], [.text(check.id)])]),
                confirmForm(check, index: index),
            ])
        }
        let met = checks.filter { state.criterion($0.id).isMet }.count
        content.append(.element("p", [], [.text("\(met) of \(checks.count) verified or confirmed.")]))
        content.append(.element("ul", [.class("criteria-list")], items))
        content.append(completeForm(allMet: met == checks.count))
        return panel("criteria", "Success criteria", content)
    }

    /// For a judged criterion not yet confirmed, offered to its owner (or an admin): a note and Confirm.
    func confirmForm(_ check: SuccessCheck, index: Int) -> HTML {
        guard canAct, case .confirmation = check.method, !state.criterion(check.id).isMet else { return .empty }
        let me = viewer.participant
        let mayConfirm = me.admin || check.owner.map { owner in
            me.holds(owner) || OwnerParser.roles(owner).contains(where: me.holds) || OwnerParser.roles(owner).isEmpty
        } ?? true
        guard mayConfirm else { return .empty }
        return actionForm("confirmations", "Confirm \(check.text)", [
            hidden("criterion", check.id),
            textInput(id: "confirm-\(index)", name: "note", label: "Evidence for \(check.text)", placeholder: "Evidence (required)", required: true),
            .element("span", [.class("buttons")], [.element("button", [.attr("type", "submit")], [.text("Confirm")])]),
        ])
    }

    /// Complete the launch once every criterion is met; an admin may complete by override, with a reason.
    func completeForm(allMet: Bool) -> HTML {
        guard canAct else { return .empty }
        if allMet, state.rollback == nil {
            return actionForm("complete", "Complete the launch", [
                .element("span", [.class("buttons")], [.element("button", [.attr("type", "submit")], [.text("Complete the launch")])]),
            ])
        }
        guard viewer.participant.admin else { return .empty }
        return actionForm("complete", "Complete the launch by override", [
            textInput(id: "complete-override", name: "override", label: "Reason for completing with criteria unmet", placeholder: "Reason (required)", required: true),
            .element("span", [.class("buttons")], [.element("button", [.attr("type", "submit"), .class("override")], [.text("Complete by override")])]),
        ])
    }
}
