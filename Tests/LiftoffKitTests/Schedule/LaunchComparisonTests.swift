import Foundation
@testable import LiftoffKit
import LiftoffRender
import Testing

/// A rehearsal, then a live launch of the same runbook: the live report compares them step by step.
@Suite struct LaunchComparisonTests {
    static func rehearsal() throws -> LaunchState {
        var c = ClockFixture()
        try c.done("Freeze merges", at: -55)
        try c.done("Back up", at: -30)
        try c.at(-29, .markStep(step: try c.id("Announce"), mark: .skipped, note: "nobody to tell"))
        try c.at(-35, .vote(gate: try c.gate, role: "Engineering Lead", vote: .go, comment: nil))
        try c.at(0, .startStep(step: try c.id("Deploy the release")))
        try c.done("Deploy the release", at: 12)
        var state = try c.state
        state.launch = 1
        return state
    }

    static func live() throws -> LaunchState {
        var c = ClockFixture()
        try c.done("Freeze merges", at: -52)
        try c.done("Back up", at: -20)
        try c.done("Announce", at: -10)
        try c.at(-20, .vote(gate: try c.gate, role: "Engineering Lead", vote: .go, comment: nil))
        try c.at(0, .startStep(step: try c.id("Deploy the release")))
        try c.done("Deploy the release", at: 25)
        try c.done("Run smoke tests", at: 70)
        var state = try c.state
        state.launch = 2
        state.createdAt = state.createdAt.addingTimeInterval(86_400)
        return state
    }

    @Test func theLiveReportNamesTheRightStepsWithTheRightDurations() throws {
        let rehearsal = try Self.rehearsal()
        let live = try Self.live()
        let comparison = try #require(LaunchComparison.compare(live, with: [rehearsal]))
        #expect(comparison.runs.map(\.launch) == [2, 1])
        #expect(comparison.label(0) == "this rehearsal" && comparison.label(1) == "#1 rehearsal")
        func row(_ prefix: String) throws -> LaunchComparison.StepRow { try #require(comparison.steps.first { $0.text.hasPrefix(prefix) }) }
        #expect(try row("Freeze merges").durations == [480, 300], "ready at T-1h: done at -52 live, -55 in the rehearsal")
        #expect(try row("Freeze merges").planned == 600)
        #expect(try row("Back up").durations == [1920, 1500])
        #expect(try row("Deploy the release").durations == [1500, 720], "started explicitly at T-0 in both")
        #expect(try row("Announce").differs)
        #expect(try row("Announce").states == [.done, .skipped])
        #expect(try row("Run smoke tests").late == [true, false], "done at T+70, its window closed at T+60")
        #expect(comparison.lateOwners.first?.owner == "no owner")
        let gate = try #require(comparison.gates.first)
        #expect(gate.waited == [600, 0], "GO 10 minutes after its time live; 5 minutes before it in the rehearsal")
        #expect(!comparison.steps.contains { $0.text == "Flip DNS" }, "never done in either: nothing to compare")
    }

    @Test func theReportSaysItInMarkdownHTMLAndJSON() throws {
        var rehearsal = try Self.rehearsal()
        rehearsal.launch = 7
        var c = ClockFixture()
        try c.done("Freeze merges", at: -52)
        let report = try LaunchReport.build(events: c.f.events, verification: .notChecked, now: ClockFixture.time(0), earlier: [rehearsal])
        let md = report.markdown()
        #expect(md.contains("## Compared with earlier launches of this runbook"))
        #expect(md.contains("| Freeze merges (\\~10 min) | 10m | 8m | 5m |"), "\(md)")
        #expect(md.contains("Announce the freeze: pending in this rehearsal, skipped in #7 rehearsal"))
        let html = report.html()
        #expect(html.contains("id=\"comparison\""), "the HTML report has the comparison too")
        #expect(html.contains("<td>10m</td><td>8m</td><td>5m</td>"), "\(html)")
        #expect(html.contains("Announce the freeze: pending in this rehearsal, skipped in #7 rehearsal"))
        guard case .object(let fields) = report.json(), case .object(let comparison)? = fields["comparison"] else { Issue.record("no comparison"); return }
        #expect(comparison["runs"].map { if case .array(let a) = $0 { a.count } else { 0 } } == 2)
    }

    @Test func launchesLinkedByRehearsalOfAreTheSameRunbookWhateverTheirPath() throws {
        var a = try Self.rehearsal()
        var b = try Self.live()
        b.created.runbookFile = "elsewhere/other.md"
        #expect(!StepHistory.sameRunbook(a, b) || a.runbook.title == b.runbook.title)
        a.created.runbookFile = "one.md"
        b.created.rehearsalOf = a.launch
        #expect(StepHistory.sameRunbook(a, b))
        #expect(StepHistory.sameRunbook(b, a))
    }
}
