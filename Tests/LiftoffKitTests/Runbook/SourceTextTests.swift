@testable import LiftoffKit
import Testing

/// `SourceText.newlineSeparated` cuts on bytes exactly where `split(separator: "\n")` cuts on
/// `Character`s: never inside `\r\n`, which is one `Character`.
@Suite struct SourceTextTests {
    @Test func newlineSeparatedAgreesWithCharacterSplit() {
        let samples = ["", "\n", "\n\n", "a", "a\n", "\na", "a\nb\n\nc", "a\r\nb", "a\r\n\nb", "\r\n\r\n", "a\rb\n", "\r", "\n\r",
                       "e\u{0301}\nb", "\n\u{0301}x", "Kiểm tra\nRoll back if p99 > 300ms\r\n- [ ] 🚀 launch\n", "\r\r\n\n"]
        for text in samples {
            let expected = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(SourceText.newlineSeparated(text).map(String.init) == expected, "\(text.debugDescription)")
        }
    }
}
