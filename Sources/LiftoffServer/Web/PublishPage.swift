import Foundation
import LiftoffKit
import LiftoffRender

/// `/launches/{id}/publish`: where the communications owner tells customers (docs/status-page.md).
/// Each template is prefilled from the launch and published with one click (through the JSON
/// API, like every change); the public page as customers see it now sits beside them.
struct PublishPage {
    var state: LaunchState
    var viewer: PageViewer
    var status: PublicStatus

    init(state: LaunchState, viewer: PageViewer, now: Date, history: StepHistory) {
        self.state = state
        self.viewer = viewer
        status = StatusPage(state: state, now: now, history: history).status
    }

    var api: String { "/api/v1/launches/\(state.launch)/publications" }

    func form(_ template: PublicTemplate, index: Int) -> HTML {
        let n = template.notice
        let components = n.components.keys.sorted().map { "\($0)=\(n.components[$0]?.rawValue ?? "")" }.joined(separator: ";")
        let what = n.kind == .maintenance ? "Maintenance" : n.incident.map { "Incident \($0)" } ?? "New incident"
        // Ids change with every event: the script keeps text typed into a field of the same id
        // across a refresh, and a template published a moment ago must not pass its words on.
        let id = "publish-\(state.seq)-\(index)"
        func hidden(_ name: String, _ value: String) -> HTML { .void("input", [.attr("type", "hidden"), .attr("name", name), .attr("value", value)]) }
        var fields: [HTML] = [
            PageLayout.csrfField(viewer),
            hidden("phase", n.phase.rawValue), hidden("impact", n.impact.rawValue), hidden("components", components),
        ]
        if let incident = n.incident { fields.append(hidden("incident", String(incident))) }
        fields += [
            .element("label", [.attr("for", "\(id)-title")], [.text("Title")]),
            .void("input", [.attr("type", "text"), .id("\(id)-title"), .attr("name", "title"), .attr("value", n.title), .attr("maxlength", "200"), .flag("required")]),
            .element("label", [.attr("for", "\(id)-message")], [.text("Message for customers")]),
            .element("textarea", [.id("\(id)-message"), .attr("name", "message"), .attr("rows", "3"), .attr("maxlength", "2000"), .flag("required")], [.text(template.message)]),
            components.isEmpty ? .empty : .element("p", [.class("fine-print")], [.text("Sets " + components.replacingOccurrences(of: ";", with: ", "))]),
            .element("span", [.class("buttons")], [.element("button", [.attr("type", "submit")], [.text("Publish \(n.phase.label.lowercased())")])]),
            .element("p", [.class("form-error"), .attr("role", "status")], []),
        ]
        return .element("form", [.id(id), .class("action-form publish-form" + (template.suggested ? " suggested" : "")), .attr("method", "post"),
                                 .attr("action", api), .data("api", api), .aria("labelledby", "\(id)-head")], [
            .element("h3", [.id("\(id)-head")], [.text("\(what) → \(n.phase.label)"), template.suggested ? .element("span", [.class("badge")], [.text(" suggested now")]) : .empty]),
        ] + fields)
    }

    func render() -> String {
        let templates = status.templates(state: state)
        let canPublish = viewer.canAct
        let current: [HTML] = [
            .element("p", [], [.text("Customers see: " + status.indicator.description + " · maintenance " + status.maintenance.phase.label.lowercased()
                                     + " · \(status.openIncidents.count) open incident(s)")]),
            .element("ul", [], status.components.map { .element("li", [], [.text("\($0.name): \($0.status.label)")]) }),
            .element("p", [], [.element("a", [.attr("href", "/status/\(state.launch)")], [.text("Open the public status page")])]),
        ]
        let main: [HTML] = [
            .element("h1", [], [.text("Tell customers · \(state.name)")]),
            .element("p", [], [.element("a", [.attr("href", "/launches/\(state.launch)")], [.text("Back to the war room")])]),
            .element("section", [.id("public-now"), .class("panel"), .aria("labelledby", "public-now-title"), .data("live", "")],
                     [.element("h2", [.id("public-now-title")], [.text("The public page now")])] + current),
            .element("section", [.id("publish-templates"), .class("panel"), .aria("labelledby", "publish-title"), .data("live", "")], [
                .element("h2", [.id("publish-title")], [.text("Publish an update")]),
                .element("p", [.class("fine-print")], [.text("Goes to the public page and the public channels (\(state.publicChannels.isEmpty ? "none" : state.publicChannels.joined(separator: ", "))). Internal milestones never do.")]),
                canPublish ? .join(templates.enumerated().map { form($0.element, index: $0.offset) })
                    : .element("p", [.class("empty")], [.text("Viewers cannot publish.")]),
            ]),
        ]
        return PageLayout.page(title: "Publish · \(state.name)", viewer: viewer, bodyClass: "publish-page", script: true,
                               head: [.void("meta", [.attr("name", "liftoff-launch"), .attr("content", String(state.launch))]),
                                      .void("meta", [.attr("name", "liftoff-seq"), .attr("content", String(state.seq))])],
                               main: main)
    }
}
