/// A reader's fixed list of marker phrases ("rollback", "roll back", "revert", …), asked of a
/// text together in one pass over its bytes. Asked phrase by phrase, each phrase was a scan of
/// the whole line, and `lint` asks dozens of these lists of every line and heading. The answers
/// are those of asking each phrase in turn; the tests hold them equal.
struct PhraseSet: Sendable {
    let phrases: [String]
    private let bytes: [[UInt8]]
    /// Indices into `bytes` by first byte: only these can start at a given byte.
    private let startingWith: [[Int]]
    /// Empty or non-ASCII phrases: whole-word search asks them the general way.
    private let generalPhrases: [String]

    init(_ phrases: [String]) {
        self.phrases = phrases
        var bytes: [[UInt8]] = []
        var startingWith = [[Int]](repeating: [], count: 256)
        var general: [String] = []
        for phrase in phrases {
            let b = Array(phrase.utf8)
            if let first = b.first {
                startingWith[Int(first)].append(bytes.count)
                bytes.append(b)
            }
            if b.isEmpty || b.contains(where: { $0 >= 0x80 }) { general.append(phrase) }
        }
        self.bytes = bytes
        self.startingWith = startingWith
        self.generalPhrases = general
    }

    /// Whether the bytes of any phrase occur in `text`: `phrases.contains { text.utf8Contains($0) }`.
    func anyOccurs(in text: some StringProtocol) -> Bool {
        if bytes.count < phrases.count { return true }  // an empty phrase occurs in every text
        return Self.withUTF8(text) { t in
            for i in t.indices {
                for p in startingWith[Int(t[i])] where matches(bytes[p], in: t, at: i) { return true }
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
        return Self.withUTF8(text) { t in
            // `containsPhrase` looks on after an occurrence that is not a whole word, not inside
            // it: an occurrence that starts inside one already found is not asked again.
            withUnsafeTemporaryAllocation(of: Int.self, capacity: bytes.count) { resume in
                resume.initialize(repeating: 0)
                for i in t.indices {
                    for p in startingWith[Int(t[i])] where i >= resume[p] && matches(bytes[p], in: t, at: i) {
                        let phrase = bytes[p]
                        guard phrase.allSatisfy({ $0 < 0x80 }) else { continue }
                        let end = i + phrase.count
                        if (i == 0 || !Self.isWordByte(t[i - 1])) && (end == t.count || !Self.isWordByte(t[end])) { return true }
                        resume[p] = end
                    }
                }
                return false
            }
        }
    }

    private func matches(_ phrase: [UInt8], in t: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard t.count - i >= phrase.count else { return false }
        var k = 1
        while k < phrase.count, t[i + k] == phrase[k] { k += 1 }
        return k == phrase.count
    }

    /// ASCII letters and digits: for ASCII, exactly `Character`'s letter and number tests.
    private static func isWordByte(_ b: UInt8) -> Bool {
        (b &- 0x30 < 10) || ((b | 0x20) &- 0x61 < 26)
    }

    private static func withUTF8<R>(_ s: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        let copy = Array(s.utf8)
        return copy.withUnsafeBufferPointer(body)
    }
}
