import Foundation
import LiftoffKit
import LiftoffTestSupport
import Testing
@testable import LiftoffServer

/// The war room, focus first: the header answers "are we OK", Now answers "what, who", People
/// answers "who to call" (docs/war-room.md).
@Suite struct WarRoomFocusTests {
    /// T-0 Deploy owned by the Platform Lead and the Engineering Lead, a rollback trigger, a shift
    /// and a contacts table.
    static let runbook = """
    # Focus launch

    ## T-1h: Go/No-Go

    Required approvals from:

    - Engineering Lead

    ## T-0: Deploy

    - [ ] Deploy the release (owner: Platform Lead)
    - [ ] Run smoke tests (owner: Engineering Lead)
    - [ ] Shift traffic (owner: Platform Lead)

      ```liftoff
      shift:
        stages: [10, 50, 100]
        pause: 5m
        analysis: [rollback on errors]
        command: ./weight.sh {{weight}}
      ```

    <!-- liftoff: trigger rollback on errors: error rate > 1% for 2m then rollback -->

    ## Rollback Procedure

    1. Revert the deploy

    ## Emergency Contacts

    | Role | Name | Phone | Slack |
    |------|------|-------|-------|
    | Platform Lead | Marcus Rivera | +1-555-0198 | @marcus.rivera |
    | SRE On-Call | (rotation) | PagerDuty | @sre-oncall |
    """

    static let platform = LaunchActor(name: "pia", roles: ["Platform Lead"], admin: false)

    static func fixture(minutesAfterT0: Double = 10) throws -> WebFixture {
        var f = WebFixture(runbook: runbook, now: WebFixture.t0.addingTimeInterval(-2 * 3600),
                           variables: try LaunchVariables.parse("prometheus: http://127.0.0.1:9\nsignals:\n  error rate: sum(rate(errors[5m]))\n", file: "v.yaml"))
        try f.run(.vote(gate: "t-1h-go-no-go", role: "Engineering Lead", vote: .go, comment: nil), as: WebFixture.lead)
        f.now = WebFixture.t0.addingTimeInterval(minutesAfterT0 * 60)
        return f
    }

    /// The markup from the element with `id` to `end` (the first after it).
    static func section(_ page: String, _ id: String, until end: String = "</section>") -> String {
        guard let start = page.range(of: "id=\"\(id)\"") else { return "" }
        return String(page[start.lowerBound...].components(separatedBy: end).first ?? "")
    }

    /// Now holds sections of its own (one per owner): it ends where the triggers begin.
    static func now(_ page: String) -> String { section(page, "now", until: #"<section id="triggers""#) }

    @Test func aFiringRollbackTriggerMakesTheHeaderRedWithValueAndThreshold() throws {
        var f = try Self.fixture()
        f.now = f.now.addingTimeInterval(-180)
        f.trigger("rollback-on-errors", .pending, 0.013)
        f.now = f.now.addingTimeInterval(120)
        f.trigger("rollback-on-errors", .firing, 0.052)
        f.now = f.now.addingTimeInterval(60)
        let page = try f.warRoom(as: WebFixture.viewer)
        let focus = Self.section(page, "focus")
        #expect(focus.contains(#"<p id="health" class="health status-red">"#))
        #expect(focus.contains("RED"))
        #expect(focus.contains("rollback on errors firing"), "the reason is named")
        // The trigger line: its state, its name, value against threshold and what it does.
        #expect(focus.contains(#"<span class="badge trigger-firing">FIRING</span>"#))
        #expect(focus.contains("error rate 5.2% &gt; 1% for 2m"), "value and threshold in the runbook's unit")
        #expect(focus.contains("→ rollback"))
        #expect(page.contains(#"<article id="trigger-rollback-on-errors" class="trigger state-firing""#), "the header links to the chart")
    }

    @Test func aPendingTriggerIsYellowAndAQuietLaunchIsGreen() throws {
        var f = try Self.fixture(minutesAfterT0: -30)
        #expect(Self.section(try f.warRoom(as: WebFixture.viewer), "focus").contains("health status-green"))
        f.trigger("rollback-on-errors", .pending, 0.013)
        let focus = Self.section(try f.warRoom(as: WebFixture.viewer), "focus")
        #expect(focus.contains("health status-yellow"))
        #expect(focus.contains("PENDING") && focus.contains("error rate 1.3% &gt; 1%"))
    }

    @Test func theChartDrawsTheSignalTheThresholdAndThePendingAndFiringSpans() throws {
        var f = try Self.fixture()
        f.now = f.now.addingTimeInterval(-180)
        f.trigger("rollback-on-errors", .pending, 0.013)
        f.now = f.now.addingTimeInterval(120)
        f.trigger("rollback-on-errors", .firing, 0.052)
        f.now = f.now.addingTimeInterval(60)
        let card = Self.section(try f.warRoom(as: WebFixture.viewer), "trigger-rollback-on-errors", until: "</article>")
        #expect(card.contains(#"<svg class="trigger-chart""#))
        #expect(card.webCount(of: #"<path class="signal""#) == 1)
        #expect(card.webCount(of: #"<line class="threshold""#) == 1)
        #expect(card.webCount(of: #"<rect class="pending-span""#) == 1)
        #expect(card.webCount(of: #"<rect class="firing-span""#) == 1)
        // Screen readers get the same: values with their times, the threshold, since when it fires.
        #expect(card.contains("1.3% at 09:07, 5.2% at 09:09; threshold &gt; 1%; firing since 09:09"))
        // The signal steps up at the firing reading: two readings, two steps.
        let d = try #require(card.webCaptures(#"<path class="signal" d="([^"]+)""#).first)
        #expect(d.components(separatedBy: " V").count == 2)
        // The threshold line sits below the firing value (SVG y grows downwards).
        let threshold = try #require(card.webCaptures(#"<line class="threshold" x1="0" x2="300.0" y1="([\d.]+)""#).first.flatMap(Double.init))
        let top = try #require(d.components(separatedBy: " V").last.flatMap { Double($0.components(separatedBy: " ").first ?? "") })
        #expect(top < threshold)
    }

    @Test func nowGroupsStepsByOwnerWithMineFirstAndOneTapDone() throws {
        let f = try Self.fixture()
        let now = Self.now(try f.warRoom(as: WebFixture.lead))
        let lead = try #require(now.range(of: "Engineering Lead<span class=\"yours\"> (you)</span>"))
        let platform = try #require(now.range(of: "<h3>Platform Lead"))
        #expect(lead.lowerBound < platform.lowerBound, "my steps come first")
        #expect(now.contains("Run smoke tests") && now.contains("Deploy the release"))
        // One tap: Done right beside an optional note, Start beside it, the rest folded under More.
        #expect(now.contains(#"name="mark" value="done" class="mark-done primary""#))
        #expect(now.contains(#"data-api="/api/v1/launches/1/starts" data-only="step""#))
        #expect(now.contains(#"<summary aria-label="More marks for Run smoke tests">More</summary>"#))
        // The owner's contacts beside the owner: tap to call, the chat handle.
        #expect(now.contains(#"<a class="call" href="tel:+15550198" aria-label="Call Marcus Rivera at +1-555-0198">+1-555-0198</a>"#))
        #expect(now.contains("@marcus.rivera"))
        // The Platform Lead sees their own steps first.
        let theirs = Self.now(try f.warRoom(as: Self.platform))
        #expect(try #require(theirs.range(of: "Platform Lead<span class=\"yours\">")).lowerBound < (theirs.range(of: "<h3>Engineering Lead")?.lowerBound ?? theirs.endIndex))
        // A viewer reads the same list without forms.
        #expect(!Self.now(try f.warRoom(as: WebFixture.viewer)).contains("<form"))
    }

    @Test func aGateWaitingForMyRoleShowsItsVoteButtonsInNow() throws {
        let f = WebFixture(runbook: Self.runbook)
        let now = Self.now(try f.warRoom(as: WebFixture.lead))
        #expect(now.contains("Your vote: T-1h: Go/No-Go"))
        #expect(now.contains(#"class="vote-go""#) && now.contains(#"class="vote-nogo""#))
        #expect(now.contains(#"id="now-vote-comment-0""#), "its own ids: the Gates panel has the same form")
        // Once voted, it leaves Now.
        let voted = Self.now(try Self.fixture(minutesAfterT0: -30).warRoom(as: WebFixture.lead))
        #expect(!voted.contains("Your vote"))
        #expect(!Self.now(try f.warRoom(as: Self.platform)).contains("Your vote"), "not my role")
    }

    @Test func settledStepsFoldAwayPerPhaseWithCountsAndWhoDidWhat() throws {
        var f = try Self.fixture()
        try f.run(.markStep(step: "t-0-deploy/deploy-the-release", mark: .done, note: "v2.4.1 out"), as: Self.platform)
        let page = try f.warRoom(as: WebFixture.lead)
        let steps = try #require(page.components(separatedBy: #"<section id="steps""#).last?.components(separatedBy: #"<div class="secondary">"#).first)
        #expect(steps.contains(#"<progress max="3" value="1" aria-label="T-0: Deploy: steps settled"></progress> 1/3 settled"#))
        let folded = try #require(steps.components(separatedBy: #"<details id="done-1" class="done-steps">"#).last?.components(separatedBy: "</details>").first)
        #expect(folded.contains("Settled steps (1)"))
        #expect(folded.contains("Deploy the release") && folded.contains("done by pia at 09:10: v2.4.1 out"))
        #expect(Self.section(page, "focus").contains("Phase: T-0: Deploy (1/3 settled) · T-0 "), "the header shows the phase's own progress")
        // The done step left Now.
        #expect(!Self.now(page).contains("Deploy the release"))
    }

    @Test func theShiftIsAStageBarWithTheAnalysisCountdown() throws {
        var f = try Self.fixture()
        f.append(EventDraft(actor: "system", ShiftStage(step: "t-0-deploy/shift-traffic", weight: 10, state: .started, reason: nil)))
        f.now = f.now.addingTimeInterval(300)
        f.append(EventDraft(actor: "system", ShiftStage(step: "t-0-deploy/shift-traffic", weight: 10, state: .passed, reason: nil)))
        f.append(EventDraft(actor: "system", ShiftStage(step: "t-0-deploy/shift-traffic", weight: 50, state: .started, reason: nil)))
        f.now = f.now.addingTimeInterval(95)
        let page = try f.warRoom(as: WebFixture.viewer)
        #expect(page.contains(#"<li class="stage stage-passed"><span class="stage-weight">10%</span>"#))
        #expect(page.contains(#"<li class="stage stage-current"><span class="stage-weight">50%</span>"#))
        #expect(page.contains(#"<li class="stage stage-next"><span class="stage-weight">100%</span>"#))
        // 5 minutes of analysis, 95 s gone: 3:25 left; the script ticks data-until.
        #expect(page.contains(#"data-until="2026-12-01T08:20:00.000Z">3:25</time> left"#))
        #expect(Self.section(page, "focus").contains("Traffic: 50% · stage 2/3 · analysis "))
    }

    @Test func peopleListsContactsAndWhoIsWatching() throws {
        let f = try Self.fixture()
        let people = Self.section(try f.warRoom(as: WebFixture.viewer, watching: ["pat", "lee", "lee"]), "people")
        #expect(people.contains("Watching now (2): </strong>lee, pat"))
        #expect(people.contains("<h3>Emergency Contacts</h3>"))
        #expect(people.contains(#"href="tel:+15550198""#))
        #expect(people.contains(#"<span class="phone">PagerDuty</span>"#), "a rota's pager is text, not a number to dial")
        #expect(people.contains(#"<code class="chat">@sre-oncall</code>"#))
    }

    @Test func keyboardShortcutsAreListedOnThePage() throws {
        let page = try WebFixture().warRoom(as: WebFixture.viewer)
        #expect(page.contains(#"<section id="shortcuts" class="panel shortcuts" aria-labelledby="shortcuts-title" hidden>"#))
        #expect(page.contains("<dt><kbd>?</kbd></dt><dd>show or hide this list</dd>"))
        #expect(page.contains(#"aria-controls="shortcuts" aria-expanded="false">Keys (?)</button>"#))
    }
}
