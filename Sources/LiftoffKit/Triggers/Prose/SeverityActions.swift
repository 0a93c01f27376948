/// What a runbook says each severity leads to, in its own words: "automated rollback on critical
/// failures", "page on critical, alert on warning". A `critical:` / `warning:` group of
/// thresholds takes that action over the default (docs/runbook-format.md, "Criteria in code fences").
enum SeverityActions {
    private static let verbs: [(String, TriggerAction)] = [
        ("rollback", .rollback), ("roll back", .rollback), ("roll-back", .rollback), ("revert", .rollback),
        ("halt", .halt), ("pause", .halt), ("page", .page), ("alert", .alert),
    ]
    private static let levels: [(String, ThresholdMap.Severity)] = [
        ("critical", .critical), ("crit", .critical), ("warning", .warning), ("warn", .warning),
    ]

    static func read(_ lines: [Substring]) -> [ThresholdMap.Severity: TriggerAction] {
        var found: [ThresholdMap.Severity: TriggerAction] = [:]
        for line in lines {
            let lower = line.lowercased()
            guard lower.utf8Contains(" on ") else { continue }
            for (verb, action) in verbs {
                for (level, severity) in levels where found[severity] == nil && lower.containsPhrase("\(verb) on \(level)") {
                    found[severity] = action
                }
            }
        }
        return found
    }
}
