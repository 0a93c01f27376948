import LiftoffTestSupport
import Foundation
import LiftoffKit
@testable import LiftoffProbes
import Testing

@Suite("http probe against a Hummingbird server on 127.0.0.1")
struct HTTPProbeTests {
    @Test func healthzWithReleaseSHAAndJSONBody() async throws {
        try await TestHTTPServer.with(AcmeTestApp.router()) { port in
            let result = try await Probing.run(#"check http GET http://127.0.0.1:\#(port)/healthz timeout 10s expect status == 200 and json "$.data.sha" == "{{RELEASE_SHA}}" and json "$.data.checks.db.status" == "pass""#, ["RELEASE_SHA": AcmeTestApp.releaseSHA])
            #expect(result.status == .pass, "\(result.summary)")
            #expect(result.outcomes.map(\.observed) == ["200", "\"4f2a9c1e\"", "\"pass\""])
        }
    }

    @Test func failingDatabaseExplainsItself() async throws {
        try await TestHTTPServer.with(AcmeTestApp.router(dbStatus: "fail")) { port in
            let result = try await Probing.run(#"check http GET http://127.0.0.1:\#(port)/healthz expect status == 200 and json "$.data.checks.db.status" == "pass""#)
            #expect(result.status == .fail)
            #expect(result.summary == #"expected json "$.data.checks.db.status" == "pass", observed "fail""#)
        }
    }

    @Test func tokenEndpointReturnsAValidJWTQuickly() async throws {
        try await TestHTTPServer.with(AcmeTestApp.router()) { port in
            let result = try await Probing.run(#"check http POST http://127.0.0.1:\#(port)/api/v2/auth/token body '{"client":"smoke"}' expect status == 200 and json "$.access_token" is jwt and latency < 200ms"#)
            // The latency bound is the runbook's; a loaded test machine may miss it, the JWT may not.
            #expect(result.outcomes.prefix(2).allSatisfy { $0.verdict == .pass }, "\(result.summary)")
            #expect(result.outcomes.dropFirst(2).first?.observed.hasSuffix("ms") == true, "\(result.summary)")
            let expired = try await Probing.run(#"check http POST http://127.0.0.1:\#(port)/api/v2/auth/expired-token expect json "$.access_token" is jwt"#)
            #expect(expired.status == .fail)
            #expect(expired.summary.hasPrefix(#"expected json "$.access_token" is jwt, observed JWT alg HS256, expired at "#))
        }
    }

    @Test func hstsHeader() async throws {
        try await TestHTTPServer.with(AcmeTestApp.router()) { port in
            let result = try await Probing.run(#"check http GET http://127.0.0.1:\#(port)/ expect header Strict-Transport-Security ~ "max-age=(\d{8,})""#)
            #expect(result.status == .pass)
            let missing = try await Probing.run(#"check http GET http://127.0.0.1:\#(port)/new expect header Strict-Transport-Security exists"#)
            #expect(missing.summary == "expected header Strict-Transport-Security exists, observed no Strict-Transport-Security header")
        }
    }

    @Test func redirectsRecordedFollowedOrNot() async throws {
        try await TestHTTPServer.with(AcmeTestApp.router(redirectTarget: "https://shop.example.com/")) { port in
            let base = "http://127.0.0.1:\(port)"
            let notFollowed = try await Probing.run("check http GET \(base)/to-https no-redirects expect status == 301 and redirects to https://shop.example.com/")
            #expect(notFollowed.status == .pass, "\(notFollowed.summary)")
            let followed = try await Probing.run("check http GET \(base)/old expect status == 200 and url == \(base)/new and redirects to \(base)/new")
            #expect(followed.status == .pass, "\(followed.summary)")
            #expect(followed.outcomes.first?.detail == "after 1 redirect to \(base)/new")
            let wrong = try await Probing.run("check http GET \(base)/to-https no-redirects expect redirects to https://other.example/")
            #expect(wrong.summary == "expected redirects to https://other.example/, observed 301 → https://shop.example.com/")
        }
    }

    @Test func slowEndpointFailsLatencyWithTheObservedTime() async throws {
        try await TestHTTPServer.with(AcmeTestApp.router()) { port in
            let result = try await Probing.run("check http GET http://127.0.0.1:\(port)/slow expect latency < 200ms")
            #expect(result.status == .fail)
            // Under load the probe may time out: an error result, not a crash of the whole run.
            let outcome = try #require(result.outcomes.first, "\(result.summary)")
            let observed = try #require(Int(outcome.observed.dropLast(2)))
            #expect(observed >= 400)
            #expect(result.summary == "expected latency < 200ms, observed \(observed)ms")
        }
    }

    @Test func hangingTargetsTimeOutWithoutStallingTheOthers() async throws {
        try await TestHTTPServer.with(AcmeTestApp.router()) { port in
            var checks = try (0..<3).map { _ in try Probing.check("check http GET http://127.0.0.1:\(port)/hang timeout 1s expect status == 200") }
            checks += try (0..<12).map { _ in try Probing.check("check http GET http://127.0.0.1:\(port)/healthz expect status == 200") }
            let clock = ContinuousClock()
            let start = clock.now
            let results = await CheckRunner(concurrency: 4, defaultTimeout: 5, environment: [:]).run(checks)
            let wall = clock.now - start
            #expect(results.prefix(3).allSatisfy { $0.status == .error })
            let first = try #require(results.first)
            #expect(first.error?.contains("in time") == true || first.error == "timed out after 1s", "\(first.error ?? "")")
            #expect(results.dropFirst(3).allSatisfy { $0.status == .pass })
            // Three hanging checks hold three of four slots for one second; the rest go through the
            // fourth instead of waiting for the 120 s hang (loose bound for loaded machines).
            #expect(wall < .seconds(60), "took \(wall)")
        }
    }

    @Test func refusedConnectionIsAnError() async throws {
        let (fd, port) = Tools.boundSocket()
        defer { close(fd) }
        let result = try await Probing.run("check http GET http://127.0.0.1:\(port)/ timeout 2s expect status == 200")
        #expect(result.status == .error)
        #expect(result.error?.contains("127.0.0.1:\(port)") == true, "\(result.error ?? "")")
    }

    @Test func secretsGoInHeadersAndNeverComeOut() async throws {
        try await TestHTTPServer.with(AcmeTestApp.router()) { port in
            let vars = ["API_TOKEN": "env:ACME_API_TOKEN"]
            let env = ["ACME_API_TOKEN": AcmeTestApp.apiToken]
            let text = #"check http GET http://127.0.0.1:\#(port)/api/v2/users/me header "Authorization: Bearer {{API_TOKEN}}" expect status == 200 and json "$.seen_token" == "nothing""#
            let result = try await Probing.run(text, vars, environment: env)
            #expect(result.outcomes.first?.verdict == .pass)
            #expect(result.summary == #"expected json "$.seen_token" == "nothing", observed "****""#)
            #expect(!"\(result)".contains(AcmeTestApp.apiToken))
            let unset = try await Probing.run(text, vars, environment: [:])
            #expect(unset.error == "environment variable ACME_API_TOKEN is not set (a secret the check needs)")
        }
    }
}
