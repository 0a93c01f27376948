import LiftoffKit
import LiftoffRender

/// Who is looking at a page, as far as the page cares: their name, their roles in this launch,
/// and the CSRF token their forms and fetches must carry (nil when not logged in).
public struct PageViewer: Sendable, Hashable {
    public var participant: LaunchParticipant
    public var csrfToken: String?

    public init(name: String, roles: [String], admin: Bool, csrfToken: String?) {
        participant = LaunchParticipant(name: name, roles: roles, admin: admin)
        self.csrfToken = csrfToken
    }

    public init(participant: LaunchParticipant, csrfToken: String?) {
        self.participant = participant
        self.csrfToken = csrfToken
    }

    public var name: String { participant.name }
    /// Read-only participants get no forms at all.
    public var canAct: Bool { !participant.isViewer }

    /// In a launch, the roles the launch recorded for this person win over their token's
    /// (the first action records them; `LaunchDecider` uses the same rule).
    public func within(_ state: LaunchState) -> PageViewer {
        guard let known = state.participant(participant.name) else { return self }
        return PageViewer(participant: known, csrfToken: csrfToken)
    }
}

/// The shell every page shares: head with the static assets, skip link, banner, main landmark.
enum PageLayout {
    static func page(title: String, viewer: PageViewer?, bodyClass: String, script: Bool, head: [HTML] = [], main: [HTML]) -> String {
        var headParts: [HTML] = [
            .void("meta", [.attr("charset", "utf-8")]),
            .void("meta", [.attr("name", "viewport"), .attr("content", "width=device-width, initial-scale=1")]),
            .element("title", [], [.text(title)]),
            .void("link", [.attr("rel", "stylesheet"), .attr("href", Assets.styleURL)]),
        ]
        if let token = viewer?.csrfToken {
            headParts.append(.void("meta", [.attr("name", "csrf-token"), .attr("content", token)]))
        }
        headParts += head
        if script {
            headParts.append(.element("script", [.attr("src", Assets.scriptURL), .flag("defer")]))
        }
        let body: [HTML] = [
            .element("a", [.class("skip-link"), .attr("href", "#main")], [.text("Skip to content")]),
            banner(viewer: viewer),
            .element("main", [.id("main"), .attr("tabindex", "-1")], main),
        ]
        return HTML.document(.element("html", [.attr("lang", "en")], [
            .element("head", [], headParts),
            .element("body", [.class(bodyClass)], body),
        ]))
    }

    static func banner(viewer: PageViewer?) -> HTML {
        var items: [HTML] = [.element("a", [.class("brand"), .attr("href", "/launches")], [.text("Liftoff")])]
        if let viewer {
            let roles = viewer.participant.admin ? "admin" : (viewer.participant.roles.isEmpty ? "viewer" : viewer.participant.roles.joined(separator: ", "))
            items.append(.element("span", [.class("whoami")], [.text("\(viewer.name) · \(roles)")]))
            items.append(.element("form", [.class("logout"), .attr("method", "post"), .attr("action", "/logout")], [
                csrfField(viewer),
                .element("button", [.attr("type", "submit"), .class("link-button")], [.text("Log out")]),
            ]))
        }
        return .element("header", [.class("site")], [.element("nav", [.aria("label", "Site")], items)])
    }

    /// The hidden `_csrf` field of a form that posts.
    static func csrfField(_ viewer: PageViewer) -> HTML {
        .void("input", [.attr("type", "hidden"), .attr("name", "_csrf"), .attr("value", viewer.csrfToken ?? "")])
    }

    /// Text for screen readers only (labels of compact controls).
    static func srOnly(_ s: String) -> HTML { .element("span", [.class("sr-only")], [.text(s)]) }
}
