/// Owners written in a heading (docs/runbook-format.md, "Owners"):
/// `### Owner: X + Y`, a parenthesised role after the title ("Releasing the core (core release
/// manager)"), or a heading that is itself about the owner ("### Rollback Owner") whose first
/// line names the person.
enum HeadingOwner {
    /// `Owner: X + Y` as a heading title, or `(role)` / `(Owner: X)` at its end.
    static func owner(inTitle title: String) -> String? {
        if let owner = OwnerParser.headingOwner(title) { return owner }
        guard title.hasSuffix(")"), let open = title.lastIndex(of: "(") else { return nil }
        let inner = String(title[title.index(after: open)..<title.index(before: title.endIndex)]).trimmingCharactersInSpace()
        if let fields = OwnerParser.fields(in: withoutTrailingTimes(inner)), let owner = fields.owner { return owner }
        // A parenthesis naming a role ("(core release manager)"); not "(either alice or bob)",
        // which names whom to contact, nor a time or a duration.
        let value = OwnerParser.cleanName(inner)
        guard OwnerWords.namesRole(value), TimeAnchorParser.findAnywhere(value) == nil else { return nil }
        return value
    }

    /// "owner: netops, ~10 min" → "owner: netops": a duration or a time after a comma is not
    /// part of the name ("Owner: Alice, Bob" keeps both).
    private static func withoutTrailingTimes(_ inner: String) -> String {
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
        guard let cut = parts.indices.dropFirst().first(where: { i in
            let part = parts[i].trimmingCharactersInSpaceSub().drop { $0 == "~" || $0 == "≈" || $0 == " " }
            return DurationParser.parsePrefix(part) != nil || TimeAnchorParser.parseLeading(part) != nil
        }) else { return inner }
        return parts[..<cut].joined(separator: ",")
    }

    /// Whether the heading announces an owner below it: "Owner", "Rollback Owner", "Owners".
    static func announcesOwner(_ title: String) -> Bool {
        let words = TitleText.normalized(title).split(separator: " ")
        guard let last = words.last, words.count <= 4 else { return false }
        return last == "owner" || last == "owners" || last == "dri"
    }

    /// The person on the first line under such a heading: `David Park — david@x.io — +1 555`.
    static func ownerLine(_ text: String) -> String? {
        let separators: [String] = [" — ", " – ", " - ", " | ", ", ", " (", " <"]
        var head = Substring(text.trimmingCharactersInSpace())
        for separator in separators {
            if let r = head.range(of: separator) { head = head[..<r.lowerBound] }
        }
        let value = OwnerParser.cleanName(String(head))
        guard !value.contains("@"), value.split(separator: " ").count <= 4, OwnerWords.looksLikeOwnerValue(value) else { return nil }
        return value
    }

    /// "The release manager of a minor version is responsible for releasing …": the section's
    /// lead sentence names who does its work.
    static func responsibleInLeadSentence(_ text: String) -> String? {
        let lower = text.lowercased()
        guard lower.hasPrefix("the "), let r = lower.range(of: " responsible for ") else { return nil }
        var subject = String(text[text.index(text.startIndex, offsetBy: 4)..<r.lowerBound])
        for verb in [" is ultimately", " are ultimately", " is", " are"] where subject.lowercased().hasSuffix(verb) {
            subject = String(subject.dropLast(verb.count))
            break
        }
        if let of = subject.range(of: " of ") { subject = String(subject[..<of.lowerBound]) }
        let value = subject.trimmingCharactersInSpace()
        guard value.split(separator: " ").count <= 4, OwnerWords.namesRole(value) else { return nil }
        return value
    }
}
