import Foundation
import LiftoffKit
import LiftoffRender
import LiftoffStore

/// `/launches`: every launch with its latest event, newest first.
public struct LaunchesPage {
    public var launches: [LaunchSummary]
    public var viewer: PageViewer
    public var now: Date

    public init(launches: [LaunchSummary], viewer: PageViewer, now: Date) {
        self.launches = launches
        self.viewer = viewer
        self.now = now
    }

    public func render() -> String {
        let visible = launches.sorted { $0.id > $1.id }
        let content: HTML
        if visible.isEmpty {
            content = .element("p", [.class("empty")], [
                .text("No launches yet. Create one with "),
                .element("code", [], [.text("liftoff launch create RUNBOOK.md --at … --tz …")]),
                .text("."),
            ])
        } else {
            let head = HTML.element("thead", [], [.element("tr", [], ["#", "Launch", "Latest event", "Public status"].map {
                .element("th", [.attr("scope", "col")], [.text($0)])
            })])
            let rows: [HTML] = visible.map { l in
                .element("tr", [], [
                    .element("td", [.class("number")], [.text(String(l.id))]),
                    .element("th", [.attr("scope", "row")], [.element("a", [.attr("href", "/launches/\(l.id)")], [.text(l.name)])]),
                    .element("td", [], [
                        .text("\(l.lastType) (#\(l.lastSeq)) · "),
                        .element("time", [.attr("datetime", CanonicalTime.string(l.lastTime))],
                                 [.text(RelativeTime.describe(l.lastTime, now: now, timeZone: TimeZone(identifier: "UTC") ?? .current))]),
                    ]),
                    .element("td", [], [.element("a", [.attr("href", "/status/\(l.id)")], [
                        .text("status"), PageLayout.srOnly(" of \(l.name)"),
                    ])]),
                ])
            }
            content = .element("div", [.class("table-scroll")], [.element("table", [.class("launches")], [head, .element("tbody", [], rows)])])
        }
        return PageLayout.page(title: "Launches · Liftoff", viewer: viewer, bodyClass: "launches-page", script: false, main: [
            .element("h1", [], [.text("Launches")]),
            .element("section", [.class("panel"), .aria("label", "All launches")], [content]),
        ])
    }
}
