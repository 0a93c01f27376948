import Foundation
import LiftoffKit
import LiftoffRender

/// The public status page (`/status/{id}`), for customers (docs/status-page.md): only what the
/// communications owner published. The launch window as scheduled maintenance, incidents with
/// their updates, the components' state and the history; never an internal milestone, step,
/// person, note or runbook text. Readable without a login and without script. It does not reload
/// itself (a timed refresh fails WCAG 2.2.1); the Atom feed and the JSON are for following it.
public struct StatusPage {
    public var status: PublicStatus
    public var ended: Bool
    /// Ended as a success: the page says the launch is complete.
    public var completed: Bool

    public init(state: LaunchState, now: Date, history: StepHistory = StepHistory()) {
        let forecast = LaunchForecast(state, history: history, now: now)
        let running = state.ended == nil && !forecast.finished
        status = PublicStatus(state: state, now: now, forecastEnd: running ? forecast.end : nil)
        ended = state.ended != nil
        completed = state.ended?.outcome == .success
    }

    var timeZone: TimeZone { status.timeZone }

    func local(_ date: Date) -> String {
        let s = RelativeTime.describe(date, now: status.now, timeZone: timeZone)
        return s.range(of: ", ").map { String(s[$0.upperBound...]) } ?? s
    }

    func time(_ date: Date) -> HTML {
        .element("time", [.attr("datetime", CanonicalTime.string(date))], [.text(local(date))])
    }

    static func phaseClass(_ phase: PublicNotice.Phase) -> String {
        switch phase {
        case .completed, .resolved, .scheduled: "status-green"
        case .inProgress, .verifying, .monitoring: "status-yellow"
        case .investigating, .identified: "status-red"
        }
    }

    func updates(_ list: [PublicStatus.Update]) -> HTML {
        guard !list.isEmpty else { return .element("p", [.class("empty")], [.text("No updates yet.")]) }
        return .element("ol", [.class("updates")], list.map { u in
            .element("li", [.id("update-\(u.seq)"), .class("update")], [
                .element("p", [.class("update-head")], [.element("strong", [], [.text(u.phase.label)]), .text(" · "), time(u.at)]),
                .element("p", [.class("update-message")], [.text(u.message)]),
            ])
        })
    }

    func maintenanceSection() -> HTML {
        let m = status.maintenance
        var window: [HTML] = [.text("Scheduled for "), time(m.scheduledFor)]
        if let until = m.scheduledUntil { window += [.text(" to "), time(until)] }
        return .element("section", [.id("maintenance"), .class("panel notice maintenance"), .aria("labelledby", "maintenance-title")], [
            .element("h2", [.id("maintenance-title")], [.text(m.title)]),
            .element("p", [.class("notice-state \(Self.phaseClass(m.phase))")], [.text("Maintenance: " + m.phase.label)]),
            .element("p", [.class("window")], window),
            status.expectedCompletion.map { end in
                .element("p", [.id("expected-completion"), .class("expected-completion")], [.text("Expected completion: "), time(end)])
            } ?? .empty,
            .element("p", [.class("affects")], [.text("Affects: " + m.components.joined(separator: ", "))]),
            updates(m.updates),
        ])
    }

    func incidentSection(_ i: PublicStatus.Incident) -> HTML {
        .element("section", [.id("incident-\(i.number)"), .class("panel notice incident"), .aria("labelledby", "incident-\(i.number)-title")], [
            .element("h3", [.id("incident-\(i.number)-title")], [.text(i.title)]),
            .element("p", [.class("notice-state \(Self.phaseClass(i.phase))")],
                     [.text("Incident: " + i.phase.label + (i.impact == .none ? "" : " · \(i.impact.rawValue) impact"))]),
            i.components.isEmpty ? .empty : .element("p", [.class("affects")], [.text("Affects: " + i.components.joined(separator: ", "))]),
            updates(i.updates),
        ])
    }

    public func render() -> String {
        let indicator = status.indicator
        let open = status.openIncidents
        let past = status.incidents.filter { $0.phase.isFinal }
        let bannerClass = switch indicator {
        case .none: "status-green"
        case .maintenance, .minor: "status-yellow"
        case .major, .critical: "status-red"
        }
        let components: [HTML] = status.components.map { c in
            .element("li", [.class("component component-\(c.status.rawValue)")], [
                .element("span", [.class("component-name")], [.text(c.name)]),
                .text(": "),
                .element("strong", [.class("component-status")], [.text(c.status.label)]),
            ])
        }
        let main: [HTML] = [
            .element("h1", [], [.text(status.name)]),
            .element("p", [.id("status-current"), .class("status-current indicator-\(indicator.rawValue) \(bannerClass)")], [
                .element("span", [.class("status-dot"), .aria("hidden", "true")], []),
                .text(" " + indicator.description),
            ]),
            ended ? .element("p", [.class("ended-note")], [.text(completed ? "This launch is complete." : "This launch has ended.")]) : .empty,
            .element("section", [.id("components"), .class("panel"), .aria("labelledby", "components-title")], [
                .element("h2", [.id("components-title")], [.text("Components")]),
                .element("ul", [.class("components")], components),
            ]),
            .element("section", [.id("incidents"), .class("panel"), .aria("labelledby", "incidents-title")], [
                .element("h2", [.id("incidents-title")], [.text("Incidents")]),
                open.isEmpty ? .element("p", [.class("empty")], [.text("No open incidents.")]) : .join(open.map(incidentSection)),
            ]),
            maintenanceSection(),
            past.isEmpty ? .empty : .element("section", [.id("history"), .class("panel"), .aria("labelledby", "history-title")], [
                .element("h2", [.id("history-title")], [.text("Past incidents")]),
                .join(past.map(incidentSection)),
            ]),
            .element("p", [.class("fine-print")], [
                .element("a", [.attr("href", "/status/\(status.launch)")], [.text("Reload for the latest")]),
                .text(". Times in \(timeZone.identifier). Follow this page as an "),
                .element("a", [.attr("href", "/status/\(status.launch)/history.atom")], [.text("Atom feed")]),
                .text(" or "),
                .element("a", [.attr("href", "/status/\(status.launch)/api/v2/summary.json")], [.text("JSON")]),
                .text("."),
            ]),
        ]
        return PageLayout.page(title: "\(status.name) · status", viewer: nil, bodyClass: "status-page", script: false,
                               head: [
                                   .void("link", [.attr("rel", "alternate"), .attr("type", "application/atom+xml"), .attr("title", "\(status.name) status"),
                                                  .attr("href", "/status/\(status.launch)/history.atom")]),
                               ],
                               main: main)
    }
}
