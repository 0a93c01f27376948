import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// `mayContainCanonically` says "no" only where Foundation's search finds nothing, on every
/// line of the fixtures and on text that Foundation matches without the needle's bytes.
@Suite struct CanonicalSearchTests {
    static let needles = ["rollback", "page", "go", "p0", "hold", "do not", "K", "a;b", "`x`", "é", "🛑", "✅", "☑", "✔", ", and ", "; "]
    static let tricky = [
        "roll\u{00AD}back", "roll\u{200B}back", "pa\u{0301}ge", "🛑\u{FE0F} hold", "\u{212A}", "a\u{037E}b", "\u{1FEF}x\u{1FEF}",
        "e\u{0301}", "é", "ab\u{0301}", "go\u{0308}", "✅\u{FE0F} done", "x\u{037E} y", "GO", "ＧＯ",
    ]

    @Test func saysNoOnlyWhereFoundationFindsNothing() {
        var lines = Self.tricky
        for url in Fixtures.allRunbookFiles {
            lines += Fixtures.text(url).split(separator: "\n").map(String.init)
        }
        for text in lines {
            for needle in Self.needles where !text.mayContainCanonically(needle) {
                #expect(!text.contains(needle), "\(text.debugDescription) \(needle)")
            }
        }
    }

    @Test func needlesWithCanonicalTwinsAlwaysMayMatch() {
        #expect("a\u{037E}b".mayContainCanonically("a;b"))
        #expect("\u{212A}".mayContainCanonically("K"))
        #expect("e\u{0301}".mayContainCanonically("é"))
        #expect(!"plain text".mayContainCanonically("rollback"))
        #expect(!"no stop sign".mayContainCanonically("🛑"))
        #expect("🛑\u{FE0F}".mayContainCanonically("🛑"))
    }
}
