import Foundation
import LiftoffKit
import LiftoffRender
@testable import LiftoffServer
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
            let session = UserToken.generate()
            let expired = server.services.sessions.cookieValue(session: session, expires: Date().addingTimeInterval(-60))
            let forged = SessionKeys(secret: "another server").cookieValue(session: session, expires: Date().addingTimeInterval(3600))
            // Signed by this server but never started in the store.
            let unknown = server.services.sessions.cookieValue(session: session, expires: Date().addingTimeInterval(3600))
            for cookie in [expired, forged, unknown, "v2.garbage", ""] {
                let reply = try await server.request(.GET, "/api/v1/launches", headers: [("Cookie", "liftoff_session=\(cookie)")])
                #expect(reply.status == 401, "cookie \(cookie.prefix(20))")
            }
        }
    }

    /// Finding 6: ten failed logins from one address locked out every correct login from it (one
    /// proxy = everyone). Failures are limited; a correct token always gets in.
    @Test func aFloodOfBadLoginsNeverLocksOutACorrectToken() async throws {
        var settings = ServerSettings()
        settings.loginAttemptsPerMinute = 10
        try await TestServer.with(settings: settings) { server in
            for i in 0..<10 {
                let reply = try await server.request(.POST, "/login", body: Self.form([("token", "guess-\(i)")]), headers: [Self.formType])
                #expect(reply.status == 303)
            }
            let limited = try await server.request(.POST, "/login", body: Self.form([("token", "guess-more")]), headers: [Self.formType])
            #expect(limited.status == 429, "the eleventh failure in a minute waits")
            #expect(Int(limited.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
            #expect(limited.headers.first(name: "X-Frame-Options") == "DENY")
            for _ in 0..<50 {
                _ = try await server.request(.POST, "/login", body: Self.form([("token", "flood")]), headers: [Self.formType])
            }
            let right = try await server.request(.POST, "/login", body: Self.form([("token", server.tokens.admin), ("next", "/launches/1")]), headers: [Self.formType])
            #expect(right.status == 303, "a correct token is never refused")
            #expect(right.headers.first(name: "Location") == "/launches/1")
            #expect(right.headers.first(name: "Set-Cookie")?.contains("liftoff_session=v2.") == true)
        }
    }

    /// Failures count per client address and per token prefix: one guessed prefix tried from many
    /// addresses is one bucket, and so is one address trying many tokens.
    @Test func failuresAreCountedPerAddressAndPerTokenPrefix() async throws {
        let limiter = LoginRateLimiter(perMinute: 3, clock: { Date() })
        var fromManyAddresses: [Int?] = []
        for i in 0..<5 { fromManyAddresses.append(await limiter.failed(address: "10.0.0.\(i)", token: "abcdef-\(i)")) }
        #expect(fromManyAddresses.map { $0 == nil } == [true, true, true, false, false])
        var fromOneAddress: [Int?] = []
        for i in 0..<5 { fromOneAddress.append(await limiter.failed(address: "10.9.9.9", token: "tok\(i)-guess")) }
        #expect(fromOneAddress.map { $0 == nil } == [true, true, true, false, false])
    }

    /// Finding 6: logout did not end the session; the old cookie still read and wrote.
    @Test func logoutEndsTheSessionServerSide() async throws {
        try await TestServer.with { server in
            let cookie = try await Self.login(server, token: server.tokens.lead)
            let jar = ("Cookie", "liftoff_session=\(cookie)")
            let csrf = server.services.sessions.csrfToken(forSession: cookie)
            let path = "/api/v1/launches/\(server.launch)/notes"
            #expect(try await server.request(.GET, "/api/v1/launches/\(server.launch)", headers: [jar]).status == 200)
            let out = try await server.request(.POST, "/logout", body: Self.form([("_csrf", csrf)]), headers: [jar, Self.formType])
            #expect(out.status == 303)
            // The browser forgets the cookie; an attacker who kept it replays it.
            let read = try await server.request(.GET, "/api/v1/launches/\(server.launch)", headers: [jar])
            #expect(read.status == 401, "the old cookie no longer reads")
            let before = try await server.store.read(server.launch, from: 1).count
            let write = try await server.request(.POST, path, json: .object(["text": .string("replayed")]), headers: [jar, ("X-CSRF-Token", csrf)])
            #expect(write.status == 401, "the old cookie no longer writes")
            #expect(try await server.store.read(server.launch, from: 1).count == before)
            let page = try await server.request(.GET, "/launches/\(server.launch)", headers: [jar])
            #expect(page.status == 303 || page.status == 302, "pages send the old cookie to /login")
        }
    }

    /// Finding 6: a tab in `next` gave an open redirect after login. Only a same-origin path passes.
    @Test(arguments: [
        "//evil.example/", "///evil.example", "https://evil.example/", "http:evil.example", "javascript:alert(1)", "/\\evil.example",
        "/\tevil.example", "/\t/evil.example", "\t//evil.example", "/\r\n/evil.example", "/\n/evil.example", "/%09/evil.example",
        "/%2F/evil.example", "/%2f%2fevil.example", "%2F%2Fevil.example", "/%5Cevil.example", "/%255C%255Cevil.example",
        "/%252F%252Fevil.example", "/\\/evil.example", "launches", "", " /launches", "/launches\u{0}", "/ launches",
        "/%0d%0aSet-Cookie:x=1", "/launches\u{2028}",
    ])
    func nextAcceptsOnlyASameOriginPath(next: String) async throws {
        #expect(SafeURL.localPath(next) == nil, "next=\(next.debugDescription)")
    }

    @Test func nextKeepsOrdinaryPaths() async throws {
        for next in ["/launches", "/launches/1", "/launches/1?tab=gates#g1", "/launches/checkout%20v2", "/status/1"] {
            #expect(SafeURL.localPath(next) == next)
        }
        try await TestServer.with { server in
            for next in ["/\tevil.example", "/%2F/evil.example", "//evil.example", "/%5Cevil.example"] {
                let reply = try await server.request(.POST, "/login", body: Self.form([("token", server.tokens.viewer), ("next", next)]), headers: [Self.formType])
                #expect(reply.headers.first(name: "Location") == "/launches", "next=\(next.debugDescription)")
            }
        }
    }
}
