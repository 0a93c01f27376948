import Testing
@testable import LiftoffKit

@Suite struct DurationParserTests {
    @Test(arguments: [
        ("5m", 300), ("5 min", 300), ("10 minutes", 600), ("2+ minutes", 120), ("30s", 30), ("1h", 3600),
        ("24 hours", 86_400), ("1.5h", 5400), ("1h 30m", 5400), ("1 hour and 30 minutes", 5400),
        ("1h, 30m", 5400), ("  5 MIN ", 300), ("2 days", 172_800), ("1 week", 604_800), ("90 seconds", 90),
        ("15 mins", 900), ("2 hrs", 7200), ("0.5 min", 30),
    ])
    func parsesDurations(_ input: String, _ seconds: Int) {
        #expect(DurationParser.parse(input) == seconds)
    }

    @Test(arguments: [
        "", "5", "5-10 minutes", "800ms", "minutes", "-5 minutes", "5 parsecs", "99999999999 days", "5 minutesx",
        "T-5 minutes", "five minutes", "1h 30",
    ])
    func rejectsNonDurations(_ input: String) {
        #expect(DurationParser.parse(input) == nil)
    }

    @Test func parsesADurationPrefix() throws {
        let r = try #require(DurationParser.parsePrefix("5 minutes after deploy"))
        #expect(r.seconds == 300)
        #expect(r.length == 9)
        #expect(DurationParser.parsePrefix("for 5 minutes") == nil)
    }
}
