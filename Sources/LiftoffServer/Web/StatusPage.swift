import Foundation
import LiftoffKit

/// The public status page (`/status/{id}`): the launch's name, its current status colour and the
/// posted updates. Nothing internal: no steps, people, notes or runbook text. Readable without
/// a login and without script; it reloads itself every 30 seconds.
public struct StatusPage {
    public var name: String
    public var timeZone: TimeZone
    public var statuses: [PostedStatus]
    public var ended: Bool
    /// Ended as a success: the page says the launch is complete.
    public var completed: Bool
    public var now: Date
    /// The forecast end while the launch runs (no step names: the page is public).
    public var expectedCompletion: Date?

    public init(state: LaunchState, now: Date, history: StepHistory = StepHistory()) {
        name = state.name
        timeZone = state.timeZone
        statuses = state.statuses
        ended = state.ended != nil
        completed = state.ended?.outcome == .success
        self.now = now
        let forecast = LaunchForecast(state, history: history, now: now)
        expectedCompletion = ended || forecast.finished ? nil : forecast.end
    }

    public static let refreshSeconds = 30

    func local(_ date: Date) -> String {
        let s = RelativeTime.describe(date, now: now, timeZone: timeZone)
        return s.range(of: ", ").map { String(s[$0.upperBound...]) } ?? s
    }

    public func render() -> String {
        let updates: [HTML] = statuses.reversed().map { u in
            .element("li", [.class("update status-\(u.status.rawValue)")], [
                .element("p", [.class("update-head")], [
                    .element("span", [.class("status-dot"), .aria("hidden", "true")], []),
                    .element("strong", [], [.text(" " + u.status.label)]),
                    .text(" · "),
                    .element("time", [.attr("datetime", CanonicalTime.string(u.at))], [.text(local(u.at))]),
                ]),
                .element("p", [.class("update-message")], [.text(u.message)]),
            ])
        }
        let main: [HTML] = [
            .element("h1", [], [.text(name)]),
            StatusBadge.current(statuses.last, clock: local, id: "status-current"),
            ended ? .element("p", [.class("ended-note")], [.text(completed ? "This launch is complete." : "This launch has ended.")]) : .empty,
            expectedCompletion.map { end in
                .element("p", [.id("expected-completion"), .class("expected-completion")],
                         [.text("Expected completion: "), .element("time", [.attr("datetime", CanonicalTime.string(end))], [.text(local(end))])])
            } ?? .empty,
            .element("section", [.class("panel"), .aria("labelledby", "updates-title")], [
                .element("h2", [.id("updates-title")], [.text("Updates")]),
                updates.isEmpty ? .element("p", [.class("empty")], [.text("No updates yet.")])
                    : .element("ol", [.class("updates")], updates),
            ]),
            .element("p", [.class("fine-print")], [.text("Times in \(timeZone.identifier). This page refreshes every \(Self.refreshSeconds) seconds.")]),
        ]
        return PageLayout.page(title: "\(name) · status", viewer: nil, bodyClass: "status-page", script: false,
                               head: [.void("meta", [.attr("http-equiv", "refresh"), .attr("content", String(Self.refreshSeconds))])],
                               main: main)
    }
}
