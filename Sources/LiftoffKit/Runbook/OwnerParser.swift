import Foundation
import LiftoffMarkdown

/// Reads who owns a step or section, in the styles runbooks use:
/// `**Owner:** X | **Due:** T-7 days`, `Owner: X`, `### Owner: X + Y`, `- Owner: [QA Lead]`,
/// and a bold role prefix in an item (`- [ ] **SRE Lead**: check dashboards`).
public enum OwnerParser {
    /// Fields of a `Key: value | Key: value` line (plain text, markup removed).
    struct Fields {
        var owner: String?
        var due: String?
        var status: String?
    }

    /// Keys whose value is who does the work (docs/runbook-format.md, "Owners").
    static let ownerKeys: Set<String> = [
        "owner", "owners", "responsible", "dri", "assignee", "assigned to", "who", "accountable", "performed by",
        "driver", "executor", "executed by", "run by", "led by", "on-call", "on call", "responsible party",
        // Who does the check: "Tester: [Name]", "Verified by: QA Lead".
        "tester", "tested by", "verified by", "done by", "completed by",
    ]

    /// Fields of each line of a paragraph (`**Owner:** X` and `**Last Updated:** Y` on two lines).
    static func fields(in inlines: [Inline]) -> Fields? {
        var lines: [[Inline]] = [[]]
        for inline in inlines {
            if inline == .softBreak || inline == .lineBreak { lines.append([]) } else { lines[lines.count - 1].append(inline) }
        }
        var merged: Fields?
        for line in lines {
            guard let f = fields(in: TitleText.collapsed(line.plainText)) else { continue }
            var m = merged ?? Fields()
            m.owner = m.owner ?? f.owner
            m.due = m.due ?? f.due
            m.status = m.status ?? f.status
            merged = m
        }
        return merged
    }

    static func fields(in plainText: String) -> Fields? {
        var result = Fields()
        var matched = false
        for segment in plainText.split(separator: "|") {
            guard let colon = segment.firstIndex(of: ":") else { continue }
            let key = TitleText.collapsed(String(segment[..<colon])).lowercased()
            let value = String(segment[segment.index(after: colon)...]).trimmingCharactersInSpace()
            guard !value.isEmpty else { continue }
            if ownerKeys.contains(key) {
                // "Owners: 3 service accounts" mentions owners; it names none.
                guard OwnerWords.looksLikeOwnerValue(cleanName(value)) else { continue }
                result.owner = cleanName(value)
                matched = true
            } else if key == "due" || key == "deadline" {
                result.due = value
                matched = true
            } else if key == "status" {
                result.status = value
                matched = true
            }
        }
        return matched ? result : nil
    }

    /// `[QA Lead]` → `QA Lead`; `{{IC}}` stays; trailing punctuation goes.
    static func cleanName(_ raw: String) -> String {
        var s = raw.trimmingCharactersInSpace()
        while let last = s.last, ".;,".contains(last) { s.removeLast() }
        if s.hasPrefix("["), s.hasSuffix("]"), !s.dropFirst().contains("[") {
            s = String(s.dropFirst().dropLast())
        }
        return s.trimmingCharactersInSpace()
    }

    /// A bold lead-in at the start of an item that names a role or person: `**SRE Lead**: …`,
    /// `**{{IC}}:** …`. Returns the owner and the rest of the text. Labels such as
    /// `**Trigger:**` or emphasis such as `**All acceptance criteria met**` are not owners.
    /// `known` holds the roles and names of the runbook's own contacts and roles tables.
    static func boldRolePrefix(_ inlines: [Inline], known: Roster = Roster()) -> (owner: String, rest: [Inline])? {
        guard let first = inlines.first, case .strong(let boldInlines) = first else { return nil }
        var bold = boldInlines.plainText.trimmingCharactersInSpace()
        var rest = Array(inlines.dropFirst())
        var hasColon = false
        if bold.hasSuffix(":") {
            bold.removeLast()
            hasColon = true
        } else if case .text(let t)? = rest.first, t.hasPrefix(":") {
            hasColon = true
            rest[0] = .text(String(t.dropFirst()))
        }
        guard hasColon, !bold.isEmpty else { return nil }
        let isPlaceholder = bold.hasPrefix("{{") && bold.hasSuffix("}}")
        // "**Load test**:" is a title; "**SRE Lead**:" and a name from the contacts table are owners.
        guard isPlaceholder || OwnerWords.namesRole(bold) || known.contains(bold) else { return nil }
        if case .text(let t)? = rest.first { rest[0] = .text(t.trimmingCharactersInSpace()) }
        return (bold, rest)
    }

    /// `Owner: X + Y` as a heading title.
    static func headingOwner(_ title: String) -> String? {
        guard let fields = fields(in: title), let owner = fields.owner, title.lowercased().hasPrefix("owner") else { return nil }
        return owner
    }

    /// Splits `X + Y`, `X, Y`, `X & Y`, `X and Y` into roles.
    public static func roles(_ owner: String) -> [String] {
        var parts = [owner]
        for separator in [" + ", ",", " & ", " and ", "/"] {
            parts = parts.flatMap { $0.components(separatedBy: separator) }
        }
        return parts.map { cleanName($0) }.filter { !$0.isEmpty }
    }
}
