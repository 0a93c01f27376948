import Foundation
import HTTPTypes
import Hummingbird
import LiftoffStore

/// `POST /login` (form: `token`, optional `next`) and `POST /logout`. A browser logs in with its
/// participant token once and gets a signed session cookie; the token itself is never stored in it.
enum LoginRoutes {
    @discardableResult
    static func register(on router: Router<ServerContext>, services: ServerServices) -> [RouteKey] {
        router.post("/login") { request, context -> Response in
            var request = request
            let body = try await RequestBodyLimit.collect(&request, limit: 16 * 1024)
            let fields = FormFields.parse(String(buffer: body))
            let next = NextPath.safe(fields["next"])
            let token = (fields["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let user: StoredUser?
            do throws(StoreError) {
                user = token.isEmpty ? nil : try await services.store.user(tokenSHA256: UserToken.sha256(token))
            } catch {
                throw APIError.store(error)
            }
            guard let user else {
                // Only failures count, and only they are refused: a correct token always gets in.
                if let wait = await services.loginLimiter.failed(address: context.clientAddress ?? "unknown", token: token) {
                    throw APIError(.tooManyRequests, "rate_limited", "too many failed logins from this address or with this token; try again in \(wait) s",
                                   headers: [.retryAfter: String(wait)])
                }
                let query = "error=invalid&next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2Flaunches")
                return redirect("/login?" + query)
            }
            context.caller.note(user)
            let expires = services.clock().addingTimeInterval(services.settings.sessionLifetime)
            let value = try await services.startSession(for: user, expires: expires)
            var response = redirect(next)
            response.headers[.setCookie] = cookie(value, maxAge: Int(services.settings.sessionLifetime), tls: context.https)
            return response
        }
        router.post("/logout") { _, context -> Response in
            // AuthMiddleware has checked the CSRF token of a session already; the session ends in
            // the store, so the old cookie is worthless on every instance.
            if let session = context.identity?.session {
                do throws(StoreError) {
                    try await services.store.endSession(UserToken.sha256(session))
                } catch {
                    throw APIError.store(error)
                }
                services.credentials.forget(.session, UserToken.sha256(session))
            }
            var response = redirect("/login")
            response.headers[.setCookie] = cookie("", maxAge: 0, tls: context.https)
            return response
        }
        return [RouteKey("POST", "/login"), RouteKey("POST", "/logout")]
    }

    static func cookie(_ value: String, maxAge: Int, tls: Bool) -> String {
        "\(SessionKeys.cookieName)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (tls ? "; Secure" : "")
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
