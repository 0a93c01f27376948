/// What an owner looks like: a role ("SRE Lead", "core release manager"), a person or team
/// named in the runbook's own contacts, or a placeholder (`{{IC}}`, `[QA Lead]`).
/// See docs/runbook-format.md, "Owners".
enum OwnerWords {
    /// Nouns that end a role or team name ("Release Manager", "Platform Team", "DBA").
    static let roleNouns: Set<String> = [
        "lead", "leads", "manager", "managers", "owner", "owners", "engineer", "engineers", "team", "teams",
        "admin", "admins", "administrator", "dba", "dbas", "sre", "sres", "qa", "ops", "devops", "director",
        "head", "commander", "coordinator", "architect", "developer", "developers", "pm", "po", "em", "ic",
        "analyst", "officer", "sponsor", "vp", "cto", "ciso", "cio", "ceo", "coo", "shepherd", "captain",
        "champion", "specialist", "liaison", "approver", "reviewer", "tester", "testers", "on-call", "oncall",
        "scribe", "facilitator", "maintainer", "maintainers", "steward", "operator", "operators", "dev", "devs",
        "consultant", "representative", "rep", "stakeholders", "everyone", "all", "squad", "crew", "staff",
        "support", "desk", "secops", "netops", "infra", "platform", "security", "sres", "dri", "tpm",
    ]

    /// Words that make a role noun ambiguous at the end of a label: "**Security**:" names a topic,
    /// "**Security Team**:" a team. These count only with another role word before them.
    private static let weakNouns: Set<String> = ["support", "desk", "platform", "security", "infra", "all", "everyone", "staff"]

    /// Whether `text` names a role: its last word is a role noun ("Release Manager", "QA",
    /// "Communications lead"), or a weak noun after another word ("Customer Support").
    static func namesRole(_ text: String) -> Bool {
        // "6-7 PM" is a time, not a product manager.
        guard !text.contains(where: \.quickIsNumber) else { return false }
        let words = TitleText.normalized(text).split(separator: " ").map(String.init)
        guard let last = words.last, words.count <= 6 else { return false }
        if weakNouns.contains(last) { return words.count >= 2 && words.count <= 3 }
        return roleNouns.contains(last)
    }

    /// Whether a `Key: value` owner value looks like an owner at all: not a count ("3 service
    /// accounts"), not a sentence, not a blank to fill in (`______`).
    static func looksLikeOwnerValue(_ value: String) -> Bool {
        let v = value.trimmingCharactersInSpace()
        guard let first = v.first, v.count <= 80 else { return false }
        if v.hasPrefix("{{") || v.hasPrefix("[") || v.hasPrefix("<") { return true }
        if first.quickIsNumber || v.allSatisfy({ $0 == "_" || $0 == " " || $0 == "-" }) { return false }
        let words = v.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "+" || $0 == "/" || $0 == "&" })
        guard words.count <= 8 else { return false }
        if v.contains("http") || v.hasSuffix("?") { return false }
        // A lower-case start that names no role reads as prose ("as needed", "tbd").
        if first.isLowercase, !namesRole(v), !OwnerParser.roles(v).contains(where: namesRole) { return false }
        return true
    }
}
