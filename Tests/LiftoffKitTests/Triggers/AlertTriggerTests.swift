import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import LiftoffMarkdown
import Testing

/// Alert triggers: Alertmanager's label matchers, the `alert` form of the trigger language, and
/// what received alerts do to a launch (docs/alerts.md).
struct AlertTriggerTests {
    static let runbook = """
    # Acme API go-live

    **Rollback Authority:** Engineering Lead

    ## T-0: Deploy

    - [ ] Deploy the release

    <!-- liftoff: trigger SEV1: alert severity=~"critical|page" service="acme-api" then rollback -->

    <!-- liftoff: trigger noisy: alert {alertname="DiskFilling", env!="staging"} then page -->

    <!-- liftoff: trigger error rate: error rate > 1% for 1m then rollback -->

    ## Rollback Procedure

    1. Revert the deploy
    """

    static let vars = LaunchVariables(values: [:], prometheus: "http://127.0.0.1:9090", signals: ["error rate": "sum(rate(errors[1m]))"])

    func fixture(_ runbook: String = AlertTriggerTests.runbook) -> LiveFixture {
        var f = LiveFixture(runbook: runbook, now: LiveFixture.t0.addingTimeInterval(60))
        f.events = []
        f.append(EventDraft(actor: "ada", LaunchCreated(name: "acme", runbookFile: "runbook.md", runbookSource: runbook, t0: LiveFixture.t0,
                                                        timeZone: "Europe/Oslo", mode: .live, variables: Self.vars)))
        return f
    }

    static func alert(_ status: ReceivedAlert.Status, _ labels: [String: String]) -> ReceivedAlert {
        ReceivedAlert(status: status, labels: labels, annotations: ["summary": "API is on fire"], generatorURL: "http://prometheus/graph?g0.expr=up", fingerprint: "f00d")
    }

    // MARK: Matchers

    @Test func matchersWorkAsInAlertmanagerRoutes() throws {
        let labels = ["severity": "page", "service": "acme-api"]
        #expect(try AlertMatcher(name: "service", op: .equal, value: "acme-api").matches(labels))
        #expect(try !AlertMatcher(name: "service", op: .notEqual, value: "acme-api").matches(labels))
        #expect(try AlertMatcher(name: "severity", op: .matchesRegex, value: "critical|page").matches(labels))
        #expect(try !AlertMatcher(name: "severity", op: .matchesRegex, value: "pag").matches(labels), "regexes are anchored at both ends")
        #expect(try !AlertMatcher(name: "severity", op: .matchesRegex, value: "critical|pa").matches(labels), "the anchors bind the whole alternation")
        #expect(try AlertMatcher(name: "severity", op: .notMatchesRegex, value: "info|warning").matches(labels))
        #expect(try AlertMatcher(name: "team", op: .equal, value: "").matches(labels), "a missing label is the empty string")
        #expect(try AlertMatcher(name: "team", op: .notMatchesRegex, value: ".+").matches(labels))
    }

    @Test func aBadRegexIsRefusedWhenWritten() {
        #expect(throws: AlertMatcherError.self) { try AlertMatcher(name: "severity", op: .matchesRegex, value: "(critical") }
    }

    // MARK: The trigger language

    @Test func readsTheAlertForm() throws {
        let context = TriggerParser.Context(file: "r.md", position: SourcePosition(line: 3, column: 5))
        let text = #"trigger SEV1: alert severity=~"critical|page" service="acme-api" then rollback"#
        #expect(AlertTriggerParser.isAlertTrigger(text))
        let d = try AlertTriggerParser.parse(text, context: context)
        #expect(d.name == "SEV1")
        #expect(d.action == .rollback)
        #expect(d.matchers.text == #"severity=~"critical|page" service="acme-api""#)

        let braced = try AlertTriggerParser.parse(#"disk: alert {alertname="DiskFilling", env!="staging", job!~"test.*"} then page"#, context: context)
        #expect(braced.matchers.map(\.op) == [.equal, .notEqual, .notMatchesRegex])
        let escaped = try AlertTriggerParser.parse(#"trigger q: alert summary="say \"hi\"" then alert"#, context: context)
        #expect(escaped.matchers.first?.value == #"say "hi""#)
    }

    @Test func aSignalCalledAlertSomethingIsNotTheAlertForm() {
        #expect(!AlertTriggerParser.isAlertTrigger("trigger many: alert count > 5 then page"))
        #expect(!AlertTriggerParser.isAlertTrigger("trigger high errors: error rate > 1% then rollback"))
    }

    @Test(arguments: [
        (#"trigger x: alert severity="critical""#, "expected 'then", 37),
        (#"trigger x: alert severity="critical" env "prod" then page"#, "expected =, !=, =~ or !~ after the label 'env'", 42),
        (#"trigger x: alert severity=~"(crit" then page"#, "is not a valid regular expression", 28),
        (#"trigger x: alert severity="critical then page"#, "unterminated quoted value", 27),
        (#"trigger x: alert severity="critical" then explode"#, "expected alert, rollback, page or halt after 'then', found 'explode'", 43),
        (#"trigger x: alert severity="critical" for 5m then page"#, "'for' does not apply to an alert trigger", 38),
    ])
    func malformedAlertTriggersSayWhatAndWhere(_ text: String, _ message: String, _ column: Int) {
        let context = TriggerParser.Context(file: "r.md", position: SourcePosition(line: 7, column: 1))
        #expect(AlertTriggerParser.isAlertTrigger(text))
        do {
            _ = try AlertTriggerParser.parse(text, context: context)
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.column == column, "\(error.message) at \(error.column)")
            #expect(error.position.line == 7)
            #expect(error.hint != nil)
        }
    }

    @Test func theRunbookBindsAlertTriggersWithoutAQuery() throws {
        let state = try fixture().state
        let sev1 = try #require(state.triggerRules.first { $0.id == "sev1" })
        #expect(sev1.alert?.text == #"severity=~"critical|page" service="acme-api""#)
        #expect(sev1.action == .rollback)
        #expect(sev1.conditionText == #"alert severity=~"critical|page" service="acme-api""#)
        #expect(state.triggerRules.map(\.id).sorted() == ["error-rate", "noisy", "sev1"])
        let due = LiveRules.due(state, now: LiveFixture.t0.addingTimeInterval(60)).map(\.id)
        #expect(due == ["error-rate"], "the watcher never queries an alert trigger")
    }

    @Test func aMalformedAlertTriggerIsAnErrorOfTheRunbook() throws {
        let runbook = Self.runbook.replacingOccurrences(of: #"service="acme-api" then rollback"#, with: #"service="acme-api" then"#)
        let doc = RunbookExtractor.extract(runbook, file: "runbook.md")
        let read = doc.triggerRules(vars: Self.vars)
        #expect(read.errors.map(\.message) == ["expected alert, rollback, page or halt after 'then'"])
    }

    // MARK: Received alerts

    @Test func aFiringAlertFiresTheTriggerRecordsTheAlertAndRequestsTheRollback() throws {
        var f = fixture()
        let firing = Self.alert(.firing, ["alertname": "APIDown", "severity": "critical", "service": "acme-api"])
        let drafts = AlertIntake.drafts(try f.state, alerts: [firing], now: f.now, actor: "alertmanager")
        #expect(drafts.map(\.type) == ["trigger.changed", "rollback.requested"])
        f.append(drafts)
        let state = try f.state
        #expect(state.trigger("sev1").status == .firing)
        #expect(state.trigger("noisy").status == .ok, "alertname does not match")
        #expect(state.rollback?.request.trigger == "sev1")
        #expect(state.rollback?.requestedBy == "alertmanager")
        let change = try #require(f.events.compactMap { try? $0.decode(TriggerChanged.self) }.first)
        #expect(change.alert?.labels["alertname"] == "APIDown")
        #expect(change.alert?.annotations["summary"] == "API is on fire")
        #expect(change.alert?.generatorURL == "http://prometheus/graph?g0.expr=up")
        #expect(change.alert?.fingerprint == "f00d")
        #expect(change.message == "alert APIDown firing: API is on fire")

        // Alertmanager repeats and retries: the same alert again changes nothing.
        #expect(AlertIntake.drafts(state, alerts: [firing, firing], now: f.now, actor: "alertmanager").isEmpty)

        var resolved = firing
        resolved.status = .resolved
        let after = AlertIntake.drafts(state, alerts: [resolved], now: f.now, actor: "alertmanager")
        #expect(after.map(\.type) == ["trigger.changed"])
        f.append(after)
        #expect(try f.state.trigger("sev1").status == .ok)
        #expect(AlertIntake.drafts(try f.state, alerts: [resolved], now: f.now, actor: "alertmanager").isEmpty, "resolved twice is resolved once")
    }

    @Test func eachAlertIsItsOwnSeriesAndTheTriggerFiresWhileAnyFires() throws {
        var f = fixture()
        let a = Self.alert(.firing, ["alertname": "APIDown", "severity": "page", "service": "acme-api", "instance": "a"])
        let b = Self.alert(.firing, ["alertname": "APIDown", "severity": "page", "service": "acme-api", "instance": "b"])
        let drafts = AlertIntake.drafts(try f.state, alerts: [a, b], now: f.now, actor: "alertmanager")
        #expect(drafts.map(\.type) == ["trigger.changed", "rollback.requested", "trigger.changed"], "one rollback request for the trigger")
        f.append(drafts)
        var aResolved = a
        aResolved.status = .resolved
        f.append(AlertIntake.drafts(try f.state, alerts: [aResolved], now: f.now, actor: "alertmanager"))
        #expect(try f.state.trigger("sev1").status == .firing, "instance b still fires")
    }

    @Test func alertsThatMatchNothingOrArriveBeforeThePhaseChangeNothing() throws {
        let f = fixture()
        let info = Self.alert(.firing, ["alertname": "APIDown", "severity": "info", "service": "acme-api"])
        #expect(AlertIntake.drafts(try f.state, alerts: [info], now: f.now, actor: "alertmanager").isEmpty)
        let critical = Self.alert(.firing, ["alertname": "APIDown", "severity": "critical", "service": "acme-api"])
        #expect(AlertIntake.drafts(try f.state, alerts: [critical], now: LiveFixture.t0.addingTimeInterval(-60), actor: "alertmanager").isEmpty,
                "before T-0 the trigger is not active")
        let disk = Self.alert(.firing, ["alertname": "DiskFilling", "env": "production"])
        #expect(AlertIntake.drafts(try f.state, alerts: [disk], now: f.now, actor: "alertmanager").map(\.type) == ["trigger.changed"], "a page trigger requests no rollback")
    }

    // MARK: Prose

    @Test(arguments: [
        ("Any SEV1 or SEV2 alert fires.", "sev1 or sev2 alert"),
        ("If a PagerDuty alert is firing", "pagerduty alert"),
        ("Any critical alerts fire", "critical alert"),
    ])
    func alertSentencesNameTheirAlerts(_ sentence: String, _ name: String) {
        #expect(AlertCandidate.name(in: sentence) == name)
    }

    @Test(arguments: ["Alert the on-call engineer", "Error rate > 1% for 5 minutes", "Set up alerts for the new service", "The alert threshold is 5%"])
    func otherSentencesAreNotAlertCandidates(_ sentence: String) {
        #expect(AlertCandidate.name(in: sentence) == nil)
    }

    static let proseRunbook = """
    # Acme

    ## T-0: Deploy

    - [ ] Deploy the release

    ## Rollback Procedure

    **Trigger:** Rollback if any of the following occur within 15 minutes of traffic shift:

    - Any SEV1 or SEV2 alert fires.

    **Steps:**

    1. Revert the deploy
    """

    @Test func theSeedsAlertSentenceIsACandidateTheVarsFileBinds() throws {
        let runbook = RunbookExtractor.extract(Self.proseRunbook, file: "runbook.md")
        #expect(runbook.alertCandidates.map(\.name) == ["sev1 or sev2 alert"])
        #expect(runbook.alertCandidates.first?.action == .rollback)

        let unbound = runbook.triggerRules(vars: LaunchVariables())
        #expect(unbound.rules.isEmpty)
        #expect(unbound.unbound.map(\.signal) == ["sev1 or sev2 alert"])
        let lint = Linter.lint(runbook, vars: LaunchVariables()).filter { $0.code == "unbound-trigger" }
        #expect(lint.first?.hint?.contains("alert severity=~") == true, "\(lint)")

        let vars = LaunchVariables(values: ["SERVICE": "acme-api"], signals: ["sev1 or sev2 alert": #"alert severity=~"sev1|sev2" service="{{SERVICE}}""#])
        let bound = runbook.triggerRules(vars: vars)
        let rule = try #require(bound.rules.first)
        #expect(bound.unbound.isEmpty)
        #expect(rule.origin == .prose)
        #expect(rule.action == .rollback)
        #expect(rule.activeForSeconds == 900)
        #expect(rule.alert?.text == #"severity=~"sev1|sev2" service="acme-api""#)
        #expect(rule.id == "rollback-procedure/sev1-or-sev2-alert")

        let broken = LaunchVariables(signals: ["sev1 or sev2 alert": #"alert severity=~"(sev1" "#])
        #expect(runbook.triggerRules(vars: broken).errors.first?.message.contains("is not a valid regular expression") == true)
    }
}
