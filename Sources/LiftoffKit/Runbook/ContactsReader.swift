import LiftoffMarkdown

/// One person or rota from a runbook's contacts or escalation table: who to call for a role.
public struct Contact: Hashable, Sendable {
    public var role: String?
    public var name: String?
    /// As written (`+1-555-0142`, `PagerDuty`); `dialable` is the `tel:` form when it is a number.
    public var phone: String?
    /// A chat handle or channel as written (`@dana.chen`, `#deployments`).
    public var chat: String?
    /// A link written in the chat cell (`[@dana](https://acme.slack.com/team/U1)`), http(s) only.
    public var chatLink: String?
    public var email: String?
    /// The heading above the table ("Emergency Contacts"), or the group of a contacts block.
    public var table: String?
    /// Where the contact stands in an escalation ("Primary", "Backup", "Escalation"), when written.
    public var level: String?

    public init(role: String? = nil, name: String? = nil, phone: String? = nil, chat: String? = nil, chatLink: String? = nil,
                email: String? = nil, table: String? = nil, level: String? = nil) {
        self.role = role
        self.name = name
        self.phone = phone
        self.chat = chat
        self.chatLink = chatLink
        self.email = email
        self.table = table
        self.level = level
    }

    /// `+15550142` from `+1-555-0142`; nil for words ("PagerDuty") and placeholders (`xxx-xxx`).
    public var dialable: String? {
        guard let phone else { return nil }
        var out = ""
        for c in phone {
            if c.isASCII, c.quickIsNumber { out.append(c) } else if c == "+", out.isEmpty { out.append(c) } else if !" -.()/".contains(c) { return nil }
        }
        return out.filter(\.quickIsNumber).count >= 3 ? out : nil
    }

    /// Whether this contact answers for `owner` ("Release Manager", "Dana Chen", "SRE + Platform Lead").
    public func serves(_ owner: String) -> Bool {
        let wanted = OwnerParser.roles(owner).map(RoleName.key) + [RoleName.key(owner)]
        return [role, name].compactMap { $0 }.map(RoleName.key).contains { wanted.contains($0) }
    }
}

/// Reads the runbook's contacts and escalation tables — a table whose header names a role or a
/// person and a way to reach them (phone, chat, email) — wherever it stands:
///
/// ```markdown
/// | Role | Name | Phone | Slack |
/// |------|------|-------|-------|
/// | Release Manager | Dana Chen | +1-555-0142 | @dana.chen |
/// ```
///
/// Tables without a phone, chat or email column (a RACI, an escalation matrix of issue types)
/// are not contacts. Under a contacts or escalation heading, plain-text blocks of
/// `Primary: Engineering Lead | @eng-lead | +1 555 0100` lines are read too, grouped by the
/// `Technical Emergencies:` lines above them. See docs/war-room.md, "What the war room shows": People.
public enum ContactsReader {
    enum Column { case role, name, phone, chat, email }

    static let headers: [(Column, Set<String>)] = [
        (.role, ["role", "roles", "function", "position", "responsibility", "area", "escalation level", "level", "tier"]),
        (.name, ["name", "names", "person", "contact", "primary", "who", "owner", "on-call", "oncall", "engineer"]),
        (.phone, ["phone", "mobile", "cell", "tel", "telephone", "phone number", "phone / pager", "pager"]),
        (.chat, ["slack", "chat", "handle", "slack handle", "teams", "discord", "matrix", "irc", "channel", "slack channel"]),
        (.email, ["email", "e-mail", "mail", "email address"]),
    ]

    public static func read(_ markdown: String) -> [Contact] {
        read(MarkdownParser.parse(markdown))
    }

    public static func read(_ document: BlockNode) -> [Contact] {
        var contacts: [Contact] = []
        var heading: String?
        func walk(_ blocks: [BlockNode]) {
            for block in blocks {
                switch block.kind {
                case .heading(_, let inlines):
                    heading = TitleText.collapsed(inlines.plainText)
                case .table(let header, _, let rows):
                    contacts += table(header, rows, heading: heading)
                case .codeBlock(_, let content, _) where heading.map(isContactsHeading) ?? false:
                    contacts += lines(content, heading: heading)
                case .document, .blockQuote, .list, .listItem:
                    walk(block.children)
                default:
                    continue
                }
            }
        }
        walk(document.children)
        return contacts
    }

    static func isContactsHeading(_ heading: String) -> Bool {
        let words = TitleText.normalized(heading).split(separator: " ")
        return words.contains { ["contact", "contacts", "escalation", "on-call", "oncall"].contains($0) }
    }

    /// `Primary: Engineering Lead | @eng-lead | xxx-xxx-xxxx` lines; `Group:` lines name the group.
    static func lines(_ content: String, heading: String?) -> [Contact] {
        var group: String?
        var contacts: [Contact] = []
        for raw in content.split(whereSeparator: \.isNewline) {
            let line = TitleText.collapsed(String(raw))
            guard line.contains("|") else {
                if line.hasSuffix(":") { group = String(line.dropLast()) }
                continue
            }
            var first = line.split(separator: "|", omittingEmptySubsequences: false).map { TitleText.collapsed(String($0)) }
            guard first.count >= 2 else { continue }
            var level: String?
            if let colon = first[0].firstIndex(of: ":") {
                level = TitleText.collapsed(String(first[0][..<colon]))
                first[0] = TitleText.collapsed(String(first[0][first[0].index(after: colon)...]))
            }
            var contact = Contact(role: first[0].isEmpty ? nil : first[0], table: group ?? heading, level: level?.isEmpty == true ? nil : level)
            for cell in first.dropFirst() where !cell.isEmpty {
                if cell.hasPrefix("@") || cell.hasPrefix("#") {
                    contact.chat = contact.chat ?? cell
                } else if cell.contains("@"), cell.contains(".") {
                    contact.email = contact.email ?? cell
                } else if contact.phone == nil {
                    contact.phone = cell
                }
            }
            if contact.role != nil, contact.chat != nil || contact.phone != nil || contact.email != nil { contacts.append(contact) }
        }
        return contacts
    }

    /// `headers` as `column` compares them, normalized once instead of once per header cell.
    private static let normalizedHeaders: [(Column, Set<String>)] = headers.map { ($0.0, Set($0.1.map(TitleText.normalized))) }

    static func column(_ header: String) -> Column? {
        let key = TitleText.normalized(header)
        return normalizedHeaders.first { $0.1.contains(key) }?.0
    }

    static func table(_ header: TableRow, _ rows: [TableRow], heading: String?) -> [Contact] {
        var columns: [Column: Int] = [:]
        for (index, cell) in header.cells.enumerated() {
            if let c = column(cell.plainText), columns[c] == nil { columns[c] = index }
        }
        guard columns[.role] != nil || columns[.name] != nil,
              columns[.phone] != nil || columns[.chat] != nil || columns[.email] != nil else { return [] }
        return rows.compactMap { row in
            func text(_ c: Column) -> String? {
                guard let i = columns[c], i < row.cells.count else { return nil }
                let s = TitleText.collapsed(row.cells[i].plainText)
                return s.isEmpty || s == "-" || s == "—" ? nil : s
            }
            let contact = Contact(role: text(.role), name: text(.name), phone: text(.phone), chat: text(.chat),
                                  chatLink: columns[.chat].flatMap { $0 < row.cells.count ? link(in: row.cells[$0].inlines) : nil },
                                  email: text(.email), table: heading)
            return contact.role == nil && contact.name == nil ? nil : contact
        }
    }

    /// The first http(s) link of a cell.
    static func link(in inlines: [Inline]) -> String? {
        for inline in inlines {
            switch inline {
            case .link(_, let destination, _), .autolink(let destination):
                let lower = destination.lowercased()
                if lower.hasPrefix("https://") || lower.hasPrefix("http://") { return destination }
            case .emphasis(let c), .strong(let c):
                if let found = link(in: c) { return found }
            default:
                continue
            }
        }
        return nil
    }
}
