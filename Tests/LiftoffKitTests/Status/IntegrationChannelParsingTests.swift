import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// The vars keys of the `pagerduty` and `github` channels, and the pure rules behind what they
/// send (docs/notifications.md, "PagerDuty" and "GitHub deployments").
@Suite struct IntegrationChannelParsingTests {
    static let vars = """
    notify:
      pager:
        kind: pagerduty
        routing_key: env:PD_KEY
      deploys:
        kind: github
        repository: acme/api
        environment: staging
        token: env:GITHUB_TOKEN
        api_url: https://ghe.acme.example/api/v3
        environment_url: https://staging.acme.example
        ref: v2.4.0
    """

    static func refusal(_ text: String) -> InputError? {
        do {
            _ = try LaunchVariables.parse(text, file: "vars.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func bothChannelsReadTheirKeysAndDefaults() throws {
        let channels = try LaunchVariables.parse(Self.vars, file: "vars.yaml").channels
        let pager = try #require(channels.first { $0.name == "pager" })
        #expect(pager.kind == .pagerduty && pager.secret == "env:PD_KEY" && pager.url == NotifyChannel.pagerDutyDefaultURL)
        let deploys = try #require(channels.first { $0.name == "deploys" })
        #expect(deploys.kind == .github && deploys.repository == "acme/api" && deploys.environment == "staging")
        #expect(deploys.secret == "env:GITHUB_TOKEN" && deploys.url == "https://ghe.acme.example/api/v3")
        #expect(deploys.environmentURL == "https://staging.acme.example" && deploys.ref == "v2.4.0")
        let plain = try LaunchVariables.parse("notify:\n  github:\n    repository: acme/api\n    token: env:T\n", file: "vars.yaml").channels
        #expect(plain.first?.kind == .github && plain.first?.environment == "production" && plain.first?.url == "https://api.github.com", "the name implies the kind")
    }

    @Test func aMissingRoutingKeyIsAnErrorAtTheChannelWithAHint() throws {
        let error = try #require(Self.refusal("notify:\n  pager:\n    kind: pagerduty\n    url: http://127.0.0.1:9/pd\n"))
        #expect(error.message == "channel 'pager' (pagerduty) has no routing_key")
        #expect(error.position.line == 3)
        #expect(error.hint?.contains("routing_key: env:") == true)
        #expect(error.description.contains("vars.yaml:3:"))
    }

    @Test func aSecretWrittenInTheFileIsRefused() throws {
        let key = try #require(Self.refusal("notify:\n  pager:\n    kind: pagerduty\n    routing_key: R0UT1NGKEY0123456789abcdef012345\n"))
        #expect(key.position.line == 4 && key.message.contains("must be an env:NAME reference"))
        #expect(!key.message.contains("R0UT1NGKEY"), "the secret is not repeated")
        let token = try #require(Self.refusal("notify:\n  gh:\n    kind: github\n    repository: acme/api\n    token: ghp_abc\n"))
        #expect(token.position.line == 5 && token.message.contains("token of channel 'gh'"))
    }

    @Test(arguments: ["acme", "acme/api/extra", "/api", "acme/", "-acme/api", "acme/..", "ac me/api"])
    func aRepositoryNotOwnerSlashNameIsRefusedAtItsLine(repository: String) throws {
        let error = try #require(Self.refusal("notify:\n  gh:\n    kind: github\n    repository: \"\(repository)\"\n    token: env:T\n"))
        #expect(error.position.line == 4)
        #expect(error.message.contains("is not owner/name"))
        #expect(error.hint?.contains("acme/api") == true)
    }

    @Test func unknownKeysAndWrongShapesNameTheKindsKeys() throws {
        let unknown = try #require(Self.refusal("notify:\n  gh:\n    kind: github\n    repository: acme/api\n    token: env:T\n    branch: main\n"))
        #expect(unknown.position.line == 6 && unknown.message == "unknown field 'branch' in channel 'gh' (github)")
        #expect(unknown.hint?.contains("repository") == true && unknown.hint?.contains("environment_url") == true)
        let secretOnPager = try #require(Self.refusal("notify:\n  pager:\n    kind: pagerduty\n    routing_key: env:K\n    secret: env:S\n"))
        #expect(secretOnPager.position.line == 5 && secretOnPager.hint?.contains("routing_key") == true)
        let scalar = try #require(Self.refusal("notify:\n  pagerduty: env:PD_KEY\n"))
        #expect(scalar.message.contains("needs a mapping") && scalar.hint?.contains("kind: pagerduty") == true)
        let url = try #require(Self.refusal("notify:\n  gh:\n    kind: github\n    repository: acme/api\n    token: env:T\n    api_url: ghe.local\n"))
        #expect(url.position.line == 6 && url.message.contains("api_url"))
        let noRepo = try #require(Self.refusal("notify:\n  gh:\n    kind: github\n    token: env:T\n"))
        #expect(noRepo.message.contains("has no repository"))
    }

    @Test func dedupKeysStayWithin255AndStable() {
        let short = PagerDutyIncidents.dedupKey(launchKey: "1.3f9a0c2e", incident: "trigger/error-rate")
        #expect(short == "liftoff/1.3f9a0c2e/trigger/error-rate")
        let long = PagerDutyIncidents.dedupKey(launchKey: "1.3f9a0c2e", incident: "trigger/" + String(repeating: "é", count: 300))
        #expect(long.utf8.count <= 255 && long.count <= 255)
        #expect(long == PagerDutyIncidents.dedupKey(launchKey: "1.3f9a0c2e", incident: "trigger/" + String(repeating: "é", count: 300)))
        #expect(long != PagerDutyIncidents.dedupKey(launchKey: "1.3f9a0c2e", incident: "trigger/" + String(repeating: "é", count: 301)))
    }

    @Test func incidentsOpenAndResolveByCause() {
        let causes = [StatusCause(.held), StatusCause(.rollbackRequested, trigger: "error-rate"), StatusCause(.rollbackEscalated), StatusCause(.resumed)]
        #expect(PagerDutyIncidents.open(after: causes) == ["trigger/error-rate", "rollback-unconfirmed"])
        #expect(PagerDutyIncidents.open(after: causes + [StatusCause(.rollbackConfirmed)]) == ["trigger/error-rate"])
        #expect(PagerDutyIncidents.open(after: causes + [StatusCause(.launchEnded, outcome: .rolledBack)]) == [])
        #expect(PagerDutyIncidents.open(after: [StatusCause(.triggerFiring, trigger: "latency", action: "alert")]) == [], "an alert trigger does not page")
        #expect(PagerDutyIncidents.open(after: [StatusCause(.triggerFiring, trigger: "latency", action: "page")]) == ["trigger/latency"])
    }

    @Test func aDeploymentOnlyMovesForward() {
        let t0 = Date(timeIntervalSince1970: 1_796_112_000)
        func state(_ cause: StatusCause?, _ minutes: Double) -> GitHubDeploymentState {
            .of(cause: cause, at: t0.addingTimeInterval(minutes * 60), t0: t0, outcome: nil)
        }
        #expect(state(nil, -5) == .queued && state(nil, 0) == .inProgress)
        #expect(state(StatusCause(.rollbackConfirmed), 10) == .failure)
        #expect(state(StatusCause(.launchEnded, outcome: .rolledBack), 30) == .inactive)
        #expect(state(StatusCause(.launchEnded, outcome: .success), 30) == .success)
        #expect(GitHubDeploymentState.allCases.map(\.rank) == [0, 1, 2, 2, 3])
    }

    /// An update logged before a reschedule keeps the T-0 it saw, even when both share one
    /// millisecond (event times are whole milliseconds): order is the log's, not the clock's.
    @Test func anUpdateBeforeARescheduleInTheSameMillisecondKeepsTheOldT0() throws {
        var f = LaunchFixture(now: LaunchFixture.t0.addingTimeInterval(-3600))
        f.append(EventDraft(actor: "ada", StatusPosted(status: .green, message: "waiting on T-0", milestone: nil, channels: ["deploys"])))
        f.append(EventDraft(actor: "ada", LaunchRescheduled(t0: f.now.addingTimeInterval(-60), reason: "ready early")))
        f.append(EventDraft(actor: "ada", StatusPosted(status: .green, message: "under way", milestone: nil, channels: ["deploys"])))
        let state = try f.state
        #expect(state.statuses.map(\.at) == [f.now, f.now], "the fixture logs both in one instant")
        #expect(state.deploymentStates(of: state.statuses) == [.queued, .inProgress])
        #expect(state.t0(before: state.statuses[0].seq) == LaunchFixture.t0)
        #expect(state.t0(before: state.statuses[1].seq) == f.now.addingTimeInterval(-60))
    }

    /// PagerDuty's change event and GitHub's in_progress hang on this: the first phase that
    /// starts at or after T-0 is the launch starting; the others are phases starting.
    @Test func theFirstPhaseAtOrAfterT0IsTheLaunchStarting() throws {
        var f = LaunchFixture()
        f.now = LaunchFixture.t0.addingTimeInterval(2 * 3600)
        let started = StatusMilestones.owed(events: f.events, state: try f.state, now: f.now, maxAge: 4 * 3600)
            .filter { $0.milestone == StatusMilestones.phaseStarted }
        #expect(started.map(\.message) == ["Phase started: T-1h: Go/No-Go", "Phase started: T-0: Deploy", "Phase started: T+1h: Verify"])
        #expect(started.map { $0.cause?.kind } == [.phaseStarted, .launchStarted, .phaseStarted])
    }

    /// The milestones Liftoff posts carry their cause, so deliveries act on it later.
    @Test func milestonePostsRecordTheirCause() throws {
        var f = LaunchFixture(now: LaunchFixture.t0.addingTimeInterval(30 * 60), variables: try LaunchVariables.parse(Self.vars, file: "vars.yaml"))
        f.append(EventDraft(actor: "system", RollbackRequested(reason: "error rate", trigger: "error-rate", value: 0.03, policy: .manual)))
        let last = try #require(f.events.last)
        let state = try f.state
        let post = try #require(StatusMilestones.update(for: last, in: state))
        #expect(post.cause == StatusCause(.rollbackRequested, trigger: "error-rate"))
        f.append(EventDraft(actor: "system", post))
        #expect(try f.state.statuses.last?.cause == post.cause)
        // An older log (no cause recorded) is read from the milestone at that point of the log.
        f.append(EventDraft(actor: "ada", LaunchHeld(reason: "db")))
        f.append(EventDraft(actor: "system", StatusPosted(status: .yellow, message: "Launch on hold: db", milestone: StatusMilestones.hold, channels: ["pager"])))
        #expect(try f.state.statuses.last?.cause == StatusCause(.held))
    }
}
