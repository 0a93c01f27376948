import Foundation
import LiftoffKit
import LiftoffServer
import LiftoffStore
import Testing

@Suite struct SessionTests {
    static func form(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    static let formType = ("Content-Type", "application/x-www-form-urlencoded")

    /// Logs in and returns the cookie value.
    static func login(_ server: TestServer, token: String, next: String = "/launches/1") async throws -> String {
        let reply = try await server.request(.POST, "/login", body: form([("token", token), ("next", next)]), headers: [formType])
        #expect(reply.status == 303)
        #expect(reply.headers.first(name: "Location") == next)
        let setCookie = reply.headers.first(name: "Set-Cookie") ?? ""
        #expect(setCookie.contains("HttpOnly"))
        #expect(setCookie.contains("SameSite=Strict"))
        #expect(setCookie.contains("Path=/"))
        #expect(!setCookie.contains("Secure"), "no Secure flag without TLS")
        #expect(!setCookie.contains(token), "the token never travels in the cookie")
        guard let value = setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last else {
            throw TestFailure("no cookie in \(setCookie)")
        }
        return String(value)
    }

    @Test func loginCookieAndCSRF() async throws {
        try await TestServer.with { server in
            let cookie = try await Self.login(server, token: server.tokens.lead)
            let jar = ("Cookie", "liftoff_session=\(cookie)")
            let path = "/api/v1/launches/\(server.launch)/notes"
            let note = JSONValue.object(["text": .string("from the browser")])
            // Reads need no CSRF token.
            let read = try await server.request(.GET, "/api/v1/launches/\(server.launch)", headers: [jar])
            #expect(read.status == 200)
            let before = try await server.store.read(server.launch, from: 1).count
            let missing = try await server.request(.POST, path, json: note, headers: [jar])
            #expect(missing.status == 403)
            #expect(missing.json?["error"]?["code"]?.stringValue == "csrf")
            let wrong = try await server.request(.POST, path, json: note, headers: [jar, ("X-CSRF-Token", String(repeating: "0", count: 64))])
            #expect(wrong.status == 403)
            #expect(try await server.store.read(server.launch, from: 1).count == before, "nothing written without a valid CSRF token")
            let csrf = server.services.sessions.csrfToken(forSession: cookie)
            let ok = try await server.request(.POST, path, json: note, headers: [jar, ("X-CSRF-Token", csrf)])
            #expect(ok.status == 201, "\(ok.body)")
            let byLee = try await server.store.read(server.launch, from: 1).last
            #expect(byLee?.actor == "lee")
            // Forms carry the token as _csrf; logout clears the cookie.
            let noToken = try await server.request(.POST, "/logout", body: "", headers: [jar, Self.formType])
            #expect(noToken.status == 403)
            let out = try await server.request(.POST, "/logout", body: Self.form([("_csrf", csrf)]), headers: [jar, Self.formType])
            #expect(out.status == 303)
            #expect(out.headers.first(name: "Location") == "/login")
            #expect(out.headers.first(name: "Set-Cookie")?.contains("Max-Age=0") == true)
        }
    }

    @Test func badLoginsAndForgedOrExpiredSessions() async throws {
        try await TestServer.with { server in
            let bad = try await server.request(.POST, "/login", body: Self.form([("token", "nope"), ("next", "/launches/1")]), headers: [Self.formType])
            #expect(bad.status == 303)
            #expect(bad.headers.first(name: "Location") == "/login?error=invalid&next=%2Flaunches%2F1")
            #expect(bad.headers.first(name: "Set-Cookie") == nil)
            // Only same-site paths are followed after login.
            for next in ["//evil.example/", "https://evil.example/", "/\\evil.example", "launches"] {
                let cookieLogin = try await server.request(.POST, "/login", body: Self.form([("token", server.tokens.viewer), ("next", next)]), headers: [Self.formType])
                #expect(cookieLogin.headers.first(name: "Location") == "/launches", "next=\(next)")
            }
            let hash = UserToken.sha256(server.tokens.lead)
            let expired = server.services.sessions.cookieValue(tokenSHA256: hash, expires: Date().addingTimeInterval(-60))
            let forged = SessionKeys(secret: "another server").cookieValue(tokenSHA256: hash, expires: Date().addingTimeInterval(3600))
            for cookie in [expired, forged, "v1.garbage", ""] {
                let reply = try await server.request(.GET, "/api/v1/launches", headers: [("Cookie", "liftoff_session=\(cookie)")])
                #expect(reply.status == 401, "cookie \(cookie.prefix(20))")
            }
        }
    }

    @Test func loginAttemptsAreRateLimited() async throws {
        var settings = ServerSettings()
        settings.loginAttemptsPerMinute = 10
        try await TestServer.with(settings: settings) { server in
            for _ in 0..<10 {
                let reply = try await server.request(.POST, "/login", body: Self.form([("token", "guess")]), headers: [Self.formType])
                #expect(reply.status == 303)
            }
            let limited = try await server.request(.POST, "/login", body: Self.form([("token", server.tokens.admin)]), headers: [Self.formType])
            #expect(limited.status == 429)
            #expect(Int(limited.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
            #expect(limited.headers.first(name: "Set-Cookie") == nil, "even a right token waits")
            #expect(limited.headers.first(name: "X-Frame-Options") == "DENY")
        }
    }
}
