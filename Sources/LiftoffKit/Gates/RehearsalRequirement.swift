import Foundation

/// A gate that may not pass until the rollback was rehearsed: `<!-- liftoff: requires rehearsal
/// of rollback within 14d -->` in the gate's section (or `requires: rehearsal of rollback within
/// 14d` in a `liftoff` block there). It is one more check of the gate, with its own id: the
/// watcher, which can read other launches, records it as `check.ran` (pass when a rehearsal of
/// the same runbook ran its rollback procedure to the end within that time), and the gate's
/// usual rules decide on it. See docs/runbook-format.md, "Gates".
public struct RehearsalRequirement: Hashable, Sendable {
    public var gate: String
    /// The check id the evidence is recorded under: `GATE/rehearsed-rollback`.
    public var check: String
    public var maxAge: TimeInterval
    public var text: String

    /// How often the watcher looks again (well inside the gates' freshness window).
    public static let recheck: TimeInterval = 5 * 60

    public var expectation: String { "a rehearsal of this runbook ran its rollback procedure to the end within \(RelativeTime.duration(maxAge))" }

    public static func of(_ runbook: Runbook) -> [RehearsalRequirement] {
        var out: [RehearsalRequirement] = []
        for gate in runbook.gates {
            for annotation in runbook.annotations where annotation.form != .frontMatter && within(annotation.section, gate.section, runbook) {
                guard let maxAge = parse(annotation.text) else { continue }
                let check = "\(gate.id)/rehearsed-rollback"
                if !out.contains(where: { $0.check == check }) {
                    out.append(RehearsalRequirement(gate: gate.id, check: check, maxAge: maxAge, text: annotation.text.trimmingCharactersInSpace()))
                }
            }
        }
        return out
    }

    /// `requires rehearsal of rollback within 14d` (also `requires: …`); the seconds it allows.
    static func parse(_ text: String) -> TimeInterval? {
        let lower = text.lowercased()
        guard let range = lower.range(of: "rehearsal of rollback within"), lower.contains("requires") else { return nil }
        let rest = lower[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let found = DurationParser.parsePrefix(Substring(rest)), found.seconds > 0 else { return nil }
        return TimeInterval(found.seconds)
    }

    static func within(_ section: Int, _ ancestor: Int, _ runbook: Runbook) -> Bool {
        var index: Int? = section
        while let i = index {
            if i == ancestor { return true }
            index = runbook.sections[safe: i]?.parent
        }
        return false
    }

    /// The evidence at `now` from `earlier` launches (any runbook; only rehearsals of this one count).
    public func evidence(for state: LaunchState, earlier: [LaunchState], now: Date) -> CheckRan {
        let rehearsed = earlier
            .filter { $0.launch != state.launch && $0.mode == .rehearsal && StepHistory.sameRunbook($0, state) }
            .compactMap { run in Self.rolledBack(run).map { (run, $0) } }
            .filter { now.timeIntervalSince($0.1) <= maxAge }
            .max { $0.1 < $1.1 }
        if let (run, at) = rehearsed {
            return CheckRan(check: check, gate: gate, step: nil, result: .pass, expected: expectation,
                            observed: "rehearsal #\(run.launch) '\(run.name)' completed its rollback \(RelativeTime.duration(now.timeIntervalSince(at))) ago")
        }
        return CheckRan(check: check, gate: gate, step: nil, result: .fail, expected: expectation,
                        observed: "no rehearsal of this runbook completed its rollback in the last \(RelativeTime.duration(maxAge))")
    }

    /// When a launch's rollback procedure ran to its end: it ended rolled back, or every rollback
    /// step was done; nil if it never did.
    public static func rolledBack(_ run: LaunchState) -> Date? {
        if let ended = run.ended, ended.outcome == .rolledBack, run.rollback != nil { return ended.at }
        let steps = run.runbook.steps.filter(\.rollback)
        guard !steps.isEmpty else { return nil }
        let times = steps.map { run.progress(of: $0.id) }.map { $0.state == .done ? $0.at : nil }
        guard times.allSatisfy({ $0 != nil }) else { return nil }
        return times.compactMap { $0 }.max()
    }

    /// Whether the watcher should look again at `now`: the gate is undecided and the evidence is
    /// missing or older than `recheck`.
    public func due(_ state: LaunchState, now: Date) -> Bool {
        guard state.ended == nil, let progress = state.gates[gate], progress.decision == .open, progress.override == nil else { return false }
        guard let last = progress.checks[check] else { return true }
        return now.timeIntervalSince(last.at) >= Self.recheck
    }
}
