import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
@testable import LiftoffRender
import Testing

/// The post-launch report of a launch that went through a gate check, a vote, a traffic shift,
/// a firing rollback trigger, a confirmed rollback and ended rolled-back — built through the
/// same decider and rules the watcher uses.
@Suite struct LaunchReportTests {
    static let t0 = LiveFixture.t0
    static let secret = "s3cr3t-t0ken-value"

    static let runbook = LiveFixture.runbook
        .replacingOccurrences(of: "Required approvals from:", with: """
        <!-- liftoff: check http GET https://{{DOMAIN}}/healthz expect status == 200 -->

        Required approvals from:
        """)
        .replacingOccurrences(of: "- [ ] Deploy the release", with: """
        - [ ] Deploy the release `<script>alert("step")</script>`
        - [ ] Call the partner API with {{API_TOKEN}}
        """)

    /// A live launch in memory with a secret variable; the story ends rolled-back unless `end` is false.
    static func story(end: Bool = true) throws -> LiveFixture {
        var f = LiveFixture(runbook: runbook, now: t0.addingTimeInterval(-3600))
        var vars = LiveFixture.vars()
        vars.values["DOMAIN"] = "shop.example.com"
        vars.values["API_TOKEN"] = "env:PARTNER_TOKEN"
        f.events.removeAll()
        f.append(EventDraft(actor: "ada", LaunchCreated(name: "payments-v3", runbookFile: "runbook.md", runbookSource: runbook, t0: t0,
                                                        timeZone: "Europe/Oslo", mode: .rehearsal, variables: vars)))
        // T-1h: the gate's check fails, then passes; the Engineering Lead votes GO.
        var state = try f.state
        let gate = try #require(state.runbook.gates.first).id
        let check = try #require(state.gateChecks[gate]?.first)
        try f.run(.recordChecks([CheckRan(check: check, gate: nil, step: nil, result: .fail, expected: "status == 200", observed: "503")]), as: .system)
        f.now = t0.addingTimeInterval(-3000)
        try f.run(.recordChecks([CheckRan(check: check, gate: nil, step: nil, result: .pass, expected: "status == 200", observed: "200")]), as: .system)
        f.now = t0.addingTimeInterval(-2900)
        try f.run(.vote(gate: gate, role: "Engineering Lead", vote: .go, comment: "looks <b>good</b>"), as: LiveFixture.lead)
        try f.postMilestone()
        // T-0: deploy, then the shift starts at 10%.
        f.now = t0
        try f.run(.markStep(step: try f.step("Deploy the release"), mark: .done, note: "deployed <script>alert(\"note\")</script>"), as: LiveFixture.lead)
        state = try f.state
        let shift = try #require(state.shiftSteps.first)
        f.append(EventDraft(actor: "system", ActionRan(purpose: .shift, step: shift.step, command: shift.command, exitCode: 0, output: "weight=10", durationMS: 40, error: nil)))
        f.append(EventDraft(actor: "system", ShiftStage(step: shift.step, weight: 10, state: .started, reason: nil)))
        // The error rate goes up and stays up: pending, then firing at T+1m → rollback requested.
        try f.evaluate("error-rate", .scalar(0.024))
        f.now = t0.addingTimeInterval(60)
        try f.evaluate("error-rate", .scalar(0.031))
        f.now = t0.addingTimeInterval(75)
        state = try f.state
        // The firing trigger fails the stage's analysis; the rollback is already requested.
        let failing = try #require(LiveRules.failingAnalysis(state, shift, since: t0))
        f.append(LiveRules.shiftAbort(state, shift, weight: 10, reason: failing))
        try f.postMilestone()
        // Someone pastes the secret into a note; the report must not repeat it.
        try f.run(.addNote("partner token is \(secret)"), as: LiveFixture.lead)
        try f.run(.logDefect("checkout returns 500 | EUR carts\nonly [see](javascript:alert(1))", severity: .high), as: LiveFixture.lead)
        // The rollback authority confirms; the procedure runs.
        f.now = t0.addingTimeInterval(390)
        try f.run(.confirmRollback(comment: "agreed on the bridge"), as: LiveFixture.lead)
        f.now = t0.addingTimeInterval(400)
        try f.run(.markStep(step: try f.step("Announce the rollback"), mark: .done, note: nil), as: LiveFixture.lead)
        let revert = try f.step("Revert the deploy")
        let down = try f.step("Run the down migration")
        f.append(EventDraft(actor: "system", ActionRan(purpose: .rollback, step: revert, command: "./scripts/rollback.sh {{ENV}}", exitCode: 0,
                                                       output: "using token ****", durationMS: 1200, error: nil)))
        f.now = t0.addingTimeInterval(420)
        f.append(EventDraft(actor: "system", ActionRan(purpose: .rollback, step: down, command: "bash scripts/migrate-down.sh production", exitCode: 0,
                                                       output: nil, durationMS: 800, error: nil)))
        // Deliveries: the first status post reached Slack, the second gave up.
        let posts = try f.state.statuses
        if let first = posts.first { f.append(EventDraft(actor: "system", NotificationDelivered(notification: first.seq, channel: "slack", attempt: 1))) }
        if posts.count > 1 {
            f.append(EventDraft(actor: "system", NotificationFailed(notification: posts[1].seq, channel: "slack", attempt: 5, error: "HTTP 500", final: true)))
        }
        if end {
            f.now = t0.addingTimeInterval(450)
            f.append(EventDraft(actor: "system", LaunchEnded(outcome: .rolledBack, note: "rollback procedure completed")))
        }
        return f
    }

    static func report(_ f: LiveFixture, now: Date = t0.addingTimeInterval(600)) throws -> LaunchReport {
        let masker = SecretMasker(launch: try f.events[0].decode(LaunchCreated.self), environment: ["PARTNER_TOKEN": secret])
        return try LaunchReport.build(events: f.events, verification: .checked(EventChain.verify(f.events)), now: now, masker: masker)
    }

    @Test func headerAndSummaryTellTheOutcome() throws {
        let f = try Self.story()
        let r = try Self.report(f)
        #expect(r.name == "payments-v3" && r.mode == .rehearsal && r.timeZone == "Europe/Oslo")
        #expect(r.runbookTitle == "Payments v3 go-live" && r.runbookIntact)
        #expect(r.ending?.outcome == .rolledBack && r.ending?.note == "rollback procedure completed" && r.ending?.by == "system")
        #expect(r.outcomeLabel == "rolled back")
        #expect(r.durationSeconds == 3600 + 450)
        let s = r.summary
        #expect(s.gatesGo == 1 && s.gatesTotal == 1 && s.gatesNoGo == 0)
        #expect(s.checksPass == 1 && s.checksFail == 0 && s.checkRuns == 2)
        #expect(s.triggersFired == ["error rate"] && s.triggerRules == 2)
        #expect(s.rollbackRequested && s.actionsRun == 3 && s.actionsFailed == 0)
        #expect(s.stepsDone == 1 && s.stepsTotal == 3 && s.stepsPending == 2)
        #expect(s.defects == 1)
        #expect(s.notificationsDelivered == 1 && s.notificationsFailed == 1)
        #expect(r.integrity.verified == true && r.integrity.events == f.events.count && r.integrity.lastHash == f.events.last?.hash)
    }

    @Test func sectionsCarryTheTimelineOfEveryStoryPart() throws {
        let r = try Self.report(try Self.story())
        // Gate: the vote with its comment, the decision and the check evidence.
        let gate = try #require(r.gates.first)
        #expect(gate.decision == .go && gate.votes.map(\.by) == ["lee"] && gate.votes.first?.comment == "looks <b>good</b>")
        #expect(gate.due == Self.t0.addingTimeInterval(-3600) && gate.checks.count == 1)
        // Check: latest result with expected vs observed.
        let check = try #require(r.checks.first)
        #expect(check.result == .pass && check.expected == "status == 200" && check.observed == "200" && check.runs == 2 && check.failures == 1)
        #expect(check.definition == "http GET https://shop.example.com/healthz")
        // Trigger: pending then firing, values in the rule's unit.
        let trigger = try #require(r.triggers.first { $0.id == "error-rate" })
        #expect(trigger.changes.map(\.state) == [.pending, .firing] && trigger.changes.map(\.value) == ["2.4%", "3.1%"] && trigger.fired)
        #expect(trigger.condition == "error rate > 1% for 1m")
        // Rollback: the request's evidence and its confirmation.
        let rollback = try #require(r.rollbacks.first)
        #expect(rollback.trigger == "error-rate" && rollback.value == "3.1%" && rollback.requestedAt == Self.t0.addingTimeInterval(60))
        #expect(rollback.confirmations.map(\.by) == ["lee"] && rollback.confirmations.first?.comment == "agreed on the bridge")
        // Shift: 10% started, then aborted by the firing trigger.
        let shift = try #require(r.shifts.first)
        #expect(shift.planned == [10, 50, 100] && shift.stages.map(\.state) == [.started, .aborted] && shift.reached == 10 && shift.aborted)
        // Commands with exit codes and durations, in order.
        #expect(r.actions.map(\.purpose) == [.shift, .rollback, .rollback] && r.actions.map(\.durationMS) == [40, 1200, 800])
        // Steps: who marked it, when, against its planned time.
        let deploy = try #require(r.sections.flatMap(\.steps).first { $0.text.hasPrefix("Deploy the release") })
        #expect(deploy.state == .done && deploy.by == "lee" && deploy.at == Self.t0 && deploy.dueStart == Self.t0 && deploy.lateSeconds == nil)
        #expect(r.sections.contains { $0.rollback && $0.title == "Rollback Procedure" })
        // Timeline: news only, in order, relative to T-0.
        #expect(!r.timeline.contains { $0.type == "participant.added" || $0.type == "notification.delivered" })
        let requested = try #require(r.timeline.first { $0.type == "rollback.requested" })
        #expect(r.time.relative(requested.at) == "T+01:00" && requested.tone == .bad)
        #expect(r.timeline.first?.type == "launch.created" && r.timeline.last?.type == "launch.ended")
        #expect(r.timeline.filter { $0.type == "check.ran" }.count == 2, "each change of a check's result is news")
        #expect(r.statuses.contains { $0.milestone == "rollback" && $0.level == .red })
    }

    @Test func markdownIsReadableAndEscaped() throws {
        let md = try Self.report(try Self.story()).markdown()
        #expect(md.hasPrefix("# Launch report: payments-v3\n"))
        #expect(md.contains("**Outcome: ROLLED BACK** — rollback procedure completed"))
        #expect(md.contains("| Time (CET) | T± | Who | What |"))
        #expect(md.contains("| T-0 | 2026-12-01 09:00:00 CET (Europe/Oslo) |"))
        #expect(md.contains("hash chain verified"))
        #expect(md.contains("- **Triggers:** 1 of 2 fired (error rate)"))
        #expect(md.contains("T+06:30"), "the confirmation at T+6m30s")
        #expect(md.contains("| `./scripts/rollback.sh {{ENV}}` | 0 | 1200 ms |"))
        let bare = zip(md.dropFirst(), md).filter { $0.0 == "<" && $0.1 != "\\" }
        #expect(bare.isEmpty, "every < of runbook and note text is escaped, so it cannot become markup")
        #expect(md.contains(#"\<script>alert("step")\</script>"#))
        #expect(md.contains(#"checkout returns 500 \| EUR carts only \[see\](javascript:alert(1))"#), "no link, no extra cell, one line")
        for line in md.split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("|---") {
            #expect(line.hasSuffix(" |"), "a table row stays one line: \(line)")
        }
    }

    @Test func htmlIsStandaloneEscapedAndLockedDown() throws {
        let html = try Self.report(try Self.story()).html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.lowercased().contains("<script"), "no script, and no runbook text that became one")
        #expect(html.contains("&lt;script&gt;alert(&quot;step&quot;)&lt;/script&gt;"))
        #expect(html.contains("deployed &lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt;"))
        #expect(html.contains("looks &lt;b&gt;good&lt;/b&gt;"))
        #expect(!html.contains(" style=\""), "inline styles would need 'unsafe-inline'")
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;sha256-"))
        #expect(!html.contains("http://") && !html.contains("src=\""), "nothing is loaded")
        // The one style element is exactly what the CSP hash admits.
        let start = try #require(html.range(of: "<style>")).upperBound
        let end = try #require(html.range(of: "</style>")).lowerBound
        #expect(String(html[start..<end]) == ReportStyle.css)
        #expect(html.contains("rolled back") && html.contains("Hash chain verified"))
    }

    @Test func secretsNeverAppear() throws {
        let r = try Self.report(try Self.story())
        let md = r.markdown()
        #expect(md.contains(#"partner token is \*\*\*\*"#))
        for text in [md, r.html(), CanonicalJSON.string(r.json())] {
            #expect(!text.contains(Self.secret))
            #expect(text.contains("partner token is ****") || text == md)
            #expect(text.contains("{{API_TOKEN}}"), "the step shows the placeholder, not the value")
        }
    }

    @Test func aRunningLaunchIsTheReportSoFar() throws {
        let f = try Self.story(end: false)
        let r = try Self.report(f, now: Self.t0.addingTimeInterval(500))
        #expect(r.ending == nil && r.outcomeLabel == "in progress")
        #expect(r.durationSeconds == 3600 + 500)
        #expect(r.markdown().contains("the launch is still running; this is the report so far"))
        #expect(r.html().contains("The launch is still running"))
        #expect(r.json()["running"] == .bool(true) && r.json()["ended"] == .null)
    }

    @Test func aTamperedLogIsNamed() throws {
        var f = try Self.story()
        let note = try #require(f.events.firstIndex { $0.type == "note.added" })
        f.events[note].payload = .object(["text": .string("nothing happened")])
        let r = try Self.report(f)
        #expect(r.integrity.verified == false && r.integrity.brokenAt == note + 1)
        #expect(r.markdown().contains("hash chain broken at seq \(note + 1)"))
        #expect(r.html().contains("hash chain broken"))
        let unchecked = try LaunchReport.build(events: f.events, verification: .notChecked, now: Self.t0)
        #expect(unchecked.integrity.verified == nil && unchecked.markdown().contains("not verified"))
    }

    @Test func jsonCarriesEverySection() throws {
        let r = try Self.report(try Self.story())
        let json = try #require(JSONValue.parse(CanonicalJSON.string(r.json())))
        #expect(json["outcome"]?.stringValue == "rolled back")
        #expect(json["ended"]?["outcome"]?.stringValue == "rolled-back")
        #expect(json["summary"]?["steps"]?["total"] == .int(3))
        #expect(json["summary"]?["triggers"]?["fired"] == .array([.string("error rate")]))
        guard case .array(let rollbacks) = json["rollbacks"] else { Issue.record("no rollbacks"); return }
        #expect(rollbacks.first?["clock"]?.stringValue == "T+01:00")
        #expect(json["integrity"]?["verified"] == .bool(true))
        for key in ["timeline", "sections", "gates", "checks", "triggers", "rollbacks", "shifts", "actions", "statuses", "defects", "notes", "participants"] {
            guard case .array(let items) = json[key] else { Issue.record("\(key) is not an array"); continue }
            #expect(!items.isEmpty, "\(key)")
        }
    }

    @Test(arguments: [(-3600.0, "T-1:00:00"), (0, "T+00:00"), (390, "T+06:30"), (-45, "T-00:45"), (3 * 86_400 + 3723, "T+3d 01:02:03")] as [(Double, String)])
    func timesRelativeToT0(offset: TimeInterval, text: String) {
        let time = ReportTime(t0: Self.t0, timeZone: TimeZone(identifier: "Europe/Oslo") ?? .current)
        #expect(time.relative(Self.t0.addingTimeInterval(offset)) == text)
    }

    @Test func everyEventTypeAndEmptyLaunchesRenderWithoutCrashing() throws {
        let f = LiveFixture()
        let r = try LaunchReport.build(events: f.events, verification: .checked(EventChain.verify(f.events)), now: Self.t0)
        #expect(r.timeline.count == 1 && r.rollbacks.isEmpty && r.actions.isEmpty)
        #expect(!r.markdown().isEmpty && !r.html().isEmpty)
        #expect(throws: LaunchState.ProjectionError.self) { try LaunchReport.build(events: [], verification: .notChecked, now: Self.t0) }
    }
}
