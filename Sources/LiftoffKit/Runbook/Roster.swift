import LiftoffMarkdown

/// The roles and people a runbook introduces itself — its contacts, roles and team tables and
/// its "Roles" / "Team" / "Contacts" sections — read before anything else, so a bold title at
/// the start of an item can be told apart as an owner ("**Launch Lead**:") or a topic
/// ("**Load test**:"). See docs/runbook-format.md, "Owners".
struct Roster: Sendable {
    private(set) var names: Set<String> = []

    func contains(_ text: String) -> Bool {
        let key = TitleText.normalized(text)
        return !key.isEmpty && names.contains(key)
    }

    mutating func insert(_ text: String) {
        let cleaned = OwnerParser.cleanName(text)
        let key = TitleText.normalized(cleaned)
        // Blanks and long cells are not names.
        guard !key.isEmpty, key.split(separator: " ").count <= 5, !cleaned.hasPrefix("_") else { return }
        names.insert(key)
    }

    private static let nameHeaders: Set<String> = ["role", "roles", "name", "names", "person", "contact", "primary", "backup", "owner", "member", "who", "team"]
    private static let rosterWords: Set<String> = ["roles", "contacts", "contact", "raci", "responsibilities", "stakeholders", "escalation", "on-call"]

    static func collect(_ document: BlockNode) -> Roster {
        var roster = Roster()
        var inRosterSection = false
        func walk(_ blocks: [BlockNode]) {
            for block in blocks {
                switch block.kind {
                case .heading(_, let inlines):
                    let t = TitleText.normalized(inlines.plainText)
                    // "Core Team", "Roles", "Contacts" — not "Team Communication".
                    let words = t.split(separator: " ").map(String.init)
                    inRosterSection = words.contains { rosterWords.contains($0) } || words.last == "team" || words.last == "teams"
                case .table(let header, _, let rows):
                    let names = header.cells.map { TitleText.normalized($0.plainText) }
                    let columns = names.indices.filter { nameHeaders.contains(names[$0]) }
                    guard names.contains(where: { $0 == "role" || $0 == "name" || $0 == "contact" }) else { continue }
                    for row in rows {
                        for c in columns where c < row.cells.count { roster.insert(row.cells[c].plainText) }
                    }
                case .paragraph(let inlines) where inRosterSection:
                    roster.insertLeadIn(inlines)
                case .list:
                    for item in block.children {
                        if inRosterSection, let first = item.children.first, case .paragraph(let inlines) = first.kind {
                            roster.insertLeadIn(inlines)
                        }
                        walk(Array(item.children.dropFirst()))
                    }
                case .blockQuote, .document:
                    walk(block.children)
                default:
                    continue
                }
            }
        }
        walk(document.children)
        return roster
    }

    /// `**Launch Lead:** Jane` or `Launch Lead: Jane` → both the role and the name.
    private mutating func insertLeadIn(_ inlines: [Inline]) {
        let plain = TitleText.collapsed(inlines.plainText)
        guard let colon = plain.firstIndex(of: ":") else { return }
        let key = String(plain[..<colon])
        let value = String(plain[plain.index(after: colon)...]).trimmingCharactersInSpace()
        // `Role: Name` pairs and bare role labels; not "Stakeholders Notified: Inform anyone …".
        guard key.split(separator: " ").count <= 4, value.isEmpty || OwnerWords.looksLikeOwnerValue(value) && value.split(separator: " ").count <= 4 else { return }
        insert(key)
        if !value.isEmpty, !value.contains(":") { insert(value) }
    }
}
