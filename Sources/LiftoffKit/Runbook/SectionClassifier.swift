/// Reads what a section is for from its name, the way a reader would.
enum SectionClassifier {
    private static let rollbackDecisionWords = PhraseSet(["trigger", "criteria", "decision"])
    private static let gateWords = PhraseSet(["go/no-go", "go / no-go", "go-no-go", "go no-go", "go no go", "sign-off", "sign off", "signoff", "approval", "approvals"])
    private static let triggerWords = PhraseSet(["no-go criteria", "abort criteria", "trigger", "thresholds", "alert criteria", "abort", "halt",
        "kill switch", "kill-switch", "stop if", "stop criteria", "stop conditions", "abort conditions", "alerting", "paging", "page if", "red flags",
        "escalation criteria", "failure criteria", "when to roll", "decision criteria", "when to page", "when to alert",
        "page the on-call", "page on-call", "when to halt", "when to abort"])
    private static let contentWords = PhraseSet(["principle", "best practice", "overview", "introduction", "background", "purpose", "scope", "glossary",
        "template fields", "how to use", "about this", "lessons learned", "tips", "faq", "prerequisites knowledge",
        "troubleshooting", "common issues", "known issues", "common problems", "reminders", "templates", "summary",
        "severity"])
    private static let procedureWords = PhraseSet(["steps", "procedure", "checklist", "smoke test", "runbook", "tasks", "actions", "execution", "validation", "verification"])
    private static let contactWords = PhraseSet(["contact", "escalation", "team organization", "stakeholder", "raci", "responsibilit", "document history", "change log", "changelog", "table of contents", "related documents", "related templates", "references", "see also"])
    private static let metricsWords = PhraseSet(["metrics to watch", "monitoring matrix", "monitoring points", "metrics", "kpi", "baseline"])
    private static let firingCriteriaWords = PhraseSet(["rollback", "roll back", "abort", "no-go criteria", "nogo", "trigger", "failure"])
    private static let healthyCriteriaWords = PhraseSet(["success criteria", "success metrics", "exit criteria", "acceptance criteria", "go criteria",
        "completion criteria", "definition of done", "health indicators", "slos", "slo targets",
        "sla targets", "performance targets", "kpis", "kpi targets", "launch criteria", "promotion criteria",
        "criteria for success", "criteria to proceed", "proceed criteria", "pass criteria", "success indicators"])
    private static let metricsListWords = PhraseSet(["metrics to", "key metrics", "signals to watch", "what to watch", "dashboards to watch", "metrics we watch", "kpis to"])
    private static let stepLeadWords = PhraseSet(["these steps", "following steps", "steps below", "follow these"])
    private static let gateLabelWords = PhraseSet(["required approvals", "approvers", "approved by", "sign-off from", "signoff from", "required approval"])
    private static let triggerLabelWords = PhraseSet(["trigger", "rollback if", "signs of degradation", "roll back if", "abort if", "halt if", "stop if",
        "page if", "alert if", "alert when", "page when", "escalate if", "rollback when", "roll back when",
        "abort when", "red flags", "no-go if", "pause if", "consider rollback", "escalation criteria", "escalate when", "indicators", "symptoms"])
    private static let firingCriteriaLabelWords = PhraseSet(["rollback", "roll back", "no-go", "abort"])
    private static let metricsLabelWords = PhraseSet(["metrics to watch", "monitoring points", "metrics", "watch", "kpis", "thresholds", "focus areas", "focus on", "signals", "symptoms"])
    private static let contactLabelWords = PhraseSet(["contact", "attendees", "participants", "escalation", "stakeholders", "owners", "team"])
    private static let healthyLabelWords = PhraseSet(["criteria", "if", "when", "target", "targets", "expected", "baseline", "slo", "slos"])
    private static let teamCheckWords = PhraseSet(["verification", "check", "readiness", "tasks"])

    static func roles(forTitle title: String) -> SectionRoles {
        let t = TitleText.normalized(title)
        var roles: SectionRoles = []

        if t.utf8Contains("rollback") || t.utf8Contains("roll-back") || t.utf8Contains("roll back") {
            if rollbackDecisionWords.anyOccurs(in: t) {
                roles.insert(.triggers)
            } else {
                roles.insert(.rollback)
                roles.insert(.procedure)
            }
        }
        if gateWords.anyOccurs(in: t) {
            roles.insert(.gate)
        }
        if triggerWords.anyOccurs(in: t)
            || (t.utf8Contains("alert") && !t.utf8Contains("alert channel")) {
            roles.insert(.triggers)
        }
        if isHealthyCriteria(t) {
            roles.insert(.healthy)
            roles.remove(.procedure)
        }
        if contentWords.anyOccurs(in: t) {
            roles.insert(.content)
        }
        // "Common Issues", "Performance Issues": what may go wrong, read for reference.
        if t.hasSuffix(" issues") || t == "issues", !StepShapes.readsAsAction(title) {
            roles.insert(.content)
        }
        if procedureWords.anyOccurs(in: t) {
            roles.insert(.procedure)
        }
        if contactWords.anyOccurs(in: t) || t == "contents" || t == "toc" {
            roles.insert(.contacts)
        }
        if metricsWords.anyOccurs(in: t) {
            roles.insert(.metrics)
        }
        return roles
    }

    /// "Success Criteria", "GO criteria", "Exit Criteria", "Acceptance Criteria", "Targets",
    /// "SLOs", "Definition of Done": lists of what healthy looks like.
    static func isHealthyCriteria(_ normalizedTitle: String) -> Bool {
        let t = normalizedTitle
        if firingCriteriaWords.anyOccurs(in: t) && !t.utf8Contains("go/no-go") { return false }
        return healthyCriteriaWords.anyOccurs(in: t)
            || t == "success" || t == "targets" || t.hasSuffix(" targets")
    }

    /// "Key Metrics to Track", "Metrics to watch", "Signals to watch": a list of what to look
    /// at, never steps (even as task items).
    static func isMetricsList(_ title: String) -> Bool {
        let t = TitleText.normalized(title)
        return metricsListWords.anyOccurs(in: t)
    }

    /// Lead-in labels that introduce a list something else consumes (never steps).
    static func consumingLabel(_ label: String) -> SectionRoles {
        let t = TitleText.normalized(label)
        // "If you do not have GPG, follow these steps:" leads steps, not criteria.
        if stepLeadWords.anyOccurs(in: t) { return [] }
        // Whole words: "Environment Verification" holds no "if".
        if isHealthyCriteria(t) || CriterionPolarity.ofTitle(t) == .healthy && healthyLabelWords.anyStandsAsWords(in: t) {
            return .healthy
        }
        if gateLabelWords.anyOccurs(in: t) || GateShapes.isSignOffLabel(t) {
            return .gate
        }
        if triggerLabelWords.anyOccurs(in: t)
            || (t.utf8Contains("criteria") && firingCriteriaLabelWords.anyOccurs(in: t)) {
            return .triggers
        }
        if metricsLabelWords.anyOccurs(in: t)
            || t.hasSuffix(" focus") {
            return .metrics
        }
        // "Team Verification:" checks the team; it does not list it.
        if contactLabelWords.anyOccurs(in: t),
           !teamCheckWords.anyOccurs(in: t) {
            return .contacts
        }
        return []
    }
}
