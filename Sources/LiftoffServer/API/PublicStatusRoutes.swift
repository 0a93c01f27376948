import Foundation
import Hummingbird
import LiftoffApplication
import LiftoffKit
import LiftoffRender
import NIOCore

/// The public status page's feeds and the route that publishes to it (docs/status-page.md):
/// `POST /api/v1/launches/{id}/publications` (any role holder: the communications owner),
/// `GET` of the same path for the prefilled templates, and without a login the page as
/// Statuspage API v2 JSON under `/status/{id}/api/v2/` and as an Atom feed.
enum PublicStatusRoutes {
    static func register(on router: Router<ServerContext>, launch: inout LaunchRouteGroup, services: ServerServices) -> [RouteKey] {
        var keys: [RouteKey] = []
        func get(_ path: String, _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response) {
            router.get(RouterPath(path), use: handler)
            keys.append(RouteKey("GET", path))
        }
        launch.command("publications", PublishBody.self) { .publish(try $0.notice(), message: $0.message, impactGiven: $0.impact != nil) }
        launch.get("publications") { _, context in
            let state = try await APIRoutes.state(context.launch, services)
            let page = StatusPage(state: state, now: services.clock(), history: await services.histories.history(of: state)).status
            return JSONResponse.make(.ok, .object(["templates": .array(page.templates(state: state).map(templateJSON))]))
        }

        let feeds: [(String, @Sendable (PublicStatus, String) -> JSONValue)] = [
            ("summary.json", { $0.statuspageSummary(pageURL: $1) }),
            ("incidents.json", { $0.statuspageIncidents(pageURL: $1) }),
            ("scheduled-maintenances.json", { $0.statuspageMaintenances(pageURL: $1) }),
        ]
        for (file, build) in feeds {
            get("/status/{id}/api/v2/" + file) { request, context in
                let (status, url) = try await page(request, context, services)
                return JSONResponse.make(.ok, build(status, url), headers: [.cacheControl: "no-cache", .accessControlAllowOrigin: "*"])
            }
        }
        get("/status/{id}/history.atom") { request, context in
            let (status, url) = try await page(request, context, services)
            let feed = status.atomFeed(pageURL: url, feedURL: url + "/history.atom")
            return Response(status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8", .cacheControl: "no-cache"],
                            body: .init(byteBuffer: ByteBuffer(string: feed)))
        }
        router.get("/launches/:id/publish") { request, context in
            guard let identity = context.identity else { return WebRoutes.toLogin(request) }
            guard let id = WebRoutes.launchID(context), LaunchAccess.maySee(identity.user, id),
                  let state = try await WebRoutes.load(id, services) else { return WebRoutes.notFound(viewer: identity, context, services) }
            let viewer = PageViewer(name: identity.user.name, roles: identity.user.roles, admin: identity.user.admin,
                                    csrfToken: services.sessions.csrfToken(for: context))
            let page = PublishPage(state: state, viewer: viewer, now: services.clock(), history: await services.histories.history(of: state))
            return WebRoutes.html(page.render(), cache: "no-store")
        }
        return keys
    }

    /// The public view of a launch and its page's address as the client reached it.
    static func page(_ request: Request, _ context: ServerContext, _ services: ServerServices) async throws -> (PublicStatus, String) {
        guard let id = WebRoutes.launchID(context), let state = try await WebRoutes.load(id, services) else {
            throw APIError.notFound("there is no status page for launch \(context.parameters.get("id") ?? "?")")
        }
        let page = StatusPage(state: state, now: services.clock(), history: await services.histories.history(of: state)).status
        let scheme = request.head.scheme == "https" ? "https" : "http"
        return (page, "\(scheme)://\(request.head.authority ?? "localhost")/status/\(id)")
    }

    static func templateJSON(_ t: PublicTemplate) -> JSONValue {
        .object([
            "phase": .string(t.notice.phase.rawValue), "kind": .string(t.notice.kind.rawValue), "title": .string(t.notice.title),
            "incident": t.notice.incident.map { .int(Int64($0)) } ?? .null, "impact": .string(t.notice.impact.rawValue),
            "components": .object(t.notice.components.mapValues { .string($0.rawValue) }), "message": .string(t.message),
            "suggested": .bool(t.suggested),
        ])
    }
}

/// `POST …/publications`. The war room's forms send flat text, so `incident` may be a number or
/// its digits and `components` an object or `name=status` pairs joined by `;`.
struct PublishBody: StrictBody {
    static let fields = ["phase", "message", "title", "incident", "impact", "components"]
    var phase: PublicNotice.Phase
    var message: String
    var title: String?
    var incident: Int?
    var impact: PublicNotice.Impact?
    var components: [String: PublicNotice.ComponentStatus]

    enum CodingKeys: String, CodingKey { case phase, message, title, incident, impact, components }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decode(PublicNotice.Phase.self, forKey: .phase)
        message = try c.decode(String.self, forKey: .message)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        impact = try c.decodeIfPresent(PublicNotice.Impact.self, forKey: .impact)
        if let number = try? c.decodeIfPresent(Int.self, forKey: .incident) {
            incident = number
        } else if let text = try c.decodeIfPresent(String.self, forKey: .incident) {
            guard text.isEmpty || Int(text) != nil else {
                throw DecodingError.dataCorruptedError(forKey: .incident, in: c, debugDescription: "incident must be an incident number, not '\(text)'")
            }
            incident = Int(text)
        }
        if let map = try? c.decodeIfPresent([String: PublicNotice.ComponentStatus].self, forKey: .components) {
            components = map
        } else if let text = try c.decodeIfPresent(String.self, forKey: .components) {
            var map: [String: PublicNotice.ComponentStatus] = [:]
            for pair in text.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let status = PublicNotice.ComponentStatus(rawValue: parts[1]) else {
                    throw DecodingError.dataCorruptedError(forKey: .components, in: c,
                        debugDescription: "components must be name=status pairs (status: \(PublicNotice.ComponentStatus.allCases.map(\.rawValue).joined(separator: ", "))), not '\(pair)'")
                }
                map[parts[0]] = status
            }
            components = map
        } else {
            components = [:]
        }
    }

    func notice() throws -> PublicNotice {
        PublicNotice(phase: phase, title: title ?? "", incident: incident, impact: impact ?? (phase.kind == .incident ? .minor : .none), components: components)
    }
}
