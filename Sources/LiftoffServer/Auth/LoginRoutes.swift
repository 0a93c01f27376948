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
            if let wait = await services.loginLimiter.attempt(from: context.clientAddress ?? "unknown") {
                throw APIError(.tooManyRequests, "rate_limited", "too many login attempts from this address; try again in \(wait) s",
                               headers: [.retryAfter: String(wait)])
            }
            var request = request
            let body = try await RequestBodyLimit.collect(&request, limit: 16 * 1024)
            let fields = FormFields.parse(String(buffer: body))
            let next = safeNext(fields["next"])
            let token = (fields["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let hash = UserToken.sha256(token)
            let user: StoredUser?
            do throws(StoreError) {
                user = token.isEmpty ? nil : try await services.store.user(tokenSHA256: hash)
            } catch {
                throw APIError.store(error)
            }
            guard user != nil else {
                let query = "error=invalid&next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2Flaunches")
                return redirect("/login?" + query)
            }
            let expires = services.clock().addingTimeInterval(services.settings.sessionLifetime)
            let value = services.sessions.cookieValue(tokenSHA256: hash, expires: expires)
            var response = redirect(next)
            response.headers[.setCookie] = cookie(value, maxAge: Int(services.settings.sessionLifetime), tls: services.settings.tls)
            return response
        }
        router.post("/logout") { _, _ -> Response in
            // AuthMiddleware has checked the CSRF token of a session already.
            var response = redirect("/login")
            response.headers[.setCookie] = cookie("", maxAge: 0, tls: services.settings.tls)
            return response
        }
        return [RouteKey("POST", "/login"), RouteKey("POST", "/logout")]
    }

    /// Only same-site paths: one leading `/`, not `//` or `/\` (which browsers treat as another host).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
              !next.contains(where: { $0.isNewline || $0 == "\\" }) else { return "/launches" }
        return next
    }

    static func cookie(_ value: String, maxAge: Int, tls: Bool) -> String {
        "\(SessionKeys.cookieName)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (tls ? "; Secure" : "")
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
