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
        if containsAny(t, ["no-go criteria", "abort criteria", "trigger", "thresholds", "alert criteria", "abort", "halt",
                           "kill switch", "kill-switch", "stop if", "stop criteria", "stop conditions", "abort conditions", "alerting", "paging", "page if", "red flags",
                           "escalation criteria", "failure criteria", "when to roll", "decision criteria", "when to page", "when to alert",
                           "page the on-call", "page on-call", "when to halt", "when to abort"])
            || (t.utf8Contains("alert") && !t.utf8Contains("alert channel")) {
            roles.insert(.triggers)
        }
        if isHealthyCriteria(t) {
            roles.insert(.healthy)
            roles.remove(.procedure)
        }
        if containsAny(t, ["principle", "best practice", "overview", "introduction", "background", "purpose", "scope", "glossary",
                           "template fields", "how to use", "about this", "lessons learned", "tips", "faq", "prerequisites knowledge",
                           "troubleshooting", "common issues", "known issues", "common problems", "reminders", "templates", "summary",
                           "severity"]) {
            roles.insert(.content)
        }
        // "Common Issues", "Performance Issues": what may go wrong, read for reference.
        if t.hasSuffix(" issues") || t == "issues", !StepShapes.readsAsAction(title) {
            roles.insert(.content)
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

    /// "Success Criteria", "GO criteria", "Exit Criteria", "Acceptance Criteria", "Targets",
    /// "SLOs", "Definition of Done": lists of what healthy looks like.
    static func isHealthyCriteria(_ normalizedTitle: String) -> Bool {
        let t = normalizedTitle
        if containsAny(t, ["rollback", "roll back", "abort", "no-go criteria", "nogo", "trigger", "failure"]) && !t.utf8Contains("go/no-go") { return false }
        return containsAny(t, ["success criteria", "success metrics", "exit criteria", "acceptance criteria", "go criteria",
                               "completion criteria", "definition of done", "health indicators", "slos", "slo targets",
                               "sla targets", "performance targets", "kpis", "kpi targets", "launch criteria", "promotion criteria",
                               "criteria for success", "criteria to proceed", "proceed criteria", "pass criteria", "success indicators"])
            || t == "success" || t == "targets" || t.hasSuffix(" targets")
    }

    /// "Key Metrics to Track", "Metrics to watch", "Signals to watch": a list of what to look
    /// at, never steps (even as task items).
    static func isMetricsList(_ title: String) -> Bool {
        let t = TitleText.normalized(title)
        return containsAny(t, ["metrics to", "key metrics", "signals to watch", "what to watch", "dashboards to watch", "metrics we watch", "kpis to"])
    }

    private static func containsAny(_ text: String, _ needles: [String]) -> Bool {
        needles.contains { text.utf8Contains($0) }
    }

    /// Lead-in labels that introduce a list something else consumes (never steps).
    static func consumingLabel(_ label: String) -> SectionRoles {
        let t = TitleText.normalized(label)
        // "If you do not have GPG, follow these steps:" leads steps, not criteria.
        if containsAny(t, ["these steps", "following steps", "steps below", "follow these"]) { return [] }
        // Whole words: "Environment Verification" holds no "if".
        if isHealthyCriteria(t) || CriterionPolarity.ofTitle(t) == .healthy && ["criteria", "if", "when", "target", "targets", "expected", "baseline", "slo", "slos"].contains(where: t.containsPhrase) {
            return .healthy
        }
        if containsAny(t, ["required approvals", "approvers", "approved by", "sign-off from", "signoff from", "required approval"]) || GateShapes.isSignOffLabel(t) {
            return .gate
        }
        if containsAny(t, ["trigger", "rollback if", "signs of degradation", "roll back if", "abort if", "halt if", "stop if",
                           "page if", "alert if", "alert when", "page when", "escalate if", "rollback when", "roll back when",
                           "abort when", "red flags", "no-go if", "pause if", "consider rollback", "escalation criteria", "escalate when", "indicators", "symptoms"])
            || (t.utf8Contains("criteria") && containsAny(t, ["rollback", "roll back", "no-go", "abort"])) {
            return .triggers
        }
        if containsAny(t, ["metrics to watch", "monitoring points", "metrics", "watch", "kpis", "thresholds", "focus areas", "focus on", "signals", "symptoms"])
            || t.hasSuffix(" focus") {
            return .metrics
        }
        // "Team Verification:" checks the team; it does not list it.
        if containsAny(t, ["contact", "attendees", "participants", "escalation", "stakeholders", "owners", "team"]),
           !containsAny(t, ["verification", "check", "readiness", "tasks"]) {
            return .contacts
        }
        return []
    }
}
