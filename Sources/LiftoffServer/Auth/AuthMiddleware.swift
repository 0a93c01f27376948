import Foundation
import HTTPTypes
import Hummingbird
import LiftoffStore
import NIOCore

/// Fills `context.identity` from `Authorization: Bearer TOKEN` or the `liftoff_session` cookie,
/// and refuses unsafe requests that came with a session but without its CSRF token.
///
/// A bearer token that is not known (or revoked, or expired) is refused (401) outright; a session
/// cookie that is forged, expired or ended is ignored (the caller is anonymous and pages send them
/// to /login). Credentials are looked up in the store on every request, so one ended on any
/// instance ends everywhere; only launch commands may use the one found before, because their
/// append re-checks it (`CredentialCache`, docs/server.md "Credentials on the write path").
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let services: ServerServices

    /// Paths where a session needs no CSRF token: logging in creates the session.
    static let csrfExempt: Set<String> = ["/login"]

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else {
                throw APIError(.unauthorized, "unauthenticated", "the Authorization header must be 'Bearer TOKEN'",
                               headers: [.wwwAuthenticate: "Bearer realm=\"liftoff\""])
            }
            let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
            let tokenSHA256 = UserToken.sha256(token)
            let command = LaunchRouteGroup.isCommand(method: request.method, path: request.uri.path)
            guard let user = try await lookUp(.bearer, tokenSHA256, command: command) else {
                throw APIError(.unauthorized, "unauthenticated", "the bearer token is not known to this server",
                               headers: [.wwwAuthenticate: "Bearer realm=\"liftoff\", error=\"invalid_token\""])
            }
            context.identity = Identity(user: user, via: .bearer, tokenSHA256: tokenSHA256)
            context.caller.note(user)
        } else if let cookie = request.cookies[SessionKeys.cookieName]?.value,
                  let session = services.sessions.verify(cookie: cookie, now: services.clock()),
                  let user = try await lookUp(.session, UserToken.sha256(session),
                                              command: LaunchRouteGroup.isCommand(method: request.method, path: request.uri.path)) {
            context.identity = Identity(user: user, via: .session, sessionCookie: cookie, session: session)
            context.caller.note(user)
            if Self.isUnsafe(request.method), !Self.csrfExempt.contains(request.uri.path) {
                let token = try await csrfToken(in: &request)
                guard services.sessions.checkCSRF(token, forSession: cookie) else {
                    throw APIError(.forbidden, "csrf", "missing or wrong CSRF token: send the X-CSRF-Token header (or the _csrf form field) the page gave you")
                }
            }
        }
        return try await next(request, context)
    }

    /// The user a token or session names. A launch command may be answered from the cache: its
    /// append is written only if the credential still holds then (`CredentialCheck`). Every other
    /// request asks the store, where logout, revocation and rotation show at once.
    func lookUp(_ via: Identity.Via, _ sha256: String, command: Bool) async throws -> StoredUser? {
        let now = services.clock()
        if command, let known = services.credentials.user(via, sha256, now: now) { return known }
        let user: StoredUser?
        do {
            user = try await via == .bearer ? services.store.user(tokenSHA256: sha256) : services.store.sessionUser(sha256)
        } catch {
            throw APIError.store(error)
        }
        if let user {
            services.credentials.remember(via, sha256, user: user, now: now)
        } else {
            services.credentials.forget(via, sha256)
        }
        return user
    }

    static func isUnsafe(_ method: HTTPRequest.Method) -> Bool {
        ![.get, .head, .options, .trace].contains(method)
    }

    /// The header, else the `_csrf` field of a form body (read here, and kept for the route).
    func csrfToken(in request: inout Request) async throws -> String? {
        if let header = request.headers[HTTPField.Name("X-CSRF-Token")!] { return header }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return nil }
        let body = try await RequestBodyLimit.collect(&request, limit: RequestBodyLimit.json)
        return FormFields.parse(String(buffer: body))["_csrf"]
    }
}
