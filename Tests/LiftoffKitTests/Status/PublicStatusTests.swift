import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import LiftoffRender
import Testing

/// The public status page's model: what the communications owner publishes, and nothing else.
@Suite struct PublicStatusTests {
    static let vars = """
    SERVICE: acme-api
    STATUS_COMPONENTS: API, Dashboard
    notify:
      team:
        kind: slack
        url: env:TEAM_SLACK
        audience: internal
      customers:
        kind: webhook
        url: http://127.0.0.1:9000/status
        audience: public
    """

    static func fixture() throws -> LaunchFixture {
        LaunchFixture(variables: try LaunchVariables.parse(vars, file: "vars.yaml"))
    }

    static func attempt(_ f: inout LaunchFixture, _ phase: PublicNotice.Phase, _ message: String, title: String = "", incident: Int? = nil,
                        impact: PublicNotice.Impact = .none, components: [String: PublicNotice.ComponentStatus] = [:]) throws -> Result<[EventDraft], Refusal> {
        try f.run(.publish(PublicNotice(phase: phase, title: title, incident: incident, impact: impact, components: components), message: message), as: LaunchFixture.lead)
    }

    /// Publishes and fails the test on a refusal.
    static func publish(_ f: inout LaunchFixture, _ phase: PublicNotice.Phase, _ message: String, title: String = "", incident: Int? = nil,
                        impact: PublicNotice.Impact = .none, components: [String: PublicNotice.ComponentStatus] = [:]) throws {
        if case .failure(let refusal) = try attempt(&f, phase, message, title: title, incident: incident, impact: impact, components: components) {
            Issue.record("refused: \(refusal.message)")
        }
    }

    @Test func internalMilestonesNeverReachThePublicPage() throws {
        var f = try Self.fixture()
        f.now = LaunchFixture.t0
        _ = try f.run(.postStatus(status: .green, message: "every required role voted GO and every check passed"), as: LaunchFixture.lead)
        f.append(EventDraft(actor: "system", TriggerChanged(trigger: "error-rate", state: .firing, previous: .pending, value: 0.03, series: nil, observedAt: f.now, message: nil)))
        for post in StatusMilestones.owed(events: f.events, state: try f.state, now: f.now) { f.append(EventDraft(actor: StatusMilestones.actor, post)) }
        let state = try f.state
        #expect(state.statuses.count >= 2)
        #expect(state.statuses.allSatisfy { $0.channels == ["team"] }, "internal updates go to internal channels only")
        let page = PublicStatus(state: state, now: f.now)
        #expect(page.maintenance.updates.isEmpty && page.incidents.isEmpty)
        #expect(page.indicator == .none)
        #expect(page.components.map(\.name) == ["API", "Dashboard"])
        #expect(page.maintenance.phase == .scheduled && page.maintenance.scheduledFor == LaunchFixture.t0)
    }

    @Test func theMaintenanceGoesThroughItsStatesAndEndsOnce() throws {
        var f = try Self.fixture()
        try Self.publish(&f, .scheduled, "We will upgrade the API tonight.", title: "API upgrade")
        f.now = LaunchFixture.t0
        try Self.publish(&f, .inProgress, "Maintenance has begun.", components: ["API": .underMaintenance])
        var page = PublicStatus(state: try f.state, now: f.now)
        #expect(page.maintenance.title == "API upgrade", "the title carries over")
        #expect(page.maintenance.phase == .inProgress && page.indicator == .maintenance)
        #expect(page.components.first { $0.name == "API" }?.status == .underMaintenance)
        #expect(try f.state.currentStatus?.channels == ["customers"], "published updates go to public channels only")
        try Self.publish(&f, .verifying, "Verifying.")
        try Self.publish(&f, .completed, "Done, thank you.")
        page = PublicStatus(state: try f.state, now: f.now)
        #expect(page.maintenance.updates.map(\.phase) == [.completed, .verifying, .inProgress, .scheduled])
        #expect(page.components.allSatisfy { $0.status == .operational }, "completing gives the components back")
        #expect(page.indicator == .none)
        #expect(LaunchFixture.refusal(try Self.attempt(&f, .inProgress, "again"))?.kind == .alreadyInState)
    }

    @Test func incidentsAreNumberedUpdatedAndResolved() throws {
        var f = try Self.fixture()
        #expect(LaunchFixture.refusal(try Self.attempt(&f, .investigating, "Errors"))?.kind == .invalid, "a new incident needs a title")
        #expect(LaunchFixture.refusal(try Self.attempt(&f, .resolved, "Fine", title: "X"))?.kind == .invalid, "it cannot start resolved")
        #expect(LaunchFixture.refusal(try Self.attempt(&f, .identified, "Fine", incident: 4))?.kind == .notFound)
        #expect(LaunchFixture.refusal(try Self.attempt(&f, .investigating, "x", title: "X", components: ["Billing": .majorOutage]))?.kind == .invalid,
                "only the page's components")
        #expect(LaunchFixture.refusal(try f.run(.publish(PublicNotice(phase: .scheduled, title: ""), message: "x"), as: LaunchFixture.viewer))?.kind == .forbidden)
        try Self.publish(&f, .investigating, "Some requests fail.", title: "Elevated errors", impact: .major, components: ["API": .partialOutage])
        try Self.publish(&f, .investigating, "Logins are slow.", title: "Slow logins", impact: .minor)
        var page = PublicStatus(state: try f.state, now: f.now)
        #expect(page.incidents.map(\.number) == [2, 1])
        #expect(page.indicator == .major)
        try Self.publish(&f, .identified, "Found it.", incident: 1, impact: .major)
        try Self.publish(&f, .resolved, "Fixed.", incident: 1)
        page = PublicStatus(state: try f.state, now: f.now)
        let first = try #require(page.incidents.first { $0.number == 1 })
        #expect(first.title == "Elevated errors" && first.phase == .resolved && first.updates.count == 3)
        #expect(first.resolvedAt != nil)
        #expect(page.components.first { $0.name == "API" }?.status == .operational)
        #expect(page.openIncidents.map(\.number) == [2] && page.indicator == .minor)
        #expect(LaunchFixture.refusal(try Self.attempt(&f, .monitoring, "x", incident: 1))?.kind == .alreadyInState)
    }

    @Test func customersHearTheEndAfterTheLaunchEnded() throws {
        var f = try Self.fixture()
        try Self.publish(&f, .inProgress, "Begun.")
        _ = try f.run(.end(outcome: .success, note: nil), as: LaunchFixture.admin)
        try Self.publish(&f, .completed, "Completed.")
        #expect(PublicStatus(state: try f.state, now: f.now).maintenance.phase == .completed)
        #expect(LaunchFixture.refusal(try f.run(.postStatus(status: .green, message: "x"), as: LaunchFixture.lead))?.kind == .ended)
    }

    @Test func templatesArePrefilledInCustomersWords() throws {
        var f = try Self.fixture()
        var state = try f.state
        var templates = PublicStatus(state: state, now: f.now).templates(state: state)
        let scheduled = try #require(templates.first { $0.notice.phase == .scheduled })
        #expect(scheduled.suggested)
        #expect(scheduled.message.contains("API and Dashboard") && scheduled.message.contains("Europe/Oslo"))
        f.now = LaunchFixture.t0.addingTimeInterval(60)
        f.append(EventDraft(actor: "system", TriggerChanged(trigger: "error-rate", state: .firing, previous: .pending, value: 0.03, series: nil, observedAt: f.now, message: nil)))
        state = try f.state
        templates = PublicStatus(state: state, now: f.now).templates(state: state)
        #expect(templates.first { $0.notice.phase == .inProgress }?.suggested == true, "the window began")
        let incident = try #require(templates.first { $0.notice.phase == .investigating })
        #expect(incident.suggested, "a trigger fires")
        for t in templates { #expect(!t.message.contains("error-rate") && !t.message.contains("trigger"), "no internal words: \(t.message)") }
        // Every template publishes as it is.
        #expect(LaunchFixture.refusal(try f.run(.publish(incident.notice, message: incident.message), as: LaunchFixture.lead)) == nil)
        state = try f.state
        let next = PublicStatus(state: state, now: f.now).templates(state: state)
        #expect(next.contains { $0.notice.phase == .identified && $0.notice.incident == 1 })
    }

    @Test func theVarsFileSaysEachChannelsAudience() throws {
        let v = try LaunchVariables.parse(Self.vars, file: "vars.yaml")
        #expect(v.channels.map(\.audience) == [.internal, .public])
        #expect(v.audienceFindings.isEmpty)
        let unsaid = try LaunchVariables.parse("notify:\n  slack: env:URL\n  ops:\n    kind: webhook\n    url: http://x\n    audience: public\n", file: "v.yaml")
        #expect(unsaid.audienceFindings.map(\.position.line) == [2])
        #expect(unsaid.audienceFindings.first?.description.hasPrefix("v.yaml:2:3: error: channel 'slack' does not say its audience") == true)
        #expect(unsaid.channels.first?.isPublic == false, "unsaid is internal: nothing internal leaks")
        #expect {
            _ = try LaunchVariables.parse("notify:\n  ops:\n    kind: webhook\n    url: http://x\n    audience: everyone\n", file: "v.yaml")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.position.line == 5 && e.message.contains("must be internal or public")
        }
    }

    @Test func theStatuspageSummaryAndTheAtomFeedCarryTheUpdates() throws {
        var f = try Self.fixture()
        try Self.publish(&f, .inProgress, "Begun <now> & \u{1}soon.", components: ["API": .underMaintenance])
        try Self.publish(&f, .investigating, "Errors.", title: "Errors", impact: .minor, components: ["Dashboard": .degradedPerformance])
        let page = PublicStatus(state: try f.state, now: f.now)
        let summary = page.statuspageSummary(pageURL: "http://h/status/1")
        guard case .object(let o) = summary, case .array(let incidents) = o["incidents"], case .array(let maintenances) = o["scheduled_maintenances"],
              case .object(let status) = o["status"] else { Issue.record("not the summary shape"); return }
        #expect(status["indicator"] == .string("minor"))
        #expect(incidents.count == 1 && maintenances.count == 1)
        guard case .object(let m) = maintenances[0], case .array(let updates) = m["incident_updates"], case .object(let u) = updates[0],
              case .array(let affected) = u["affected_components"], case .object(let a) = affected[0] else { Issue.record("no update"); return }
        #expect(m["status"] == .string("in_progress") && u["body"] == .string("Begun <now> & \u{1}soon."))
        #expect(a["old_status"] == .string("operational") && a["new_status"] == .string("under_maintenance"))
        let feed = page.atomFeed(pageURL: "http://h/status/1", feedURL: "http://h/status/1/history.atom")
        #expect(feed.contains("Begun &lt;now&gt; &amp; soon."), "escaped, the control character dropped")
        #expect(feed.components(separatedBy: "<entry>").count == 3)
    }
}

extension PublicStatusTests {
    @Test func publicChannelsReceiveOnlyTheCustomersWords() throws {
        var f = try Self.fixture()
        try Self.publish(&f, .inProgress, "The upgrade has begun.", components: ["API": .underMaintenance])
        let message = try #require(StatusMessage(state: try f.state, metrics: [("error rate", "0.4%")], schedule: nil))
        #expect(message.text.hasPrefix("[Maintenance] Scheduled maintenance: checkout-v2: In progress\nThe upgrade has begun."))
        let body = CanonicalJSON.string(message.webhookPayload) + CanonicalJSON.string(message.slackPayload)
        for word in ["error rate", "steps done", "Chain anchor", "lee", "Progress"] {
            #expect(!body.contains(word), "a public channel gets \(word)")
        }
        #expect(message.webhookPayload["status"] == .string("in_progress"))
    }
}
