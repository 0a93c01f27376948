import LiftoffMarkdown

/// The shapes a go/no-go decision takes in runbooks besides a "Go/No-Go" heading: a bold
/// paragraph ("**Go/No-Go decision (T-1h)**"), a checkpoint or hold item in a checklist
/// ("- [ ] 🛑 Hold: QA sign-off before the cutover"), and the approver lines under them:
/// "Sign-off: QA Lead ____", "- Release Manager: ______", a participants list
/// (docs/runbook-format.md, "Gates").
enum GateShapes {
    private static let decisionWords = PhraseSet(["go/no-go", "go / no-go", "go-no-go", "go no-go", "go/nogo", "gonogo", "decision point",
                                        "go-live decision", "launch decision", "checkpoint", "hold point", "sign-off", "signoff",
                                        "approval gate", "quality gate", "release gate"])
    private static let goCriteriaWords = PhraseSet(["go criteria", "go/no-go", "go-no-go", "go-live criteria", "launch criteria", "promotion criteria"])
    private static let firingCriteriaWords = PhraseSet(["rollback", "roll back", "abort", "no-go", "halt", "stop", "failure"])

    /// Whether an item or bold paragraph names a decision point.
    static func namesDecision(_ text: String) -> Bool {
        let t = text.lowercased()
        if t.mayContainCanonically("🛑") && t.contains("🛑") && (t.contains("hold") || t.contains("do not") || t.contains("until") || t.contains("approv")) { return true }
        if t.hasPrefix("hold:") || t.hasPrefix("hold -") || t.hasPrefix("hold —") { return true }
        return decisionWords.anyOccurs(in: t)
    }

    /// "GO criteria for entering this stage:", "Go/No-Go criteria:", "Go-live criteria:".
    static func namesGoCriteria(_ label: String) -> Bool {
        let t = TitleText.normalized(label)
        return goCriteriaWords.anyOccurs(in: t)
            && !t.utf8Contains("no-go criteria") || t.utf8Contains("go/no-go criteria")
    }

    /// `**Go/No-Go Decision**: …` → "Go/No-Go Decision".
    static func boldDecision(_ inlines: [Inline]) -> String? {
        guard let first = inlines.first, case .strong(let bold) = first else { return nil }
        var title = TitleText.collapsed(bold.plainText)
        while let last = title.last, last == ":" || last == " " { title.removeLast() }
        guard !title.isEmpty, title.count <= 80, namesDecision(title) else { return nil }
        return title
    }

    /// "QA Lead: ______", "Sign-off: QA Lead ____", "[ ] Release Manager ______", "Approved by: CTO".
    static func blankRole(_ text: String) -> String? {
        // Each way below to a role needs a `:` (the sign-off keys, the vote), `___` or `…`,
        // which collapsing spaces and dropping a checkbox leave as they are.
        guard text.utf8.contains(0x3A) || text.utf8Contains("___") || text.utf8Contains("…") else { return nil }
        var t = TitleText.collapsed(text).trimmingCharactersInSpace()
        for prefix in ["[ ]", "[x]", "☐", "□"] where t.hasPrefix(prefix) { t = String(t.dropFirst(prefix.count)).trimmingCharactersInSpace() }
        let lower = t.lowercased()
        for key in ["sign-off:", "signoff:", "sign off:", "signed off by:", "approved by:", "approver:", "approval:"] where lower.hasPrefix(key) {
            let rest = String(t.dropFirst(key.count))
            let role = cleaned(rest)
            return role.isEmpty ? nil : role
        }
        // "**Business Owner:** GO / NO-GO - [Signature] [Date]": a vote to cast, by role.
        if let colon = t.firstIndex(of: ":"), case let after = t[t.index(after: colon)...].lowercased(),
           after.utf8Contains("[signature]") || after.utf8Contains("go / no-go") || after.utf8Contains("go/no-go") {
            let role = cleaned(String(t[..<colon]))
            if OwnerWords.namesRole(role) { return role }
        }
        guard t.utf8Contains("___") || t.utf8Contains("…") && t.hasSuffix("…") else { return nil }
        // "QA Lead: ______ Time: ______": the role is written before the first blank.
        let beforeBlank = t.components(separatedBy: "___").first.map(cleaned) ?? ""
        let role = beforeBlank.isEmpty ? cleaned(t) : beforeBlank
        guard !role.isEmpty, role.split(separator: " ").count <= 5 else { return nil }
        // "Note the time: ____" and "Date: ____" are fields, not roles.
        let field = ["date", "time", "signature", "name", "notes", "note", "version", "ticket", "link", "comments", "reason"]
        if field.contains(where: { role.lowercased() == $0 || role.lowercased().hasPrefix($0 + " ") }) { return nil }
        // "Recorded by: ____" asks for a name; it names no approver.
        if role.lowercased().hasSuffix(" by") { return nil }
        return role
    }

    /// "Sign-off:", "Sign-offs:", "Approvals:" as a lead-in: the approver blanks follow.
    static func isSignOffLabel(_ label: String) -> Bool {
        let t = TitleText.normalized(label).trimmingCharacters(in: ":* ")
        return ["sign-off", "sign-offs", "signoff", "signoffs", "sign off", "sign-off required", "approvals", "final sign-off"].contains(t)
    }

    /// "Decision Criteria:", "Go criteria:" under a decision point.
    static func namesDecisionCriteria(_ label: String) -> Bool {
        let t = TitleText.normalized(label)
        guard t.utf8Contains("criteria") else { return false }
        return !firingCriteriaWords.anyOccurs(in: t)
    }

    /// `Launch Commander (lead)` → `Launch Commander`.
    static func withoutAside(_ text: String) -> String {
        var t = text.trimmingCharactersInSpace()
        if t.hasSuffix(")"), let open = t.lastIndex(of: "("), open > t.startIndex {
            t = String(t[..<open]).trimmingCharactersInSpace()
        }
        return t
    }

    /// "… until the QA Lead approves", "(approver: CTO)", "sign-off by Release Manager".
    static func approvers(inText text: String) -> [String] {
        let lower = text.lowercased()
        for key in ["approver:", "approvers:", "approved by", "sign-off by", "signed off by", "sign-off from", "approval from", "until the ",
                    "required from", "requires sign-off from", "requires approval from", "decision makers:", "sign-offs:"] {
            guard let range = lower.range(of: key) else { continue }
            var rest = String(text[range.upperBound...])
            // "Sign-off required from: @alice (Engineering), @bob (SRE)": the names, not their asides.
            if !key.hasSuffix(":"), key != "until the " {
                rest = String(rest.drop { $0 == ":" || $0 == " " })
                rest = withoutAsides(rest)
            }
            for stop in [")", ".", ";", " approves", " signs", " has", " gives", " confirms"] {
                if let r = rest.range(of: stop) { rest = String(rest[..<r.lowerBound]) }
            }
            let roles = OwnerParser.roles(rest).filter { $0.split(separator: " ").count <= 4 }
            if !roles.isEmpty { return roles }
        }
        return []
    }

    /// "@alice (Engineering), @bob (SRE)" → "@alice, @bob".
    private static func withoutAsides(_ text: String) -> String {
        CriterionPolarity.withoutParentheses(text).split(separator: " ").joined(separator: " ").replacingOccurrences(of: " ,", with: ",")
    }

    /// "The 08:40 call needs a GO from the Launch Lead, the QA Lead and the Support Lead",
    /// "Get an explicit GO from the IC": approvers named in a sentence beside a decision.
    /// Only names that read as roles (or acronyms) count: "we go from 5% to 25%" names nobody.
    static func goApprovers(inText text: String) -> [String] {
        let lower = text.lowercased()
        for key in ["go from ", "sign-off from ", "signoff from ", "approval from ", "approvals from "] {
            guard let range = lower.range(of: key) else { continue }
            var rest = String(text[range.upperBound...])
            for stop in [".", ";", ")", " in ", " on ", " before ", " via ", " — ", " - "] {
                if let r = rest.range(of: stop) { rest = String(rest[..<r.lowerBound]) }
            }
            let roles = OwnerParser.roles(rest).map { role -> String in
                let words = role.split(separator: " ")
                return (words.first?.lowercased() == "the" ? words.dropFirst() : words[...]).joined(separator: " ")
            }.filter { role in
                OwnerWords.namesRole(role) || (2...5).contains(role.count) && role.allSatisfy(\.isUppercase)
            }
            if !roles.isEmpty { return roles }
        }
        return []
    }

    private static func cleaned(_ raw: String) -> String {
        // Blanks ("____") go; the words around them are the role.
        var s = raw.split(whereSeparator: { $0 == "_" || $0 == " " }).joined(separator: " ")
        if let paren = s.firstIndex(of: "(") { s = String(s[..<paren]) }
        while let last = s.last, last == ":" || last == " " || last == "-" || last == "—" || last == "…" { s.removeLast() }
        return OwnerParser.cleanName(s)
    }
}
