import Testing
import Foundation
@testable import LiftoffKit

private func d(_ n: Int) -> TimeOffset { .days(n) }
private func h(_ n: Int) -> TimeOffset { .hours(n) }
private func m(_ n: Int) -> TimeOffset { .minutes(n) }

/// One anchor form and the interval it must give.
struct AnchorCase: Sendable, CustomTestStringConvertible {
    var input: String
    var start: TimeOffset
    var end: TimeOffset
    var testDescription: String { input }

    init(_ input: String, _ point: TimeOffset) { self.init(input, point, point) }
    init(_ input: String, _ start: TimeOffset, _ end: TimeOffset) {
        self.input = input
        self.start = start
        self.end = end
    }
}

let anchorForms: [AnchorCase] = [
    .init("T-7 days", d(-7)), .init("T-7d", d(-7)), .init("T-5 Days", d(-5)), .init("T-1 Day", d(-1)),
    .init("T-24h", h(-24)), .init("T-24 Hours", h(-24)), .init("T-2h", h(-2)), .init("T-30m", m(-30)),
    .init("T-30min", m(-30)), .init("T-15min", m(-15)), .init("T-0", .zero), .init("T+0h", .zero),
    .init("T+30min", m(30)), .init("T+1h", h(1)), .init("T+15 Minutes", m(15)), .init("T-1 hour", h(-1)),
    .init("T - 7 days", d(-7)), .init("t-7 DAYS", d(-7)), .init("T\u{2212}7 days", d(-7)), .init("T\u{2013}2h", h(-2)),
    .init("T-2 hrs", h(-2)), .init("T-45 mins", m(-45)), .init("T-1 minute", m(-1)), .init("T+30s", .seconds(30)),
    .init("T-2w", d(-14)), .init("T-1 wk", d(-7)), .init("T-3 weeks", d(-21)), .init("T-1.5h", .seconds(-5400)),
    .init("T minus 30 minutes", m(-30)), .init("T-minus 3 days", d(-3)), .init("T plus 2 hours", h(2)),
    .init("T-1:30", m(-90)), .init("T-30", m(-30)), .init("T+60", m(60)), .init("T-0 (Launch Start)", .zero),
    .init("H+0:15", m(15)), .init("H-0:30", m(-30)), .init("H-0", .zero), .init("H+0", .zero), .init("H+4", h(4)),
    .init("H+1:30", m(90)), .init("H+30m", m(30)), .init("L-14d", d(-14)), .init("L-7d", d(-7)),
    .init("D-Day", .zero), .init("d-day", .zero), .init("D+1", d(1)), .init("D-3", d(-3)),
    .init("Day 1", .zero, d(1)), .init("Day 2-7", d(1), d(7)), .init("Day 1-7", .zero, d(7)),
    .init("Day -3", d(-3), d(-2)), .init("Day +2", d(2), d(3)), .init("Day \u{2212}1", d(-1), .zero), .init("Week -2", d(-14), d(-7)),
    .init("Day -3 to Day -1", d(-3), .zero),
    .init("Day 0", .zero, d(1)), .init("Day 2 to 7", d(1), d(7)), .init("Day 2\u{2013}7", d(1), d(7)), .init("Week 2-4", d(7), d(28)),
    .init("H+0:15 → H+0:45", m(15), m(45)), .init("H+0:15 -> H+0:45", m(15), m(45)),
    .init("H+0:15 - H+0:45", m(15), m(45)), .init("H+0:15\u{2013}H+0:45", m(15), m(45)),
    .init("H+0 to H+4", .zero, h(4)), .init("H+4 to H+24", h(4), h(24)), .init("T+1 to T+7", d(1), d(7)),
    .init("T-2 to T-1h", h(-2), h(-1)), .init("T-5 days to T-7 days", d(-7), d(-5)),
    .init("D-Day to D+3", .zero, d(3)), .init("(0-4h)", .zero, h(4)), .init("(0\u{2013}30 min)", .zero, m(30)),
    .init("T-100000 days", d(-100_000)),
]

/// A heading and what `findAnywhere` must find (nil = no anchor).
struct HeadingCase: Sendable, CustomTestStringConvertible {
    var heading: String
    var expected: (column: Int, text: String, start: TimeOffset, end: TimeOffset)?
    var testDescription: String { heading }
}

let headings: [HeadingCase] = [
    .init(heading: "T-7 Days: Infrastructure Verification", expected: (0, "T-7 Days", d(-7), d(-7))),
    .init(heading: "H+0:15 → H+0:45: Database Migration Execution", expected: (0, "H+0:15 → H+0:45", m(15), m(45))),
    .init(heading: "H+1:30 → H+2:00: Monitoring Verification", expected: (0, "H+1:30 → H+2:00", m(90), h(2))),
    .init(heading: "H-0: Deployment Start", expected: (0, "H-0", .zero, .zero)),
    .init(heading: "T-0: Pre-Launch Final Checks (Within 2 Hours of Launch)", expected: (0, "T-0", .zero, .zero)),
    .init(heading: "L-14d (2 weeks before):", expected: (0, "L-14d", d(-14), d(-14))),
    .init(heading: "T-15min:", expected: (0, "T-15min", m(-15), m(-15))),
    .init(heading: "T-0 (Launch Start):", expected: (0, "T-0", .zero, .zero)),
    .init(heading: "4. Post-Launch Monitoring (T+1 to T+7)", expected: (27, "T+1 to T+7", d(1), d(7))),
    .init(heading: "T-4 Hours: Pre-Deployment", expected: (0, "T-4 Hours", h(-4), h(-4))),
    .init(heading: "T+1 Hour: Early Operations", expected: (0, "T+1 Hour", h(1), h(1))),
    .init(heading: "T+4 Hours: Mid-Day Check", expected: (0, "T+4 Hours", h(4), h(4))),
    .init(heading: "End of Day (T+8 Hours)", expected: (12, "T+8 Hours", h(8), h(8))),
    .init(heading: "Day 1-7 (First Week)", expected: (0, "Day 1-7", .zero, d(7))),
    .init(heading: "Week 2-4 (Stabilization)", expected: (0, "Week 2-4", d(7), d(28))),
    .init(heading: "Timing: T-1 hour before launch", expected: (8, "T-1 hour", h(-1), h(-1))),
    .init(heading: "Plan (T - 7 days)", expected: (6, "T - 7 days", d(-7), d(-7))),
    .init(heading: "Monitoring (0-4h)", expected: (11, "(0-4h)", .zero, h(4))),
    .init(heading: "Phase 1: Preparation (5-10 minutes)", expected: nil),
    .init(heading: "Phase 3: Traffic Migration (15-30 minutes)", expected: nil),
    .init(heading: "4 Weeks Before Go-Live", expected: nil),
    .init(heading: "Day Before Go-Live", expected: nil),
    .init(heading: "Appendix D - 2024 notes", expected: nil),
    .init(heading: "Go-Live Checklist Template", expected: nil),
    .init(heading: "T-Shirt Sizes", expected: nil),
    .init(heading: "Pre-Deployment Checklist", expected: nil),
    .init(heading: "CI/CD-3 pipeline", expected: nil),
    .init(heading: "🚀 GO-LIVE DAY CHECKLIST", expected: nil),
]

/// A heading and the window `findRelativePhrase` must give (nil = none).
struct PhraseCase: Sendable, CustomTestStringConvertible {
    var text: String
    var window: (TimeOffset, TimeOffset)?
    var testDescription: String { text }
}

let phrases: [PhraseCase] = [
    .init(text: "First 24 Hours", window: (.zero, h(24))),
    .init(text: "First Week", window: (.zero, d(7))),
    .init(text: "First Hour", window: (.zero, h(1))),
    .init(text: "First 2 weeks after launch", window: (.zero, d(14))),
    .init(text: "Day Before Go-Live", window: (d(-1), d(-1))),
    .init(text: "Day Before Launch", window: (d(-1), d(-1))),
    .init(text: "The day after the release", window: (d(1), d(1))),
    .init(text: "Within 2 Hours of Launch", window: (h(-2), .zero)),
    .init(text: "T-0: Pre-Launch Final Checks (Within 2 Hours of Launch)", window: (h(-2), .zero)),
    .init(text: "Within 30 minutes after deployment", window: (.zero, m(30))),
    .init(text: "4 Weeks Before Go-Live", window: (d(-28), d(-28))),
    .init(text: "2 Weeks Before Go-Live", window: (d(-14), d(-14))),
    .init(text: "1 Week Before Go-Live", window: (d(-7), d(-7))),
    .init(text: "Two weeks before release", window: (d(-14), d(-14))),
    .init(text: "An hour before cutover", window: (h(-1), h(-1))),
    .init(text: "48 Hours Before", window: (h(-48), h(-48))),
    .init(text: "L-14d (2 weeks before):", window: (d(-14), d(-14))),
    .init(text: "1 Hour After Launch", window: (h(1), h(1))),
    .init(text: "3 days prior to go live", window: (d(-3), d(-3))),
    .init(text: "Launch Day", window: (.zero, d(1))),
    .init(text: "Go-Live Day", window: (.zero, d(1))),
    .init(text: "🚀 GO-LIVE DAY CHECKLIST", window: (.zero, d(1))),
    .init(text: "Golive day", window: (.zero, d(1))),
    .init(text: "Day of the Launch", window: (.zero, d(1))),
    .init(text: "Day 1-7 (First Week)", window: (.zero, d(7))),
    .init(text: "Post-Launch", window: nil),
    .init(text: "After Launch", window: nil),
    .init(text: "Post-Launch Monitoring", window: nil),
    .init(text: "Pre-Launch Checklist", window: nil),
    .init(text: "Pre-Launch Day", window: nil),
    .init(text: "(Morning)", window: nil),
    .init(text: "Day Before", window: nil),
    .init(text: "2 hours before the meeting", window: nil),
    .init(text: "First Response Time", window: nil),
    .init(text: "Phase 1: Preparation (5-10 minutes)", window: nil),
    .init(text: "Launch Team Organization", window: nil),
]


@Suite struct TimeAnchorTests {
    @Test(arguments: anchorForms)
    func parsesEveryAnchorForm(_ c: AnchorCase) throws {
        let a = try #require(TimeAnchorParser.parseLeading(c.input[...]))
        #expect(a.start == c.start)
        #expect(a.end == c.end)
        let found = try #require(TimeAnchorParser.findAnywhere("Phase: " + c.input))
        #expect(found.column == 7)
        #expect(found.anchor.start == c.start && found.anchor.end == c.end)
    }

    @Test(arguments: [
        "Tuesday", "T-shirts", "The plan", "Tier 1", "H2O", "Dday", "Day one", "H+0:15abc", "T-7dabc",
        "T-7 days2", "T-", "", "   ", "D-Days", "T-1.5d", "H+0:75", "T-100001 days", "T-9999999999999999999",
        "(5-10 minutes)", "T minus 3", "T-x: Prep", "H+:15", "T-? days", "Tminus", "HT+1", "T-Mobile",
    ])
    func rejectsNonAnchors(_ s: String) {
        #expect(TimeAnchorParser.parseLeading(s[...]) == nil)
    }

    @Test func leadingDecorationIsSkippedAndCounted() throws {
        let a = try #require(TimeAnchorParser.parseLeading("**T-7 days**: Infra"))
        #expect(a.text == "T-7 days")
        #expect(a.matchedLength == 10)
        #expect(a.start == d(-7) && a.isPoint)
        let b = try #require(TimeAnchorParser.parseLeading("  (T-0) Launch"))
        #expect(b.text == "T-0" && b.matchedLength == 6)
        let c = try #require(TimeAnchorParser.parseLeading("(0-4h) watch"))
        #expect(c.text == "(0-4h)" && c.end == h(4))
        let e = try #require(TimeAnchorParser.parseLeading("H+0:15 → H+0:45: Database Migration Execution"))
        #expect(e.text == "H+0:15 → H+0:45")
        #expect(e.matchedLength == 15)
    }

    @Test(arguments: headings)
    func findsAnchorsInHeadings(_ c: HeadingCase) {
        let found = TimeAnchorParser.findAnywhere(c.heading)
        guard let e = c.expected else {
            #expect(found == nil)
            return
        }
        #expect(found?.column == e.column)
        #expect(found?.anchor.text == e.text)
        #expect(found?.anchor.start == e.start)
        #expect(found?.anchor.end == e.end)
        #expect(found?.anchor.matchedLength == e.column + e.text.count)
    }

    @Test(arguments: phrases)
    func mapsRelativePhrases(_ c: PhraseCase) {
        let a = TimeAnchorParser.findRelativePhrase(c.text)
        guard let w = c.window else {
            #expect(a == nil)
            return
        }
        #expect(a?.start == w.0)
        #expect(a?.end == w.1)
    }

    @Test func relativePhraseReportsMatchedText() throws {
        let heading = "T-0: Pre-Launch Final Checks (Within 2 Hours of Launch)"
        let a = try #require(TimeAnchorParser.findRelativePhrase(heading))
        #expect(a.text == "Within 2 Hours of Launch")
        #expect(a.matchedLength == heading.count - 1)
    }

    @Test(arguments: [
        "T-? days", "T minus 3", "T-minus 3", "T-x: Prep", "H+:15", "T- days", "T-N days", "T-{{DAYS}} days",
        "(Morning)", "09:00 Kickoff", "9am standup", "Day one", "2 hours before the meeting", "H+0:15abc: Migrate",
    ])
    func flagsTimeLikeHeadings(_ s: String) {
        #expect(TimeAnchorParser.looksTimeLike(s))
    }

    @Test(arguments: [
        "T-shirts", "Tier 1", "The plan", "H2O", "Post-Launch Monitoring", "Emergency Contacts", "Go-Live Approval",
        "T-7 Days: Infrastructure Verification", "Deployment Runbook — Acme Corp", "1.2 Critical Resources",
        "Phase 1: Preparation (5-10 minutes)", "GCP Cloud SQL (MySQL)", "Pre-Launch Checklist", "L-R Layout",
        "Rollback Procedure (Quick Reference)", "",
    ])
    func leavesOrdinaryHeadingsAlone(_ s: String) {
        #expect(!TimeAnchorParser.looksTimeLike(s))
    }

    @Test func neverCrashesOnRandomInput() {
        let alphabet: [Character] = Array("THLDdayWeekhmsw-+:.,()→−–— 0123456789xX?{}*_tobefrlunchi") +
            ["\u{301}", "é", "👍🏽", "\t", "9", "9", "0"]
        var rng = SplitMix64(state: 42)
        for _ in 0..<4000 {
            let n = Int.random(in: 0...40, using: &rng)
            let s = String((0..<n).map { _ in alphabet.randomElement(using: &rng) ?? " " })
            if let a = TimeAnchorParser.parseLeading(s[...]) {
                #expect(a.start <= a.end)
                #expect(a.matchedLength <= s.count)
            }
            if let (a, col) = TimeAnchorParser.findAnywhere(s) {
                #expect(a.start <= a.end)
                #expect(col + a.text.count == a.matchedLength)
                #expect(a.matchedLength <= s.count)
            }
            if let a = TimeAnchorParser.findRelativePhrase(s) { #expect(a.matchedLength <= s.count) }
            _ = TimeAnchorParser.looksTimeLike(s)
            _ = DurationParser.parse(s)
        }
    }

    @Test func timeOffsetBasics() throws {
        #expect(TimeOffset.days(-7).nominalSeconds == -604_800)
        #expect(TimeOffset.hours(-168).nominalSeconds == -604_800)
        #expect(TimeOffset.days(-7) != TimeOffset.hours(-168))
        #expect(TimeOffset.days(-7) < TimeOffset.hours(-168))
        #expect(TimeOffset(days: Int.max, seconds: Int.max).nominalSeconds == Int.max)
        #expect(TimeOffset.hours(Int.min).seconds == Int.min)
        #expect(TimeOffset(days: -1, seconds: 5400).description == "T-1d+1h30m")
        #expect(TimeOffset.zero.description == "T-0")
        let data = try JSONEncoder().encode(TimeOffset(days: -7, seconds: 60))
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"nominalSeconds\":-604740"))
        #expect(try JSONDecoder().decode(TimeOffset.self, from: data) == TimeOffset(days: -7, seconds: 60))
    }
}
