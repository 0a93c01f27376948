import Foundation
import LiftoffKit

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
        let items: [HTML] = checks.map { check in
            let p = state.criterion(check.id)
            let detail = LaunchStatusReport(state: state, now: now).criterionSummary(check)
            return .element("li", [.class("criterion state-\(p.status.rawValue)"), .data("criterion", check.id)], [
                .element("span", [.class("badge criterion-\(p.status.rawValue)")], [.text(p.status.rawValue)]),
                .text(" "),
                .element("span", [.class("criterion-text")], [.text((check.group.map { "\($0): " } ?? "") + check.text)]),
                check.owner.map { .element("span", [.class("owner")], [.text(" — \($0)")]) } ?? .empty,
                .element("p", [.class("evidence")], [.text(detail)]),
                .element("p", [.class("criterion-id")], [.element("code", [], [.text(check.id)])]),
            ])
        }
        let met = checks.filter { state.criterion($0.id).isMet }.count
        content.append(.element("p", [], [.text("\(met) of \(checks.count) verified or confirmed.")]))
        content.append(.element("ul", [.class("criteria-list")], items))
        return panel("criteria", "Success criteria", content)
    }
}
