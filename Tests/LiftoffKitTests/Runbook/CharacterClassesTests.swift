@testable import LiftoffKit
import Testing

/// The ASCII answers of `quickIsLetter`, `quickIsNumber` and `quickIsWhitespace` are the
/// Unicode properties' answers, for every ASCII Character and for the rest.
@Suite struct CharacterClassesTests {
    @Test func quickTestsAgreeWithUnicodeProperties() {
        var samples: [Character] = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) }
        samples += ["\r\n", "é", "e\u{0301}", "ß", "Ω", "ệ", "Đ", "٣", "７", "½", "\u{00A0}", "\u{2028}", "\u{3000}", "\u{85}",
                    "→", "—", "🚀", "🇳🇴", "\u{1C}", "\u{7F}", "中"]
        for c in samples {
            #expect(c.quickIsLetter == c.isLetter, "\(c.debugDescription)")
            #expect(c.quickIsNumber == c.isNumber, "\(c.debugDescription)")
            #expect(c.quickIsWhitespace == c.isWhitespace, "\(c.debugDescription)")
        }
    }
}
