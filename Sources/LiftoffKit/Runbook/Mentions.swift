import LiftoffMarkdown

/// Chat and code-host handles that name who does an item (docs/runbook-format.md, "Owners"):
/// `- @alice: drain the old nodes`, `- Post the update (@comms-bot)`.
enum Mentions {
    /// `@alice: drain the old nodes` → `@alice` and the rest; the colon is required, so
    /// "@here the bridge is open" is not an owner.
    static func leading(_ inlines: [Inline]) -> (owner: String, rest: [Inline])? {
        guard case .text(let first)? = inlines.first else { return nil }
        let trimmed = first.drop { $0 == " " }
        guard let colon = trimmed.firstIndex(of: ":"), let handle = handle(trimmed[..<colon]) else { return nil }
        let after = trimmed[trimmed.index(after: colon)...].drop { $0 == " " }
        var rest = inlines
        rest[0] = .text(String(after))
        if after.isEmpty { rest.removeFirst() }
        guard !rest.isEmpty else { return nil }
        return (handle, rest)
    }

    /// `@comms-bot`, `@dana, @lee`, `@dana and @lee`: the text is handles and nothing else.
    static func only(_ text: String) -> String? {
        let parts = text.split(separator: ",").flatMap { $0.components(separatedBy: " and ") }
            .map { $0.trimmingCharactersInSpace() }.filter { !$0.isEmpty }
        guard !parts.isEmpty, parts.allSatisfy({ handle(Substring($0)) != nil }) else { return nil }
        return parts.joined(separator: ", ")
    }

    /// `@alice`, `@org/team`, `@first.last`; not `@here`, `@channel`, `@everyone` (they notify, they own nothing).
    private static func handle(_ s: Substring) -> String? {
        let t = s.trimmingCharactersInSpaceSub()
        guard t.hasPrefix("@"), t.count >= 2 else { return nil }
        let name = t.dropFirst()
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }),
              name.first.map({ $0.isLetter || $0.isNumber }) == true,
              !["here", "channel", "everyone", "all"].contains(name.lowercased()) else { return nil }
        return String(t)
    }
}
