/// An item named for the role that does it: "Launch lead assessment", "Technical lead input",
/// "DBA review" (docs/runbook-format.md, "Owners"). Only a short item whose words before the
/// last one name a role, and whose last word is a contribution (assessment, input, review,
/// approval, sign-off, decision, briefing); "Security review" names a topic, not a role.
enum RoleActivityOwner {
    private static let contributions: Set<String> = ["assessment", "input", "review", "approval", "sign-off", "signoff", "decision", "briefing", "recommendation"]

    static func owner(_ text: String) -> String? {
        let words = text.split(separator: " ").map(String.init)
        guard words.count >= 2, words.count <= 4, let last = words.last,
              contributions.contains(last.lowercased().trimmingCharacters(in: ".:")) else { return nil }
        let role = words.dropLast().joined(separator: " ")
        // A weak noun alone ("Security", "Platform") is a topic; it needs a role word of its own.
        guard OwnerWords.namesRole(role), words.count >= 3 || OwnerWords.roleNouns.contains(role.lowercased()),
              !["security", "platform", "support", "infra", "all", "everyone", "staff", "desk"].contains(role.lowercased()) else { return nil }
        return role
    }
}
