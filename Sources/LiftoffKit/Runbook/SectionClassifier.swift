/// Reads what a section is for from its name, the way a reader would.
enum SectionClassifier {
    static func roles(forTitle title: String) -> SectionRoles {
        let t = TitleText.normalized(title)
        var roles: SectionRoles = []

        if t.utf8Contains("rollback") || t.utf8Contains("roll-back") || t.utf8Contains("roll back") {
            if containsAny(t, ["trigger", "criteria", "decision"]) {
                roles.insert(.triggers)
            } else {
                roles.insert(.rollback)
                roles.insert(.procedure)
            }
        }
        if containsAny(t, ["go/no-go", "go / no-go", "go-no-go", "go no-go", "go no go", "sign-off", "sign off", "signoff", "approval", "approvals"]) {
            roles.insert(.gate)
        }
        if containsAny(t, ["no-go criteria", "abort criteria", "trigger", "thresholds", "alert criteria"]) {
            roles.insert(.triggers)
        }
        if containsAny(t, ["steps", "procedure", "checklist", "smoke test", "runbook", "tasks", "actions", "execution", "validation", "verification"]) {
            roles.insert(.procedure)
        }
        if containsAny(t, ["contact", "escalation", "team organization", "stakeholder", "raci", "responsibilit", "document history", "change log", "changelog", "table of contents", "related documents", "related templates", "references", "see also"]) || t == "contents" || t == "toc" {
            roles.insert(.contacts)
        }
        if containsAny(t, ["metrics to watch", "monitoring matrix", "monitoring points", "metrics", "kpi", "baseline"]) {
            roles.insert(.metrics)
        }
        return roles
    }

    private static func containsAny(_ text: String, _ needles: [String]) -> Bool {
        needles.contains { text.utf8Contains($0) }
    }

    /// Lead-in labels that introduce a list something else consumes (never steps).
    static func consumingLabel(_ label: String) -> SectionRoles {
        let t = TitleText.normalized(label)
        if containsAny(t, ["required approvals", "approvers", "approved by", "sign-off from", "signoff from", "required approval"]) {
            return .gate
        }
        if containsAny(t, ["trigger", "rollback if", "signs of degradation", "roll back if", "abort if"])
            || (t.utf8Contains("criteria") && containsAny(t, ["rollback", "roll back", "no-go", "abort"])) {
            return .triggers
        }
        if containsAny(t, ["metrics to watch", "monitoring points", "metrics", "watch", "kpis", "thresholds"]) {
            return .metrics
        }
        if containsAny(t, ["contact", "attendees", "escalation", "stakeholders", "owners", "team"]) {
            return .contacts
        }
        return []
    }
}
