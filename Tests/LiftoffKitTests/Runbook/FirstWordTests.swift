import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// `StepShapes.firstWordLowered` reads ASCII text from its bytes; it must give what lowering the
/// whole text and taking its first run of letters and `-` gives, on every fixture line and on
/// text where lowering or grapheme clusters could make a difference.
@Suite struct FirstWordTests {
    static func general(_ text: String) -> String? {
        text.lowercased().split(maxSplits: 1, whereSeparator: { !$0.quickIsLetter && $0 != "-" }).first.map(String.init)
    }

    @Test func equalsLoweringTheWholeText() {
        var lines = [
            "", " ", "(Run) the suite", "--force it", "Run-book check", "İstanbul cutover", "e\u{0301}tape 1", "Éteindre",
            "\r\nVerify", "`make tag`", "42 Verify", "ΣΑΣ end", "ﬁx the flag", "Verify\u{0301} twice", "x-\u{0301}y",
        ]
        for url in Fixtures.allRunbookFiles {
            lines += Fixtures.text(url).split(separator: "\n").map(String.init)
        }
        for line in lines {
            #expect(StepShapes.firstWordLowered(line) == Self.general(line), "\(line.debugDescription)")
            #expect(StepShapes.firstWordLowered(Substring(line)) == Self.general(line))
        }
    }

    @Test func readsVerbsAsBefore() {
        #expect(StepShapes.readsAsAction("Run the smoke suite"))
        #expect(StepShapes.readsAsAction("If the flag has an actor, verify the canary"))
        #expect(!StepShapes.readsAsAction("While this PR is open, merging is halted"))
    }
}
