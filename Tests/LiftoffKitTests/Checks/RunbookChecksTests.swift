import LiftoffMarkdown
import Testing
@testable import LiftoffKit

@Suite("Checks in runbooks")
struct RunbookChecksTests {
    let text = """
    # Launch

    ## Smoke Tests

    - [ ] Health <!-- liftoff: check http GET https://{{DOMAIN}}/healthz expect status == 200 -->
    - [ ] Cert <!-- liftoff: check tls {{DOMAIN}}:443 expect expiry > 9O -->

    ```liftoff
    checks:
      - check tcp {{DOMAIN}}:5432 expect connected
      - http: POST https://{{DOMAIN}}/token
        timeout: 2s
        headers:
          Authorization: Bearer {{TOKEN}}
        expect:
          - status == 200
          - json "$.token" is jwt
    ```

    ## Verify

    1. Database is up

       ```bash
       aws rds describe-db-instances --db-instance-identifier {{DB}}
       # Expected: available
       ```
    """

    let vars = LaunchVariables(values: ["DOMAIN": "shop.example.com", "TOKEN": "env:SHOP_TOKEN", "DB": "prod db"])

    @Test func allThreeFormsAttachToStepsAndSections() {
        let runbook = RunbookExtractor.extract(text, file: "r.md")
        let found = runbook.checks(vars: vars)
        #expect(found.checks.map(\.kind) == [.http, .tcp, .http, .command])
        #expect(found.checks[0].step != nil)
        #expect(found.checks[1].origin == .yaml)
        #expect(found.checks[2].options.headers == [HeaderField(name: "Authorization", value: "Bearer {{TOKEN}}")])
        #expect(found.checks[2].options.timeout == 2)
        #expect(found.checks[2].assertions.map(\.op) == [.equal, .isJWT])
        #expect(found.checks[3].origin == .expectedOutput)
        #expect(found.checks[3].target == .command("aws rds describe-db-instances --db-instance-identifier {{DB}}"))
        #expect(found.checks[3].values == ["DB": "prod db"])
        #expect(found.checks[3].assertions[0].text == #"stdout ~ "available""#)
        #expect(found.checks[3].step != nil)
    }

    @Test func errorsNameTheAnnotationPlace() throws {
        let runbook = RunbookExtractor.extract(text, file: "r.md")
        let errors = runbook.checks(vars: vars).errors
        #expect(errors.count == 1)
        let e = try #require(errors.first)
        #expect(e.message == "expected a number after 'expiry >', found '9O'")
        // `- [ ] Cert <!-- liftoff: check tls {{DOMAIN}}:443 expect expiry > 9O -->`: 9O is at column 67.
        #expect(e.position == SourcePosition(line: 6, column: 67))
        #expect(runbook.checks(vars: vars, source: text).errors.first?.position == SourcePosition(line: 6, column: 67))
        #expect(e.description.hasPrefix("r.md:6:67: error: expected a number after 'expiry >', found '9O' (column 42 of the check)"))
    }

    @Test func onlySelectsBySectionTitleOrStep() {
        let runbook = RunbookExtractor.extract(text, file: "r.md")
        let found = runbook.checks(vars: vars)
        #expect(found.only("verify", in: runbook).checks.map(\.kind) == [.command])
        #expect(found.only("Smoke Tests", in: runbook).checks.count == 3)
    }
}
