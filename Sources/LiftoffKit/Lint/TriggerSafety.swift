/// Findings that keep a launch from rolling back a healthy release (docs/runbook-format.md,
/// "Healthy-side statements"): a trigger the runbook's own baseline already satisfies, and a
/// threshold written relative to a baseline that Liftoff will not evaluate as a number.
enum TriggerSafety {
    static func findings(_ runbook: Runbook) -> [Diagnostic] {
        atBaseline(runbook) + relative(runbook)
    }

    /// "Rollback if p99 > 300ms" where the runbook says "baseline is ~350ms": it would fire at once.
    static func atBaseline(_ runbook: Runbook) -> [Diagnostic] {
        // Each signal's words once, and a trigger asks only the baselines that share a word
        // with it: one signal's words within the other's means at least one word in common.
        let baselines = runbook.healthy.filter { $0.kind == .baseline && $0.value != nil }.map { ($0, signalWords($0.signal)) }
        guard !baselines.isEmpty else { return [] }
        var byWord: [Substring: [Int]] = [:]
        for (index, baseline) in baselines.enumerated() {
            for word in baseline.1 { byWord[word, default: []].append(index) }
        }
        var out: [Diagnostic] = []
        // Which baseline matches depends only on the trigger's words and unit's dimension, and a
        // big runbook repeats its signals: each pair is looked up once (a common word such as
        // "latency" shares hundreds of baselines, so a search per trigger is quadratic).
        var matches: [MatchKey: Int?] = [:]
        for trigger in runbook.triggers {
            guard let threshold = trigger.value else { continue }
            let words = signalWords(trigger.signal)
            let key = MatchKey(words: words, dimension: dimension(trigger.unit))
            let found: Int?
            if let known = matches[key] {
                found = known
            } else {
                // The first baseline in runbook order that matches, as a scan of all of them finds.
                let candidates = Set(words.flatMap { byWord[$0] ?? [] }).sorted()
                found = candidates.first(where: { sameSignal(baselines[$0].1, words) && sameDimension(baselines[$0].0.unit, trigger.unit) })
                matches[key] = .some(found)
            }
            guard let match = found,
                  let normal = baselines[match].0.value, trigger.op.holds(normal, threshold) else { continue }
            let baseline = baselines[match].0
            let shown = baseline.text.count > 60 ? String(baseline.text.prefix(57)) + "…" : baseline.text
            out.append(Diagnostic(
                .error, "trigger-fires-at-baseline",
                "trigger '\(trigger.text.prefix(80))' fires at the runbook's own baseline for \(trigger.signal) (line \(baseline.position.line): \(shown))",
                hint: "raise the threshold above the baseline, or write the trigger out: <!-- liftoff: trigger \(trigger.signal): \(trigger.signal) \(trigger.op.rawValue) VALUE for 5m then \(trigger.action.rawValue) -->",
                at: trigger.position))
        }
        return out
    }

    static func relative(_ runbook: Runbook) -> [Diagnostic] {
        runbook.triggers.compactMap { trigger in
            guard let relative = trigger.relative else { return nil }
            return Diagnostic(
                .warning, "relative-trigger",
                "'\(trigger.text.prefix(80))' is relative to a baseline (\(relative)); Liftoff does not evaluate it as a number",
                hint: "write it out against a baseline query: <!-- liftoff: trigger \(trigger.signal): \"<query> / <baseline query>\" \(trigger.op.rawValue) 3 for 5m then \(trigger.action.rawValue) -->",
                at: trigger.position)
        }
    }

    /// "p99 latency" and "p99" are the same signal; "error rate" and "p99 latency" are not.
    private static func sameSignal(_ x: Set<Substring>, _ y: Set<Substring>) -> Bool {
        guard !x.isEmpty, !y.isEmpty else { return false }
        return x.isSubset(of: y) || y.isSubset(of: x)
    }

    private static func signalWords(_ signal: String) -> Set<Substring> {
        Set(signal.lowercased().split { !$0.quickIsLetter && !$0.quickIsNumber })
    }

    private struct MatchKey: Hashable {
        var words: Set<Substring>
        var dimension: String
    }

    /// A baseline in ms and a threshold in s compare; a percentage and a latency do not.
    private static func sameDimension(_ a: String?, _ b: String?) -> Bool {
        dimension(a) == dimension(b)
    }

    private static func dimension(_ unit: String?) -> String {
        switch unit {
        case "ms", "s", "min": "time"
        case "%": "ratio"
        default: "number"
        }
    }
}
