/// Which side of a threshold a heading, lead-in or sentence states: a condition to act on
/// (rollback, abort, halt, alert, page) or the healthy side (GO and success criteria, targets,
/// SLOs, expected values, baselines). A statement of health is never a trigger as written
/// (docs/runbook-format.md, "Healthy-side statements").
enum CriterionPolarity: Sendable {
    case firing
    case healthy

    /// Words of a heading or a lead-in label that introduce statements of health.
    private static let healthyTitleWords = PhraseSet([
        "success", "go criteria", "go/no-go criteria", "exit criteria", "acceptance", "target", "slo", "sla", "expected",
        "healthy", "health indicators", "baseline", "proceed", "continue if", "promote", "pass criteria", "definition of done",
        "launch complete", "completion criteria", "criteria for go", "advance", "go if", "go when", "green",
        "don't rollback", "don't roll back", "do not rollback", "do not roll back", "no rollback", "normal", "kpi",
        "verification", "verify", "validation", "validate",
    ])
    /// Words of a heading or a lead-in label that introduce conditions to act on.
    private static let firingTitleWords = PhraseSet([
        "rollback", "roll back", "roll-back", "revert", "abort", "halt", "kill switch", "kill-switch", "stop if", "stop the",
        "no-go", "nogo", "no go", "alert", "page", "escalat", "trigger", "red flag", "degradation", "failure criteria",
        "pause if", "pause the", "freeze if", "emergency",
    ])
    private static let negatedTitleWords = PhraseSet(["don't", "don t", "do not", "dont", "no rollback", "not roll"])

    /// The polarity a heading or label sets for what it introduces, or nil when it sets none.
    static func ofTitle(_ title: String) -> CriterionPolarity? {
        let t = TitleText.normalized(title)
        if negatedTitleWords.anyOccurs(in: t) { return .healthy }
        // "Go/No-Go criteria" lists the GO side unless it says what makes it a no-go.
        if t.utf8Contains("no-go criteria") || t.utf8Contains("nogo criteria") || t.utf8Contains("no go criteria") {
            return t.utf8Contains("go/no-go") || t.utf8Contains("go / no-go") ? .healthy : .firing
        }
        if firingTitleWords.anyOccurs(in: t) { return .firing }
        if healthyTitleWords.anyStandsAsWords(in: t) { return .healthy }
        return nil
    }

    private static let healthySentenceMarkers = PhraseSet([
        "✅", "✓", "✔", "☑", "🟢", "proceed", "continue", "promote", "target", "goal", "expected", "should be", "should stay",
        "should remain", "must be", "must stay", "must remain", "healthy", "ok if", "okay if", "success criteria", "pass if",
        "passes if", "within slo", "within sla", "acceptable", "don't roll",
        "do not roll", "don't rollback", "do not rollback", "no rollback", "go if", "go when", "good", "looks like",
    ])
    private static let firingSentenceMarkers = PhraseSet([
        "❌", "🚨", "🛑", "🔴", "rollback", "roll back", "revert", "undo", "abort", "halt", "pause", "stop", "paging",
        "alert", "escalate", "trigger", "no-go", "fail if", "fails if", "investigate", "kill", "freeze",
    ])

    static func withoutParentheses(_ text: String) -> String {
        // No `(` or `)` byte, no parenthesis Character: every Character is kept as it is.
        guard text.utf8.contains(where: { $0 == 0x28 || $0 == 0x29 }) else { return text }
        var out = ""
        var depth = 0
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) } else if depth == 0 { out.append(c) }
        }
        return out
    }

    /// "Don't roll back", "no rollback": the action is ruled out, not asked for.
    private static let negationPhrases = PhraseSet(["don't roll", "do not roll", "don't rollback", "do not rollback", "no rollback", "not roll back", "no need to roll"])

    static func isNegated(_ lowercased: String) -> Bool {
        negationPhrases.anyOccurs(in: lowercased)
    }

    /// The polarity a sentence states of itself, or nil when it only states a comparison.
    static func ofSentence(_ sentence: String) -> CriterionPolarity? {
        // An aside in parentheses ("(no rollback yet)") does not set what the sentence asks for.
        let t = withoutParentheses(sentence.lowercased())
        let healthy = healthySentenceMarkers.anyOccurs(in: t)
        let firing = firingSentenceMarkers.anyOccurs(in: t)
        if isNegated(t) { return .healthy }
        if healthy && !firing { return .healthy }
        if firing && !healthy { return .firing }
        return nil
    }
}

/// Which way a signal goes bad, when its name says so: error rates and latencies rise,
/// success rates and availability fall. A condition that points the other way is a statement
/// of health ("error rate < 1%"), never a trigger.
enum SignalDirection: Sendable {
    case higherIsWorse
    case lowerIsWorse

    private static let worseWhenLower = PhraseSet([
        "success", "availability", "uptime", "throughput", "rps", "qps", "apdex", "conversion", "hit rate", "hit ratio",
        "satisfaction", "nps", "csat", "health score", "pass rate", "passing", "coverage", "free", "headroom", "remaining",
    ])
    private static let worseWhenHigher = PhraseSet([
        "error", "errors", "5xx", "4xx", "500", "failure", "failures", "failed", "crash", "crashes", "latency", "p50", "p75",
        "p90", "p95", "p99", "p999", "response time", "cpu", "memory", "mem", "disk usage", "queue", "lag", "backlog",
        "timeout", "timeouts", "dropped", "drop rate", "loss", "saturation", "restarts", "oom", "exceptions", "rejections",
        "churn", "bounce", "complaints", "tickets", "incidents", "anr", "retries", "dlq", "dead letter", "load",
        "degradation", "regression", "spike", "increase", "burn rate", "usage", "utilization", "utilisation", "slow",
    ])

    static func of(_ signal: String) -> SignalDirection? {
        let s = signal.lowercased()
        if worseWhenLower.anyOccurs(in: s) { return .lowerIsWorse }
        if worseWhenHigher.anyOccurs(in: s) { return .higherIsWorse }
        return nil
    }

    /// Whether a firing condition with `op` points at the healthy side of this signal.
    func pointsAtHealth(_ op: ComparisonOperator) -> Bool {
        switch (self, op) {
        case (.higherIsWorse, .less), (.higherIsWorse, .lessOrEqual): true
        case (.lowerIsWorse, .greater), (.lowerIsWorse, .greaterOrEqual): true
        default: false
        }
    }
}

/// Signals that are not live measurements: how long a step takes, a timeline, an estimate.
enum NonMetricSignal {
    private static let words = PhraseSet([
        "duration", "eta", "timeline", "estimate", "estimated", "expected", "time to", "rollback time", "deploy time",
        "deployment time", "recovery time", "rto", "rpo", "mttr", "downtime window", "maintenance window", "time box",
        "timebox", "bundle size", "build time", "elapsed", "wait",
    ])

    /// A step of the launch itself is not a signal: "(< 1 min rollback)", "cutover < 15 minutes".
    private static let processes: Set<String> = ["rollback", "roll back", "cutover", "migration", "deploy", "deployment", "release",
                                                 "propagation", "dns propagation", "restore", "failover", "switchover", "fix"]

    static func contains(_ signal: String) -> Bool {
        let s = signal.lowercased()
        if processes.contains(s) { return true }
        return words.anyStandsAsWords(in: s)
    }
}

/// What a criterion asks for, from the words of its heading, lead-in or sentence.
enum CriterionAction {
    /// Severity names that imply paging, weaker than an action written out.
    private static let severityWords = PhraseSet(["sev1", "sev-1", "p0", "incident"])
    private static let pagingWords = PhraseSet(["page", "paging", "escalate", "escalation", "wake"])
    private static let rollbackWords = PhraseSet(["rollback", "roll back", "roll-back", "revert", "undo", "abort", "kill switch", "fall back", "fallback"])
    private static let haltWords = PhraseSet(["halt", "pause", "stop the rollout", "stop rollout", "freeze", "hold the rollout", "stop promotion", "stop the shift"])
    private static let pageWords = PhraseSet(["page", "paging", "escalate", "escalation", "wake", "sev1", "sev-1", "p0", "incident"])
    private static let alertWords = PhraseSet(["alert", "alerts", "warn", "warning", "notify", "investigate", "monitor"])

    static func of(_ text: String) -> TriggerAction? {
        let lower = text.lowercased()
        let outside = words(CriterionPolarity.withoutParentheses(lower))
        // "**P0 Triggers (Immediate Rollback):**": a severity outside, the action in the aside.
        if outside == .page, pagesOnlyBySeverity(CriterionPolarity.withoutParentheses(lower)),
           let aside = parenthesized(lower), !CriterionPolarity.isNegated(aside), let inner = words(aside), inner == .rollback || inner == .halt {
            return inner
        }
        return outside
    }

    private static func pagesOnlyBySeverity(_ t: String) -> Bool {
        severityWords.anyStandsAsWords(in: t) && !pagingWords.anyStandsAsWords(in: t)
    }

    /// The text inside parentheses, joined.
    private static func parenthesized(_ text: String) -> String? {
        var out = ""
        var depth = 0
        for c in text {
            if c == "(" { depth += 1; out.append(" ") } else if c == ")" { depth = max(0, depth - 1) } else if depth > 0 { out.append(c) }
        }
        let trimmed = out.trimmingCharactersInSpace()
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func words(_ t: String) -> TriggerAction? {
        if rollbackWords.anyOccurs(in: t) { return .rollback }
        if haltWords.anyOccurs(in: t) { return .halt }
        if pageWords.anyStandsAsWords(in: t) { return .page }
        if alertWords.anyStandsAsWords(in: t) { return .alert }
        return nil
    }
}

extension String {
    /// `phrase` as whole words of the text ("go" in "go criteria", not in "google"; "page" in
    /// "page on-call", not in "homepage").
    func containsPhrase(_ phrase: String) -> Bool {
        if let found = asciiContainsPhrase(phrase) { return found }
        guard mayContainCanonically(phrase) else { return false }
        var searchStart = startIndex
        while let range = range(of: phrase, range: searchStart..<endIndex) {
            let before = range.lowerBound == startIndex ? nil : self[index(before: range.lowerBound)]
            let after = range.upperBound == endIndex ? nil : self[range.upperBound]
            let boundaryBefore = before.map { !$0.quickIsLetter && !$0.quickIsNumber } ?? true
            let boundaryAfter = after.map { !$0.quickIsLetter && !$0.quickIsNumber } ?? true
            if boundaryBefore && boundaryAfter { return true }
            searchStart = range.upperBound
        }
        return false
    }

    /// The same search over bytes when both sides are ASCII, where Foundation's search and
    /// `Character`'s letter test agree with a byte compare; `nil` otherwise. Lint asks this of
    /// every criterion and heading, and Foundation's search dominated it.
    private func asciiContainsPhrase(_ phrase: String) -> Bool? {
        var text = self
        var needle = phrase
        return text.withUTF8 { t in
            needle.withUTF8 { p -> Bool? in
                guard !p.isEmpty, p.allSatisfy({ $0 < 0x80 }), t.allSatisfy({ $0 < 0x80 }) else { return nil }
                func isWordByte(_ b: UInt8) -> Bool {
                    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                }
                guard t.count >= p.count else { return false }
                let first = p[0]
                var i = 0
                while i <= t.count - p.count {
                    guard t[i] == first, (1..<p.count).allSatisfy({ t[i + $0] == p[$0] }) else {
                        i += 1
                        continue
                    }
                    let end = i + p.count
                    if (i == 0 || !isWordByte(t[i - 1])) && (end == t.count || !isWordByte(t[end])) { return true }
                    // As the general search does: look on after this occurrence, not inside it.
                    i = end
                }
                return false
            }
        }
    }
}
