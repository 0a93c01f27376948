import Foundation
import LiftoffMarkdown
import Testing
@testable import LiftoffKit

@Suite("Assertions explain themselves")
struct AssertionEvaluatorTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func assertion(_ kind: String, _ text: String) throws -> Assertion {
        let targets = ["http": "https://x.example/", "tls": "x.example:443", "dns": "x.example A", "tcp": "x:1", "command": "\"true\"", "prometheus": "\"up\""]
        let check = try CheckParser(vars: LaunchVariables()).parse("check \(kind) \(targets[kind] ?? "") expect \(text)", context: .init(file: "f", position: SourcePosition(line: 1, column: 1), section: 0, step: nil, origin: .annotation, id: "x"))
        return check.assertions[0]
    }

    func http(status: Int = 200, headers: [HeaderField] = [], body: String = "", latency: Double = 0.05) -> Observation {
        .http(HTTPObservation(status: status, headers: headers, body: body, latency: latency, finalURL: "https://x.example/"))
    }

    @Test func expiryShowsDaysAndNotAfter() throws {
        let tls = TLSObservation(notAfter: now.addingTimeInterval(30 * 86400 + 600), notBefore: now, observedAt: now, subject: "CN=x", issuer: "CN=Test CA", sans: ["x.example"], expectedName: "x.example", protocolVersion: "TLSv1.3", verified: true, verificationFailure: nil)
        let outcome = AssertionEvaluator.evaluate(try assertion("tls", "expiry > 90d"), .tls(tls), now: now)
        #expect(outcome.verdict == .fail)
        #expect(outcome.message == "expected expiry > 90d, observed 30d (notAfter 2027-02-14T08:10:00Z)")
    }

    @Test func statusAndJSONPath() throws {
        let body = #"{"data":{"status":"ok","checks":{"db":{"status":"fail"}},"n":3,"up":true}}"#
        #expect(AssertionEvaluator.evaluate(try assertion("http", #"json "$.data.status" == "ok""#), http(body: body), now: now).verdict == .pass)
        #expect(AssertionEvaluator.evaluate(try assertion("http", #"json "$.data.n" >= 3"#), http(body: body), now: now).verdict == .pass)
        #expect(AssertionEvaluator.evaluate(try assertion("http", #"json "$.data.up" == true"#), http(body: body), now: now).verdict == .pass)
        let db = AssertionEvaluator.evaluate(try assertion("http", #"json "$.data.checks.db.status" == "pass""#), http(body: body), now: now)
        #expect(db.message == #"expected json "$.data.checks.db.status" == "pass", observed "fail""#)
        let missing = AssertionEvaluator.evaluate(try assertion("http", #"json "$.data.sha" exists"#), http(body: body), now: now)
        #expect(missing.observed == "nothing at $.data.sha")
        #expect(AssertionEvaluator.evaluate(try assertion("http", "status in 200..299"), http(status: 503), now: now).message == "expected status in 200..299, observed 503")
    }

    @Test func headerRegexAndMissingHeader() throws {
        let hsts = try assertion("http", #"header Strict-Transport-Security ~ "max-age=(\d{8,})""#)
        #expect(AssertionEvaluator.evaluate(hsts, http(headers: [HeaderField(name: "strict-transport-security", value: "max-age=63072000")]), now: now).verdict == .pass)
        #expect(AssertionEvaluator.evaluate(hsts, http(headers: [HeaderField(name: "Strict-Transport-Security", value: "max-age=300")]), now: now).verdict == .fail)
        #expect(AssertionEvaluator.evaluate(hsts, http(), now: now).message == #"expected header Strict-Transport-Security ~ "max-age=(\d{8,})", observed no Strict-Transport-Security header"#)
    }

    @Test func latencyInTheUnitWritten() throws {
        let outcome = AssertionEvaluator.evaluate(try assertion("http", "latency < 200ms"), http(latency: 0.4123), now: now)
        #expect(outcome.message == "expected latency < 200ms, observed 412ms")
    }

    @Test func redirectTarget() throws {
        let obs = HTTPObservation(status: 200, headers: [], body: "", latency: 0.01, redirects: [.init(status: 301, url: "http://x.example/", location: "https://x.example/")], finalURL: "https://x.example/")
        #expect(AssertionEvaluator.evaluate(try assertion("http", "redirects to https://x.example/"), .http(obs), now: now).verdict == .pass)
        #expect(AssertionEvaluator.evaluate(try assertion("http", "redirects to https://x.example/"), http(), now: now).message == "expected redirects to https://x.example/, observed no redirect (status 200)")
    }

    @Test func jwtNeedsAlgAndFutureExp() throws {
        func segment(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        }
        let good = segment(#"{"alg":"HS256","typ":"JWT"}"#) + "." + segment(#"{"exp":1900000000}"#) + ".c2ln"
        let none = segment(#"{"alg":"none"}"#) + "." + segment(#"{"exp":1900000000}"#) + "."
        let expired = segment(#"{"alg":"RS256"}"#) + "." + segment(#"{"exp":1700000000}"#) + ".c2ln"
        let jwt = try assertion("http", "is jwt")
        #expect(AssertionEvaluator.evaluate(jwt, http(body: good), now: now).verdict == .pass)
        #expect(AssertionEvaluator.evaluate(jwt, http(body: none), now: now).observed == "JWT with alg none")
        #expect(AssertionEvaluator.evaluate(jwt, http(body: expired), now: now).observed == "JWT alg RS256, expired at 2023-11-14T22:13:20Z")
        #expect(AssertionEvaluator.evaluate(jwt, http(body: "hello"), now: now).observed == "not a JWT (1 segment, want 3)")
    }

    @Test func dnsAnswersAndTTL() throws {
        let dns = Observation.dns(DNSObservation(rcode: "NOERROR", answers: [DNSAnswer(name: "x.example.", type: "A", ttl: 600, value: "203.0.113.7")], server: "127.0.0.1:53"))
        #expect(AssertionEvaluator.evaluate(try assertion("dns", #"answer == "203.0.113.7""#), dns, now: now).verdict == .pass)
        #expect(AssertionEvaluator.evaluate(try assertion("dns", "ttl <= 300"), dns, now: now).message == "expected ttl <= 300, observed 600s")
        let nx = Observation.dns(DNSObservation(rcode: "NXDOMAIN", answers: [], server: "s"))
        #expect(AssertionEvaluator.evaluate(try assertion("dns", #"answer == "203.0.113.7""#), nx, now: now).message == #"expected answer == "203.0.113.7", observed no answers (rcode NXDOMAIN)"#)
    }

    @Test func prometheusNoData() throws {
        let value = try assertion("prometheus", "value < 5")
        #expect(AssertionEvaluator.evaluate(value, .prometheus(PrometheusObservation(resultType: "vector", samples: [])), now: now).verdict == .nodata)
        #expect(AssertionEvaluator.evaluate(value, .prometheus(PrometheusObservation(resultType: "scalar", samples: [.init(labels: [:], value: .nan)])), now: now).verdict == .nodata)
        #expect(AssertionEvaluator.evaluate(value, .prometheus(PrometheusObservation(resultType: "vector", samples: [.init(labels: [:], value: .infinity)])), now: now).verdict == .nodata)
        let two = PrometheusObservation(resultType: "vector", samples: [.init(labels: ["instance": "a"], value: 1), .init(labels: ["instance": "b"], value: 7)])
        let outcome = AssertionEvaluator.evaluate(value, .prometheus(two), now: now)
        #expect(outcome.message == #"expected value < 5, observed {instance="b"} 7 (1 of 2 series)"#)
    }

    @Test func nodataPolicyDecidesTheCheck() throws {
        var check = try CheckParser(vars: nil).parse(#"check prometheus "up" expect value == 1"#, context: .init(file: "f", position: SourcePosition(line: 1, column: 1), section: 0, step: nil, origin: .annotation, id: "x"))
        let empty = Observation.prometheus(PrometheusObservation(resultType: "vector", samples: []))
        #expect(CheckResult.evaluate(check, observation: empty, duration: 0, now: now).status == .nodata)
        check.options.nodata = .fail
        #expect(CheckResult.evaluate(check, observation: empty, duration: 0, now: now).status == .fail)
    }

    @Test func commandOutput() throws {
        let obs = Observation.command(CommandObservation(exitCode: 3, stdout: "db-1 stopped\n", stderr: "warning: x\nfatal: nope\n"))
        #expect(AssertionEvaluator.evaluate(try assertion("command", "exit == 0"), obs, now: now).message == "expected exit == 0, observed 3 (stderr: fatal: nope)")
        #expect(AssertionEvaluator.evaluate(try assertion("command", #"stdout ~ "avail""#), obs, now: now).message == #"expected stdout ~ "avail", observed "db-1 stopped" (exit 3)"#)
    }

    @Test func masksSecretsInResults() throws {
        let check = try CheckParser(vars: nil).parse(#"check command "echo x" expect stdout == "nope""#, context: .init(file: "f", position: SourcePosition(line: 1, column: 1), section: 0, step: nil, origin: .annotation, id: "x"))
        let result = CheckResult.evaluate(check, observation: .command(CommandObservation(exitCode: 0, stdout: "token=hunter2", stderr: "")), duration: 0, now: now)
        let masked = result.masked(by: SecretMasker(secrets: ["hunter2"]))
        #expect(masked.summary == #"expected stdout == "nope", observed "token=****""#)
    }
}
