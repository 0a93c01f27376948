import LiftoffMarkdown
import Testing
@testable import LiftoffKit

@Suite("Check language")
struct CheckParserTests {
    let vars = LaunchVariables(values: ["DOMAIN": "shop.example.com", "RELEASE_SHA": "4f2a9c1", "API_TOKEN": "env:ACME_API_TOKEN", "NS": "db; rm -rf /"])

    func parse(_ text: String, vars: LaunchVariables? = nil) throws -> Check {
        let parser = CheckParser(vars: vars ?? self.vars)
        return try parser.parse(text, context: .init(file: "r.md", position: SourcePosition(line: 10, column: 20), section: 0, step: "s", origin: .annotation, id: "s#1"))
    }

    func error(_ text: String) -> CheckSyntaxError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error as? CheckSyntaxError
        }
    }

    @Test func httpWithTimeoutAndTwoAssertions() throws {
        let check = try parse(#"check http GET https://{{DOMAIN}}/healthz timeout 2s expect status == 200 and json "$.data.sha" == "{{RELEASE_SHA}}""#)
        #expect(check.kind == .http)
        #expect(check.target == .http(method: "GET", url: "https://shop.example.com/healthz"))
        #expect(check.options.timeout == 2)
        #expect(check.assertions.count == 2)
        #expect(check.assertions[0] == Assertion(subject: .status, op: .equal, expected: .number(200, unit: nil), text: "status == 200"))
        #expect(check.assertions[1].subject == .json("$.data.sha"))
        #expect(check.assertions[1].expected == .text("4f2a9c1"))
        #expect(check.assertions[1].text == #"json "$.data.sha" == "4f2a9c1""#)
    }

    @Test func headerRegexKeepsBackslashes() throws {
        let check = try parse(#"check http GET https://{{DOMAIN}}/ expect header Strict-Transport-Security ~ "max-age=(\d{8,})""#)
        #expect(check.assertions[0].subject == .header("Strict-Transport-Security"))
        #expect(check.assertions[0].op == .matches)
        #expect(check.assertions[0].expected == .text(#"max-age=(\d{8,})"#))
    }

    @Test func everyKindFromTheDesign() throws {
        #expect(try parse("check tls {{DOMAIN}}:443 expect expiry > 90d").target == .tls(host: "shop.example.com", port: 443))
        #expect(try parse("check tls {{DOMAIN}} expect expiry > 90d").assertions[0].expected == .number(90 * 86400, unit: "d"))
        #expect(try parse(#"check dns {{DOMAIN}} A expect answer == "203.0.113.7""#).target == .dns(name: "shop.example.com", type: .A))
        #expect(try parse("check dns {{DOMAIN}} MX server 127.0.0.1:5353 expect ttl <= 300").options.server == "127.0.0.1:5353")
        #expect(try parse("check tcp db.internal:5432 expect connected").target == .tcp(host: "db.internal", port: 5432))
        #expect(try parse("check tcp [::1]:5432 expect connected").target == .tcp(host: "::1", port: 5432))
        #expect(try parse(#"check command "aws rds describe-db-instances" expect stdout ~ "available""#).target == .command("aws rds describe-db-instances"))
        #expect(try parse(#"check prometheus "max(replication_lag_seconds)" expect value < 5"#).target == .prometheus(query: "max(replication_lag_seconds)"))
        #expect(try parse("check http https://x.example/ expect status in 200..299").assertions[0].expected == .range(200, 299))
        #expect(try parse("check http POST https://x.example/token body '{\"u\":1}' expect latency < 200ms and json \"$.token\" is jwt").assertions.map(\.op) == [.less, .isJWT])
        #expect(try parse("check http https://x.example/ no-redirects expect redirects to https://x.example/").options.followRedirects == false)
        #expect(try parse(#"check prometheus "up" nodata=pass expect value == 1"#).options.nodata == .pass)
        #expect(try parse("check http https://x.example/ expect is jwt").assertions[0] == Assertion(subject: .body, op: .isJWT, text: "is jwt"))
    }

    @Test func percentDividesByHundred() throws {
        #expect(try parse(#"check prometheus "err" expect value < 1%"#).assertions[0].expected == .number(0.01, unit: "%"))
    }

    @Test func variablesInCommandsStayPlaceholdersWithTheirValuesBeside() throws {
        let check = try parse(#"check command "dig +short {{NS}}" expect exit == 0"#)
        #expect(check.target == .command("dig +short {{NS}}"))
        #expect(check.values == ["NS": "db; rm -rf /"])
    }

    @Test func aPlaceholderTheShellCouldRunIsAnErrorAtItsColumn() throws {
        #expect(error(#"check command "bash -c 'echo {{NS}}'" expect exit == 0"#) != nil)
        let e = try #require(error(#"check command "eval {{NS}}" expect exit == 0"#))
        #expect(e.message.contains("{{NS}}"))
        // The annotation's text starts at column 20; `eval ` is 5 characters into the command.
        #expect(e.position == SourcePosition(line: 10, column: 40))
    }

    @Test func secretsStayPlaceholdersUntilRunTime() throws {
        let check = try parse(#"check http GET https://{{DOMAIN}}/me header "Authorization: Bearer {{API_TOKEN}}" expect status == 200"#)
        #expect(check.options.headers == [HeaderField(name: "Authorization", value: "Bearer {{API_TOKEN}}")])
        #expect(check.secrets == ["API_TOKEN": "ACME_API_TOKEN"])
        let revealed = check.revealing(check.secretValues(environment: ["ACME_API_TOKEN": "s3cr3t"]).values)
        #expect(revealed.options.headers[0].value == "Bearer s3cr3t")
        #expect(check.secretValues(environment: [:]).missing == ["ACME_API_TOKEN"])
    }

    @Test func missingKindSaysWhatWasExpected() {
        let e = error("check")
        #expect(e?.message == "expected a check kind")
        #expect(e?.column == 6)
        #expect(e?.position == SourcePosition(line: 10, column: 25))
    }

    @Test func unknownKindPointsAtTheWord() {
        let e = error("check ftp ftp://x expect connected")
        #expect(e?.message == "expected a check kind, found 'ftp'")
        #expect(e?.column == 7)
        #expect(e?.position == SourcePosition(line: 10, column: 26))
        #expect(e?.hint?.contains("http, tls, dns, tcp, command, prometheus") == true)
    }

    @Test func missingExpectPointsAtTheEnd() {
        let e = error("check tls {{DOMAIN}}:443")
        #expect(e?.message == "expected 'expect' and an assertion after the tls target")
        #expect(e?.column == 25)
    }

    @Test func wrongAssertionForTheKind() {
        let e = error("check tls {{DOMAIN}}:443 expect status == 200")
        #expect(e?.message == "'status' is not observed by tls checks")
        #expect(e?.column == 33)
        #expect(e?.hint == "tls checks observe expiry, san, issuer, protocol, verified")
    }

    @Test func durationNeedsAUnit() {
        let e = error("check tls x:443 expect expiry > 90")
        #expect(e?.message == "expected a duration with a unit, found '90'")
        #expect(e?.column == 33)
    }

    @Test func unknownVariableIsAnError() {
        let e = error("check tcp {{DB_HOST}}:5432 expect connected")
        #expect(e?.message == "variable {{DB_HOST}} has no value")
        #expect(e?.column == 11)
    }

    @Test func optionOfAnotherKind() {
        let e = error("check tcp db:5432 sni x expect connected")
        #expect(e?.message == "option 'sni' does not apply to tcp checks")
        #expect(e?.column == 19)
    }

    @Test func unterminatedString() {
        let e = error(#"check command "ls expect exit == 0"#)
        #expect(e?.message == "unterminated quoted string")
        #expect(e?.column == 15)
    }

    @Test func badRegex() {
        #expect(error(#"check command "ls" expect stdout ~ "([""#)?.message == #"invalid regular expression "([""#)
    }

    @Test func junkAfterAssertion() {
        let e = error("check tcp db:5432 expect connected or latency < 5ms")
        #expect(e?.message == "expected 'and' or the end of the check, found 'or'")
    }

    @Test func multiLineAnnotationPointsAtTheRightLine() {
        let e = error("check http GET https://x.example/\n  expect stauts == 200")
        #expect(e?.position == SourcePosition(line: 11, column: 10))
        #expect(e?.message == "expected an assertion, found 'stauts'")
    }

    @Test func readingWithoutVarsKeepsPlaceholders() throws {
        let parser = CheckParser(vars: nil)
        let check = try parser.parse("check http https://{{DOMAIN}}/ expect status == 200", context: .init(file: "r.md", position: SourcePosition(line: 1, column: 1), section: 0, step: nil, origin: .annotation, id: "x"))
        #expect(check.target == .http(method: "GET", url: "https://{{DOMAIN}}/"))
    }
}
