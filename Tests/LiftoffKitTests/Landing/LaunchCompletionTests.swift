import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import LiftoffRender
import Testing

/// `launch complete`: a success only when every criterion is verified or confirmed; otherwise a
/// refusal that lists what is missing, unless an admin overrides with a reason. The
/// retrospective is captured after the end and exported as Markdown.
@Suite struct LaunchCompletionTests {
    static func verifyMetric(_ f: inout LiveFixture) throws {
        for minute in [0, 10] {
            f.now = LiveFixture.t0.addingTimeInterval(Double(minute * 60))
            try CriterionEvaluationTests.evaluate(&f, .scalar(0.001))
        }
    }

    func judged(_ state: LaunchState) throws -> SuccessCheck {
        try unwrap(state.successChecks.first { !$0.isMetric })
    }

    @Test func refusesWithAConfirmationOpenAndSucceedsOnceItIsMarked() throws {
        var f = LiveFixture(runbook: CriterionEvaluationTests.runbook)
        try Self.verifyMetric(&f)
        let support = try judged(try f.state)
        #expect(support.owner == "Product Owner" && support.text == "Support volume normal")

        #expect(LiveFixture.refusal(try f.run(.end(outcome: .success, note: nil), as: LiveFixture.admin))?.kind == .unmetCriteria,
                "launch end cannot record a success around the criteria")
        let refused = try #require(LiveFixture.refusal(try f.run(.complete(note: nil, override: nil), as: LiveFixture.admin)))
        #expect(refused.kind == .unmetCriteria)
        #expect(refused.message.contains("Support volume normal") && refused.message.contains("1 of 2"), "\(refused.message)")
        #expect(try f.state.ended == nil)

        // Its owner confirms, with a note; someone else may not, and a note is required.
        #expect(LiveFixture.refusal(try f.run(.confirmCriterion(criterion: support.id, note: "quiet"), as: LiveFixture.lead))?.kind == .forbidden)
        #expect(LiveFixture.refusal(try f.run(.confirmCriterion(criterion: support.id, note: " "), as: LiveFixture.owner))?.kind == .invalid)
        _ = try f.run(.confirmCriterion(criterion: support.id, note: "40 tickets/h, the usual"), as: LiveFixture.owner).get()
        let confirmed = try f.state.criterion(support.id)
        #expect(confirmed.isMet && confirmed.confirmedBy == "pat" && confirmed.note == "40 tickets/h, the usual")

        _ = try f.run(.complete(note: "all green", override: nil), as: LiveFixture.lead).get()
        let state = try f.state
        #expect(state.ended?.outcome == .success && state.completionOverride == nil)
        #expect(LaunchLifecycle.of(state, now: f.now) == .completed)
    }

    @Test func anAdminOverrideIsRecordedWithItsReason() throws {
        var f = LiveFixture(runbook: CriterionEvaluationTests.runbook)
        #expect(LiveFixture.refusal(try f.run(.complete(note: nil, override: "VP sign-off"), as: LiveFixture.lead))?.kind == .forbidden)
        #expect(LiveFixture.refusal(try f.run(.complete(note: nil, override: "  "), as: LiveFixture.admin))?.kind == .invalid)
        _ = try f.run(.complete(note: nil, override: "VP signed off the latency SLA"), as: LiveFixture.admin).get()
        let state = try f.state
        #expect(state.ended?.outcome == .success)
        let override = try #require(state.completionOverride)
        #expect(override.reason == "VP signed off the latency SLA" && override.by == "ada" && override.unmet.count == 2)

        let report = try LaunchReport.build(events: f.events, verification: .notChecked, now: f.now)
        #expect(report.outcomeLabel == "completed by override")
        let markdown = report.markdown()
        #expect(markdown.contains("## Success criteria") && markdown.contains("**Completed by override** by ada"), "\(markdown)")
        let html = report.html()
        #expect(html.contains("id=\"criteria\"") && html.contains("<strong>Completed by override</strong> by ada"))
    }

    @Test func aRequestedRollbackIsNotCompletedAsASuccess() throws {
        var f = LiveFixture(runbook: CriterionEvaluationTests.runbook)
        _ = try f.run(.requestRollback(reason: "error rate 3%"), as: LiveFixture.lead).get()
        #expect(LiveFixture.refusal(try f.run(.complete(note: nil, override: nil), as: LiveFixture.admin))?.kind == .alreadyInState)
        #expect(LaunchLifecycle.of(try f.state, now: f.now) == .rollingBack)
        #expect(LiveFixture.refusal(try f.run(.complete(note: nil, override: "false alarm"), as: LiveFixture.lead))?.kind == .forbidden)
        _ = try f.run(.complete(note: nil, override: "false alarm: the spike was the load test"), as: LiveFixture.admin).get()
        #expect(try f.state.completionOverride?.reason == "false alarm: the spike was the load test", "recorded against the launch")
    }

    @Test func lifecycleGoesLiveThenStabilizes() throws {
        let runbook = CriterionEvaluationTests.runbook + """


        ## Post-Launch Monitoring (T+1 to T+7)

        - Watch the dashboards
        """
        let f = LiveFixture(runbook: runbook)
        let state = try f.state
        #expect(LaunchLifecycle.of(state, now: LiveFixture.t0.addingTimeInterval(-60)) == .preparing)
        #expect(LaunchLifecycle.of(state, now: LiveFixture.t0.addingTimeInterval(3600)) == .live)
        #expect(LaunchLifecycle.of(state, now: LiveFixture.t0.addingTimeInterval(2 * 86_400)) == .stabilizing)
    }

    @Test func retrospectiveIsCapturedAfterTheEndAndExported() throws {
        var f = LiveFixture(runbook: CriterionEvaluationTests.runbook)
        _ = try f.run(.complete(note: nil, override: "rehearsal"), as: LiveFixture.admin).get()
        _ = try f.run(.addRetro(RetroAdded(kind: .wentWell, text: "The canary caught the config drift")), as: LiveFixture.lead).get()
        _ = try f.run(.addRetro(RetroAdded(kind: .wentBadly, text: "Status posts lagged")), as: LiveFixture.lead).get()
        #expect(LiveFixture.refusal(try f.run(.addRetro(RetroAdded(kind: .action, text: "Alert on lag")), as: LiveFixture.lead))?.kind == .invalid)
        #expect(LiveFixture.refusal(try f.run(.addRetro(RetroAdded(kind: .action, text: "Alert on lag", owner: "SRE", due: "2026-02-30")), as: LiveFixture.lead))?.kind == .invalid)
        _ = try f.run(.addRetro(RetroAdded(kind: .action, text: "Alert on replica lag", owner: "SRE Lead", due: "2026-12-15")), as: LiveFixture.lead).get()
        #expect(LiveFixture.refusal(try f.run(.addNote("late"), as: LiveFixture.lead))?.kind == .ended, "only the retrospective stays open")

        let state = try f.state
        #expect(state.retrospective.map(\.kind) == [.wentWell, .wentBadly, .action])
        let markdown = RetrospectiveMarkdown.render(state)
        #expect(markdown.contains("## What went well\n\n- The canary caught the config drift\n"))
        #expect(markdown.contains("- [ ] Alert on replica lag — owner: SRE Lead, due 2026-12-15\n"), "\(markdown)")

        let report = try LaunchReport.build(events: f.events, verification: .notChecked, now: f.now).markdown()
        let criteria = try #require(report.range(of: "## Success criteria"))
        let actions = try #require(report.range(of: "## Action items"))
        #expect(criteria.lowerBound < actions.lowerBound && report.contains("| Alert on replica lag | SRE Lead | 2026-12-15 |"), "\(report)")
    }

    @Test func criteriaEventsSurviveASnapshot() throws {
        var f = LiveFixture(runbook: CriterionEvaluationTests.runbook)
        try Self.verifyMetric(&f)
        _ = try f.run(.addRetro(RetroAdded(kind: .wentWell, text: "calm")), as: LiveFixture.lead).get()
        let state = try f.state
        let restored = try LaunchSnapshot.decode(try LaunchSnapshot(state).encoded()).state()
        #expect(restored.criteria == state.criteria && restored.retrospective == state.retrospective)
    }
}
