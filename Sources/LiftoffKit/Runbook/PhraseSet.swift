/// A reader's fixed list of marker phrases ("rollback", "roll back", "revert", …), asked of a
/// text together in one pass over its bytes. Asked phrase by phrase, each phrase was a scan of
/// the whole line, and `lint` asks dozens of these lists of every line and heading. The answers
/// are those of asking each phrase in turn; the tests hold them equal.
struct PhraseSet: Sendable {
    let phrases: [String]
    /// Every non-empty phrase's bytes, one after another, grouped by first byte.
    private let bytes: [UInt8]
    /// Where each phrase's bytes start in `bytes`; one more entry marks the end of the last.
    private let starts: [Int]
    /// Phrases with first byte `b` are `firstByte[b]..<firstByte[b + 1]` in `starts`.
    private let firstByte: [Int]
    /// Empty or non-ASCII phrases: whole-word search asks them the general way.
    private let generalPhrases: [String]
    private let hasEmpty: Bool

    init(_ phrases: [String]) {
        self.phrases = phrases
        let grouped = phrases.map { Array($0.utf8) }.filter { !$0.isEmpty }.sorted { $0[0] < $1[0] }
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var firstByte = [Int](repeating: 0, count: 257)
        for phrase in grouped {
            starts.append(bytes.count)
            bytes += phrase
            firstByte[Int(phrase[0]) + 1] += 1
        }
        starts.append(bytes.count)
        for b in 0..<256 { firstByte[b + 1] += firstByte[b] }
        self.bytes = bytes
        self.starts = starts
        self.firstByte = firstByte
        self.generalPhrases = phrases.filter { $0.isEmpty || $0.utf8.contains { $0 >= 0x80 } }
        self.hasEmpty = phrases.contains { $0.isEmpty }
    }

    /// Whether the bytes of any phrase occur in `text`: `phrases.contains { text.utf8Contains($0) }`.
    func anyOccurs(in text: some StringProtocol) -> Bool {
        if hasEmpty { return true }  // an empty phrase occurs in every text, as an empty needle does
        return withContiguousUTF8(text) { t in
            for i in t.indices {
                for p in firstByte[Int(t[i])]..<firstByte[Int(t[i]) + 1] where matches(p, in: t, at: i) { return true }
            }
            return false
        }
    }

    /// Whether any phrase stands in `text` as whole words:
    /// `phrases.contains { text.containsPhrase($0) }`.
    func anyStandsAsWords(in text: String) -> Bool {
        let asciiText = text.utf8.allSatisfy { $0 < 0x80 }
        // Non-ASCII text takes Foundation's canonical search, as `containsPhrase` does.
        guard asciiText else { return phrases.contains { text.containsPhrase($0) } }
        if generalPhrases.contains(where: { text.containsPhrase($0) }) { return true }
        return withContiguousUTF8(text) { t in
            // `containsPhrase` looks on after an occurrence that is not a whole word, not inside
            // it: an occurrence that starts inside one already found is not asked again.
            withUnsafeTemporaryAllocation(of: Int.self, capacity: starts.count) { resume in
                resume.initialize(repeating: 0)
                for i in t.indices {
                    // The text is ASCII, so only ASCII phrases can match its bytes here.
                    for p in firstByte[Int(t[i])]..<firstByte[Int(t[i]) + 1] where i >= resume[p] && matches(p, in: t, at: i) {
                        let end = i + starts[p + 1] - starts[p]
                        if (i == 0 || !Self.isWordByte(t[i - 1])) && (end == t.count || !Self.isWordByte(t[end])) { return true }
                        resume[p] = end
                    }
                }
                return false
            }
        }
    }

    /// Whether phrase `p` (its index in `starts`) occurs in `t` at `i`; its first byte is `t[i]`.
    private func matches(_ p: Int, in t: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let start = starts[p]
        let count = starts[p + 1] - start
        guard t.count - i >= count else { return false }
        var k = 1
        while k < count, t[i + k] == bytes[start + k] { k += 1 }
        return k == count
    }

    /// ASCII letters and digits: for ASCII, exactly `Character`'s letter and number tests.
    private static func isWordByte(_ b: UInt8) -> Bool {
        (b &- 0x30 < 10) || ((b | 0x20) &- 0x61 < 26)
    }
}
