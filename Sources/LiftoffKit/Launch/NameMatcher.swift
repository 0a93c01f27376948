/// Finds a step or gate from what a person typed: its id, or an unambiguous prefix or fuzzy
/// match of its text. Tiers are tried in order; the first tier with any match decides.
public enum NameMatcher {
    public struct Candidate: Hashable, Sendable {
        public var id: String
        public var text: String

        public init(id: String, text: String) {
            self.id = id
            self.text = text
        }
    }

    public enum Match: Hashable, Sendable {
        case found(String)
        case ambiguous([Candidate])
        case none
    }

    public static func match(_ query: String, in candidates: [Candidate]) -> Match {
        let q = normal(query)
        guard !q.isEmpty else { return .none }
        let words = q.split(separator: " ").map(String.init)
        let tiers: [(Candidate) -> Bool] = [
            { $0.id == query },
            { normal($0.id) == q || normal(lastComponent($0.id)) == q },
            { normal($0.text) == q },
            { $0.id.hasPrefix(query) || lastComponent($0.id).hasPrefix(query) },
            { normal($0.text).hasPrefix(q) },
            { normal($0.text).contains(q) || normal($0.id).contains(q) },
            { c in let hay = normal(c.text) + " " + normal(c.id); return words.allSatisfy { hay.contains($0) } },
        ]
        for tier in tiers {
            let hits = candidates.filter(tier)
            if hits.count == 1, let only = hits.first { return .found(only.id) }
            if hits.count > 1 { return .ambiguous(hits) }
        }
        return .none
    }

    static func lastComponent(_ id: String) -> String {
        id.split(separator: "/").last.map(String.init) ?? id
    }

    /// Lower case, punctuation and hyphens as spaces, runs of spaces collapsed.
    static func normal(_ s: String) -> String {
        let mapped = s.lowercased().unicodeScalars.map { c -> Character in
            c.properties.isAlphabetic || ("0"..."9").contains(c) ? Character(c) : " "
        }
        return String(mapped).split(separator: " ").joined(separator: " ")
    }
}
