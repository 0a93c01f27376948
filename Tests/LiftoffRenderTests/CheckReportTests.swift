import Foundation
@testable import LiftoffKit
@testable import LiftoffRender
import Testing

@Suite("check reports")
struct CheckReportTests {
    let runbook = RunbookExtractor.extract("""
    # Launch

    ## SSL

    - [ ] Certificate expiry > 90 days <!-- liftoff: check tls shop.example.com:443 expect expiry > 90d -->
    - [ ] Health <!-- liftoff: check http GET https://shop.example.com/healthz expect status == 200 -->
    """, file: "r.md")

    func results() -> [CheckResult] {
        let checks = runbook.checks(vars: LaunchVariables()).checks
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let tls = TLSObservation(notAfter: now.addingTimeInterval(30 * 86400 + 60), notBefore: now, observedAt: now, subject: "CN=x", issuer: "CN=CA", sans: ["shop.example.com"], expectedName: "shop.example.com", protocolVersion: "TLSv1.3", verified: true, verificationFailure: nil)
        return [
            CheckResult.evaluate(checks[0], observation: .tls(tls), duration: 0.012, now: now),
            CheckResult.failed(checks[1], error: "connection refused by https://shop.example.com/healthz <&>", duration: 0.003),
        ]
    }

    @Test func tableShowsStepResultAndExplanation() {
        let table = CheckReport(file: "r.md", results: results(), runbook: runbook).table()
        #expect(table.contains("Certificate expiry > 90 days  tls shop.example.com:443"))
        #expect(table.contains("FAIL"))
        #expect(table.contains("r.md:5:"))
        #expect(table.contains("  expected expiry > 90d, observed 30d (notAfter 2027-02-14T08:01:00Z)"))
        #expect(table.contains("  error: connection refused by https://shop.example.com/healthz <&>"))
    }

    @Test func junitHasFailuresAndErrorsEscaped() {
        let xml = CheckReport(file: "r.md", results: results(), runbook: runbook).junit(timestamp: Date(timeIntervalSince1970: 0))
        #expect(xml.contains(#"<testsuites name="liftoff check r.md" tests="2" failures="1" errors="1""#))
        #expect(xml.contains(#"<failure message="expected expiry &gt; 90d, observed 30d (notAfter 2027-02-14T08:01:00Z)" type="assertion">"#))
        #expect(xml.contains("&lt;&amp;&gt;"))
    }

    @Test func jsonCarriesEveryOutcome() throws {
        let json = CheckReport(file: "r.md", results: results(), runbook: runbook).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["passed"] as? Bool == false)
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.first?["status"] as? String == "fail")
        #expect((checks.first?["assertions"] as? [[String: Any]])?.first?["observed"] as? String == "30d")
    }

    @Test func dryRunListsWhatWouldRun() {
        let plan = CheckReport.plan(runbook.checks(vars: nil).checks, runbook: runbook, defaultTimeout: 10)
        #expect(plan.hasSuffix("2 checks would run\n"))
        #expect(plan.contains("[Certificate expiry > 90 days] tls shop.example.com:443 (timeout 10s) expect expiry > 90d"))
    }
}
