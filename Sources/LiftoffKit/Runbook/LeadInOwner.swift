/// A lead-in that says who does the list after it: "All engineers should:", "Before launch,
/// the SRE team must:", "The on-call engineer will:" (docs/runbook-format.md, "Owners").
/// The subject must name a role; "Make sure you:" or "Things that should:" name no one.
enum LeadInOwner {
    private static let modals = ["should", "must", "will", "needs to", "need to", "has to", "have to", "is to", "are to", "shall"]

    static func owner(in label: String) -> String? {
        var text = TitleText.collapsed(label).trimmingCharactersInSpace()
        guard text.hasSuffix(":") else { return nil }
        text.removeLast()
        let lower = text.lowercased()
        for modal in modals where lower.hasSuffix(" " + modal) {
            var subject = String(text.dropLast(modal.count)).trimmingCharactersInSpace()
            // "Before launch, the SRE team must:" → "SRE team".
            if let comma = subject.lastIndex(of: ",") { subject = String(subject[subject.index(after: comma)...]).trimmingCharactersInSpace() }
            for article in ["the ", "The ", "our ", "Our ", "each ", "Each ", "every ", "Every "] where subject.hasPrefix(article) {
                subject = String(subject.dropFirst(article.count))
            }
            subject = subject.trimmingCharacters(in: "*_ ")
            guard !subject.isEmpty, subject.split(separator: " ").count <= 4, OwnerWords.namesRole(subject) else { return nil }
            return subject
        }
        return nil
    }
}
