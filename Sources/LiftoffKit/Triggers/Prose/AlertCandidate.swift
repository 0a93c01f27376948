import LiftoffMarkdown

/// A sentence of a rollback or trigger list that names alerts rather than a metric — "Any SEV1
/// or SEV2 alert fires." A launch binds it to Alertmanager label matchers in the vars file
/// (`signals: { sev1 or sev2 alert: 'alert severity=~"sev1|sev2"' }`, docs/alerts.md); unbound,
/// `lint` reports it like any unbound trigger.
public struct AlertCandidate: Hashable, Sendable {
    public var position: SourcePosition
    public var text: String
    /// What the sentence calls the alerts, lower-cased: `sev1 or sev2 alert`; the binding's key.
    public var name: String
    public var action: TriggerAction
    public var activeForSeconds: Int?
    public var section: Int

    public init(position: SourcePosition, text: String, name: String, action: TriggerAction, activeForSeconds: Int?, section: Int) {
        self.position = position
        self.text = text
        self.name = name
        self.action = action
        self.activeForSeconds = activeForSeconds
        self.section = section
    }

    /// `Any SEV1 or SEV2 alert fires` → `sev1 or sev2 alert`; `A PagerDuty alert is firing` →
    /// `pagerduty alert`. Only sentences that say an alert fires: never guessed from the word alone.
    public static func name(in sentence: String) -> String? {
        let words = sentence.lowercased().split(whereSeparator: { $0.quickIsWhitespace }).map { $0.trimmingCharacters(in: .punctuationCharacters) }
        guard let alertIndex = words.firstIndex(where: { $0 == "alert" || $0 == "alerts" }) else { return nil }
        let after = words[(alertIndex + 1)...].prefix(2).joined(separator: " ")
        guard ["fires", "fire", "is firing", "are firing", "goes off", "go off", "triggers"].contains(where: { after == $0 || after.hasPrefix($0 + " ") }) else {
            return nil
        }
        var before = Array(words[..<alertIndex])
        for lead in ["if", "when", "any", "an", "a", "the"] where before.first == lead { before.removeFirst() }
        if ["any", "an", "a"].contains(before.first ?? "") { before.removeFirst() }
        guard before.count <= 6, before.allSatisfy({ !$0.isEmpty }) else { return nil }
        return (before + ["alert"]).joined(separator: " ")
    }
}

extension RunbookBuilder {
    mutating func addAlertCandidate(_ candidate: AlertCandidate) {
        guard !runbook.alertCandidates.contains(where: { $0.position == candidate.position && $0.name == candidate.name }) else { return }
        runbook.alertCandidates.append(candidate)
    }
}
