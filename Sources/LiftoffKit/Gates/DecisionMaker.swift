/// Who decides go/no-go when a gate names nobody itself: the role whose listed duties include
/// the go/no-go decision ("**Launch Lead:**" → "- Responsibilities: …, go/no-go decision"), or
/// a field that names the decision maker ("| Go/No-Go Decision Maker | Dana Lee |"), or an
/// acronym a gate uses that the runbook spells out ("Incident Commander (IC)")
/// (docs/runbook-format.md, "Gates").
enum DecisionMaker {
    /// Whether a duty names the go/no-go decision.
    static func isGoDecisionDuty(_ text: String) -> Bool {
        let t = TitleText.normalized(text)
        return goNoGoWords.anyOccurs(in: t)
    }

    private static let goNoGoWords = PhraseSet(["go/no-go", "go / no-go", "go-no-go", "go no-go"])

    /// `Launch Commander (1 person):` → `Launch Commander`, when the label names a role.
    static func role(fromLabel label: String) -> String? {
        var t = TitleText.collapsed(label).trimmingCharactersInSpace()
        while let last = t.last, last == ":" || last == "*" || last == " " { t.removeLast() }
        t = GateShapes.withoutAside(t)
        return OwnerWords.namesRole(t) ? t : nil
    }

    /// `| Go/No-Go Decision Maker | Dana Lee (VP Product) |` → `Dana Lee (VP Product)`.
    static func fromField(key: String, value: String) -> String? {
        let k = TitleText.normalized(key)
        guard k.utf8Contains("decision maker") || isGoDecisionDuty(k) && (k.utf8Contains("approver") || k.utf8Contains("owner")) else { return nil }
        let v = OwnerParser.cleanName(TitleText.collapsed(value))
        return OwnerWords.looksLikeOwnerValue(v) ? v : nil
    }

    /// `IC` → `Incident Commander` when the runbook writes "Incident Commander (IC)".
    static func expandAcronym(_ role: String, in lines: [Substring]) -> String {
        let r = role.trimmingCharactersInSpace()
        guard (2...5).contains(r.count), r.allSatisfy({ $0.isUppercase || $0.quickIsNumber }) else { return r }
        let needle = "(\(r))"
        for line in lines where line.contains(needle) {
            guard let range = line.range(of: needle) else { continue }
            let before = line[..<range.lowerBound].split(whereSeparator: { $0 == " " || $0 == "*" || $0 == "-" || $0 == ":" || $0 == "|" })
            let words = before.suffix(r.count)
            guard words.count == r.count else { continue }
            let initials = String(words.compactMap(\.first)).uppercased()
            if initials == r.uppercased() { return words.joined(separator: " ") }
        }
        return r
    }
}
