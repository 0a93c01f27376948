import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// The byte-level prefilters in front of the anchor readers never change what they read:
/// on every line and table cell of the seeds and corpus, and on hand-picked awkward text
/// (non-ASCII digits and letters, combining marks, CRLF, tabs), the filtered readers give
/// exactly what the unfiltered scans give.
@Suite struct AnchorPrefilterTests {
    static let tricky: [String] = [
        "", "D-Day", "d - day", "D−Day", "DAY 3", "Go-live dAy", "T-7 days", "T−7", "T–2h", "H+0:15",
        "(0-4h)", "Day one", "Phase 2 (6:30 - 8:00)", "9am kickoff", "Früh: T-2h", "Ｔ-７ days",
        "٣ days before", "T-\u{0663}", "T-1\u{0301} days", "d\u{0301}ay 2", "Da\u{0308}y 2", "D-Da\u{0301}y",
        "T-2h\r\n", "\tT-2h\t", "Day\t3", "T\u{00A0}-\u{00A0}2h", "x\r\ny", "Tier 1", "T-shirts",
        "Post-Launch Monitoring", "First 24 Hours", "🚀 Launch day", "Week 2–3", "L-14d", "12:30", "v1.2.3",
        "Appendix D - 2024", "Wednesday", "today", "Monday (T-4)", "T-?", "H+:15", "End of Day 2",
    ]

    static func samples() -> [String] {
        var lines = tricky
        for url in Fixtures.allRunbookFiles {
            for line in Fixtures.text(url).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }) {
                lines.append(String(line))
                // Table cells and heading text are read on their own, not as whole lines.
                if line.contains("|") { lines += line.split(separator: "|").map { String($0) } }
                if line.hasPrefix("#") { lines.append(String(line.drop { $0 == "#" || $0 == " " })) }
            }
        }
        return lines
    }

    @Test func findAnywhereReadsWhatTheFullScanReads() {
        var tested = 0
        for s in Self.samples() {
            let filtered = TimeAnchorParser.findAnywhere(s)
            let scanned = TimeAnchorParser.scanAnywhere(s)
            #expect(filtered?.anchor == scanned?.anchor && filtered?.column == scanned?.column, "\(s.debugDescription)")
            #expect(WallClockParser.findAnywhere(s) == WallClockParser.scanAnywhere(s), "\(s.debugDescription)")
            tested += 1
        }
        #expect(tested > 1000, "fixtures not found: \(Fixtures.shared.path)")
    }

    @Test func otherPrefilteredReadersReadWhatTheirFullScansRead() {
        for s in Self.samples() + ["Morning", "AFTERNOON", "tonight", "EOD", "t minus 3", "end of DAY", "week two",
                                   "2 hours before the meeting", "T- days", "H+:15", "nO0n", "mi\u{0301}dnight",
                                   "p99 exceeds {{P99}}", "error rate ≥ 2 %", "latency over ５ s", "queue > baseline",
                                   "BASELINE: 350ms", "p99 normally ~ 120 ms", "error rate (baseline 0.3%)", "Usually 40 rps",
                                   "baſeline 3", "ba\u{0301}seline 3", "WITHIN 15 minutes OF the shift", "For 30 minutes after deploy",
                                   "for 10 min following launch", "wİthin 5 minutes of it", "within 5 minutes o\u{0301}f it",
                                   "(If p99 > 3s", "WHEN: p99 > 3s", "Once, 5 errors", "roll back,if; 5", "verified notifications",
                                   "i\u{0301}f p99 > 3", "Whenever(5", "unless\tx", "Kiểm tra if p99 > 3"] {
            #expect(TimeAnchorParser.looksTimeLike(s) == TimeAnchorParser.scanTimeLike(s), "\(s.debugDescription)")
            #expect(CalendarDateParser.find(s)?.date == CalendarDateParser.scan(s)?.date
                    && CalendarDateParser.find(s)?.column == CalendarDateParser.scan(s)?.column, "\(s.debugDescription)")
            #expect(WallClockParser.parseLeading(Substring(s)) == WallClockParser.scanLeading(Substring(s)), "\(s.debugDescription)")
            #expect(TimeAnchorParser.parseLeading(Substring(s)) == TimeAnchorParser.scanLeading(Substring(s)), "\(s.debugDescription)")
            // What `LaunchDateFinder` asks of a line before reading a dated one.
            #expect(CalendarDateParser.scan(s)?.date.year == nil || AnchorPrefilter.hasFourDigitRun(s), "\(s.debugDescription)")
            // What `ProseCriteria.read` asks of a sentence before reading it.
            #expect(ConditionClauses.parseWithText(s).isEmpty || ConditionClauses.mayHoldCondition(s), "\(s.debugDescription)")
            #expect(TriggerSentenceParser.parse(s) == nil || ConditionClauses.mayHoldCondition(s), "\(s.debugDescription)")
            // Baselines and time bounds rule a sentence out on its bytes first.
            #expect(BaselineStatement.read(s, defaultSubject: "signal") == BaselineStatement.scan(s, defaultSubject: "signal"), "\(s.debugDescription)")
            #expect(TimeBound.activeFor(in: s) == TimeBound.scanActiveFor(in: s), "\(s.debugDescription)")
            // What `ProseCriteria.conditionPart` asks of a sentence before cutting it into words.
            #expect(!s.split(separator: " ").contains(where: ProseCriteria.isConditional) || ProseCriteria.mayHoldConditional(s), "\(s.debugDescription)")
        }
    }

    @Test func timeLikePrefilterLooksForItsWordsInAnyASCIICase() {
        #expect(AnchorPrefilter.mayLookTimeLike("Good AfterNoon"))
        #expect(AnchorPrefilter.mayLookTimeLike("T minus"))
        #expect(AnchorPrefilter.mayLookTimeLike("Über"))
        #expect(AnchorPrefilter.mayLookTimeLike("a+b"))
        #expect(!AnchorPrefilter.mayLookTimeLike("Tier one"))
        #expect(!AnchorPrefilter.mayLookTimeLike("Post Launch Monitoring"))
        #expect(AnchorPrefilter.containsIgnoringASCIICase("xxWEEK", "week"))
        #expect(AnchorPrefilter.containsIgnoringASCIICase("day", "day"))
        #expect(!AnchorPrefilter.containsIgnoringASCIICase("da", "day"))
        #expect(!AnchorPrefilter.containsIgnoringASCIICase("d@y", "day"))
    }

    @Test func prefiltersAnswerOnBytes() {
        #expect(AnchorPrefilter.hasASCIIDigit("T-7"))
        #expect(!AnchorPrefilter.hasASCIIDigit("Ｔ-７ ٣"))
        #expect(!AnchorPrefilter.hasASCIIDigit(""))
        #expect(AnchorPrefilter.hasFourDigitRun("on 2026-03-10"))
        #expect(!AnchorPrefilter.hasFourDigitRun("v1.234 at 12:30"))
        #expect(AnchorPrefilter.mayHoldAnchor("D-Day"))
        #expect(AnchorPrefilter.mayHoldAnchor("go-live DAY"))
        #expect(AnchorPrefilter.mayHoldAnchor("ddday"))
        #expect(AnchorPrefilter.mayHoldAnchor("x\r\n1"))
        #expect(!AnchorPrefilter.mayHoldAnchor("Tier one"))
        #expect(!AnchorPrefilter.mayHoldAnchor("d\u{0301}ay"))
        #expect(!AnchorPrefilter.mayHoldAnchor("d ay"))
        #expect(!AnchorPrefilter.mayHoldAnchor("Post-Launch Monitoring"))
    }
}

/// The ASCII fast path of `AnchorScanner` builds the same Characters as grapheme breaking.
@Suite struct AnchorScannerASCIITests {
    @Test func asciiPathMatchesGraphemePath() {
        var samples = AnchorPrefilterTests.samples()
        samples += ["a\r\nb", "\r", "\n\r", "tab\there", "ALL CAPS T-2H", "\u{7F}del", "@[`{", "Z", "z"]
        for s in samples {
            let fast = AnchorScanner(s), full = AnchorScanner(graphemes: s)
            #expect(fast.original == full.original && fast.chars == full.chars, "\(s.debugDescription)")
            let sub = s.dropFirst()
            let fastSub = AnchorScanner(sub), fullSub = AnchorScanner(graphemes: sub)
            #expect(fastSub.original == fullSub.original && fastSub.chars == fullSub.chars, "\(sub.debugDescription)")
        }
    }
}
