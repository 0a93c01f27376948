import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// A `PhraseSet` answers what asking each of its phrases in turn answers, on every line of the
/// fixtures (as written and lowered) and on text made to catch the edges of a one-pass search.
@Suite struct PhraseSetTests {
    static let lists: [[String]] = [
        ["rollback", "roll back", "roll-back", "revert", "undo", "abort", "kill switch", "fall back", "fallback"],
        ["page", "paging", "escalate", "escalation", "wake", "sev1", "sev-1", "p0", "incident"],
        ["✅", "✓", "🟢", "proceed", "ok if", "don't roll", "go if", "good"],
        ["go", "go/no-go", "go no-go", "no-go", "o n", "n o"],
        ["x x", "aa", "a", "ab ab"],
        ["é", "K", "a;b", "`x`", "🛑", "stop"],
        ["criteria", "if", "when", "target", "targets", "slo", "slos"],
    ]
    static let tricky = [
        "", "a", "aa", "aaa", "ax x x", "ab ab ab", "xab ab", "go", "google", "ago go", "no-go", "go/no-go criteria",
        "homepage", "page on-call", "paging", "P0", "p0!", "sev-1)", "roll\u{00AD}back", "pa\u{0301}ge", "🛑\u{FE0F} stop",
        "\u{212A}", "a\u{037E}b", "é", "e\u{0301}", "✅\u{FE0F} done", "GO", "Target:", "if/when", "slos.", "o no n", "don't rollback",
    ]

    static var texts: [String] {
        var lines = tricky
        for url in Fixtures.allRunbookFiles {
            for line in Fixtures.text(url).split(separator: "\n") {
                lines.append(String(line))
                lines.append(line.lowercased())
            }
        }
        return lines
    }

    @Test func anyOccursIsEachPhraseAskedInTurn() {
        let texts = Self.texts
        for list in Self.lists {
            let set = PhraseSet(list)
            for text in texts {
                #expect(set.anyOccurs(in: text) == list.contains { text.utf8Contains($0) }, "\(text.debugDescription) \(list)")
                #expect(set.anyOccurs(in: Substring(text)) == list.contains { text.utf8Contains($0) })
            }
        }
    }

    @Test func anyStandsAsWordsIsEachPhraseAskedInTurn() {
        let texts = Self.texts
        for list in Self.lists {
            let set = PhraseSet(list)
            for text in texts {
                #expect(set.anyStandsAsWords(in: text) == list.contains { text.containsPhrase($0) }, "\(text.debugDescription) \(list)")
            }
        }
    }

    @Test func edges() {
        #expect(PhraseSet(["page"]).anyStandsAsWords(in: "page on-call"))
        #expect(!PhraseSet(["page"]).anyStandsAsWords(in: "homepage"))
        #expect(PhraseSet(["page"]).anyOccurs(in: "homepage"))
        // An empty phrase occurs in every text, as an empty needle does.
        #expect(PhraseSet(["", "zzz"]).anyOccurs(in: "abc"))
        #expect(!PhraseSet([]).anyOccurs(in: "abc"))
        #expect(!PhraseSet([]).anyStandsAsWords(in: "abc"))
        // After an occurrence that is not a whole word, the search goes on after it, not inside.
        #expect(PhraseSet(["x x"]).anyStandsAsWords(in: "ax x x") == "ax x x".containsPhrase("x x"))
    }
}
