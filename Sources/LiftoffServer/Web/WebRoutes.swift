import Foundation
import Hummingbird
import LiftoffApplication
import LiftoffKit
import LiftoffRender
import LiftoffStore
import NIOCore

/// The HTML pages and their assets. Pages that need a login send anonymous visitors to
/// `/login?next=…`; the login POST, the session cookie and the CSRF checks are `LoginRoutes` and
/// `AuthMiddleware`. Pages only read: every change goes through the JSON API.
public enum WebRoutes {
    public static func register(on router: Router<ServerContext>, services: ServerServices) {
        router.get("/") { _, _ in Response.redirect(to: "/launches", type: .normal) }

        router.get("/login") { request, _ in
            let query = request.uri.queryParameters
            return html(LoginPage(next: query.get("next"), error: query.get("error")).render(), cache: "no-store")
        }

        router.get("/launches") { request, context in
            guard let identity = context.identity else { return toLogin(request) }
            let all: [LaunchSummary]
            do throws(StoreError) { all = try await services.store.launches() } catch { throw APIError.store(error) }
            let mine = all.filter { LaunchAccess.maySee(identity.user, $0.id) }
            let viewer = PageViewer(name: identity.user.name, roles: identity.user.roles, admin: identity.user.admin,
                                    csrfToken: services.sessions.csrfToken(for: context))
            return html(LaunchesPage(launches: mine, viewer: viewer, now: services.clock()).render(), cache: "no-store")
        }

        router.get("/launches/:id") { request, context in
            guard let identity = context.identity else { return toLogin(request) }
            guard let id = launchID(context), LaunchAccess.maySee(identity.user, id),
                  let state = try await load(id, services) else { return notFound(viewer: identity, context, services) }
            let viewer = PageViewer(name: identity.user.name, roles: identity.user.roles, admin: identity.user.admin,
                                    csrfToken: services.sessions.csrfToken(for: context))
            let history = await services.histories.history(of: state)
            let watching = await services.hub.watching(id)
            let now = services.clock()
            let signals = await TriggerSignals.fetch(state, from: services.signals, now: now)
            return html(WarRoomPage(state: state, viewer: viewer, now: now, clockSpeed: services.settings.clockSpeed, history: history,
                                    watching: watching, signals: signals).render(), cache: "no-store")
        }

        router.get("/status/:id") { _, context in
            guard let id = launchID(context), let state = try await load(id, services) else {
                return html(ErrorPage(status: 404, title: "No such launch", message: "There is no status page at this address.").render(), status: .notFound)
            }
            let history = await services.histories.history(of: state)
            return html(StatusPage(state: state, now: services.clock(), history: history).render(), cache: "no-cache")
        }

        for asset in Assets.all {
            router.get(RouterPath(asset.path)) { request, _ in
                let versioned = request.uri.queryParameters.get("v") == asset.version
                var headers: HTTPFields = [
                    .contentType: asset.contentType,
                    .cacheControl: versioned ? "public, max-age=31536000, immutable" : "no-cache",
                    .eTag: "\"\(asset.version)\"",
                ]
                if request.headers[.ifNoneMatch] == "\"\(asset.version)\"" {
                    headers[.contentType] = nil
                    return Response(status: .notModified, headers: headers)
                }
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.body)))
            }
        }
    }

    static func launchID(_ context: ServerContext) -> Int64? {
        context.parameters.get("id").flatMap { Int64($0) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The launch's state from the server's live projection; nil when there is no such launch.
    static func load(_ id: Int64, _ services: ServerServices) async throws -> LaunchState? {
        do {
            return try await services.launches.state(id)
        } catch {
            if case .store(let e) = error, e.kind == .launchNotFound { return nil }
            if case .projection(let p) = error { throw APIError(.internalServerError, "projection", "launch \(id) cannot be read: \(p)") }
            throw APIError.service(error)
        }
    }

    static func toLogin(_ request: Request) -> Response {
        var target = request.uri.path
        if let query = request.uri.query, !query.isEmpty { target += "?" + query }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "/-._~")
        let next = target.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/launches"
        return Response.redirect(to: "/login?next=\(next)", type: .normal)
    }

    static func notFound(viewer identity: Identity, _ context: ServerContext, _ services: ServerServices) -> Response {
        let viewer = PageViewer(name: identity.user.name, roles: identity.user.roles, admin: identity.user.admin,
                                csrfToken: services.sessions.csrfToken(for: context))
        return html(ErrorPage(status: 404, title: "No such launch", message: "There is no launch at this address, or your token is for another launch.",
                              viewer: viewer).render(), status: .notFound, cache: "no-store")
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok, cache: String = "no-cache") -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: cache],
                 body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}
