import Foundation
import LiftoffKit

/// The status of a launch at `now`, as text for people and JSON for programs. The CLI
/// (`liftoff launch status`) and the API (`GET /api/v1/launches/{id}`) print the same JSON.
public struct LaunchStatusReport {
    public var state: LaunchState
    public var now: Date
    /// Durations of earlier launches of the same runbook, for the forecast.
    public var history: StepHistory

    public init(state: LaunchState, now: Date, history: StepHistory = StepHistory()) {
        self.state = state
        self.now = now
        self.history = history
    }

    var forecast: LaunchForecast { LaunchForecast(state, history: history, now: now) }

    func when(_ date: Date) -> String { RelativeTime.describe(date, now: now, timeZone: state.timeZone) }

    public func text(all: Bool) -> String {
        var out = "launch \(state.launch) · \(state.name) · \(state.mode.rawValue) · T-0 \(when(state.t0))\n"
        if let ended = state.ended {
            out += "ended: \(ended.outcome.rawValue) by \(ended.by), \(when(ended.at))\n"
        }
        out += "phase: " + (state.currentPhase(now: now).map(\.title) ?? "before the first phase") + "\n"
        out += "lifecycle: \(LaunchLifecycle.of(state, now: now).rawValue)\n"
        let c = state.counts
        out += "progress: \(c.done + c.skipped)/\(c.total) done (\(c.skipped) skipped, \(c.failed) failed, \(c.blocked) blocked)\n"
        if state.ended == nil { out += clockText(all: all) }
        let overdue = state.overdue(now: now)
        if !overdue.isEmpty {
            out += "overdue (\(overdue.count)):\n"
            for item in overdue.prefix(all ? .max : 10) { out += "  ! \(line(item)) — was due \(when(item.end))\n" }
            if !all, overdue.count > 10 { out += "  … \(overdue.count - 10) more (--all)\n" }
        }
        let due = state.dueNow(now: now)
        if !due.isEmpty {
            out += "due now (\(due.count)):\n"
            for item in due.prefix(10) { out += "  • \(line(item)) — until \(when(item.end))\n" }
        }
        if !state.runbook.gates.isEmpty { out += "gates:\n" }
        for gate in state.runbook.gates {
            let progress = state.gates[gate.id] ?? GateProgress(gate: gate.id)
            let verdict = state.verdict(of: gate, now: now)
            let at = gate.window.map { " at \(Plan.offsetText($0.start)) (\(when(state.instant($0.start))))" } ?? ""
            var decision = progress.decision.label
            if progress.decision == .open { decision += " — " + verdict.reason }
            if let o = progress.override { decision += " — overridden by \(o.by): \(o.reason)" }
            out += "  \(gate.title) [\(gate.id)]\(at): \(decision)\n"
            for role in gate.roles {
                if let vote = progress.votes[RoleName.key(role)] {
                    out += "    \(role): \(vote.vote == .go ? "GO" : "NO-GO") by \(vote.by)\(vote.comment.map { " — \($0)" } ?? "")\n"
                } else {
                    out += "    \(role): waiting\n"
                }
            }
        }
        out += criteriaText()
        let next = state.upcoming(now: now)
        if !next.isEmpty {
            out += "next:\n"
            for item in next { out += "  • \(line(item)) — \(when(item.start))\n" }
        }
        if all {
            out += "steps:\n"
            for step in state.runbook.steps {
                let readiness = step.rollback ? state.progress(of: step.id).state.rawValue : state.readiness(of: step, now: now).label
                out += "  [\(readiness)] \(step.id)  \(step.text)\(step.owner.map { " — \($0)" } ?? "")\n"
            }
        }
        return out
    }

    func line(_ item: ScheduledItem) -> String {
        item.text + (item.owner.map { " — \($0)" } ?? "") + (item.state == .pending ? "" : " [\(item.state.rawValue)]")
    }

    public func json(all: Bool) -> JSONValue {
        func item(_ i: ScheduledItem) -> JSONValue {
            .object(["id": .string(i.id), "text": .string(i.text), "owner": i.owner.map(JSONValue.string) ?? .null,
                     "state": .string(i.state.rawValue), "start": .string(CanonicalTime.string(i.start)),
                     "end": .string(CanonicalTime.string(i.end)), "when": .string(when(i.start))])
        }
        let c = state.counts
        var fields: [String: JSONValue] = [
            "launch": .int(state.launch), "name": .string(state.name), "mode": .string(state.mode.rawValue),
            "t0": .string(CanonicalTime.string(state.t0)), "timeZone": .string(state.timeZone.identifier),
            "now": .string(CanonicalTime.string(now)), "seq": .int(Int64(state.seq)),
            "runbookSHA256": .string(state.created.runbookSHA256),
            "phase": state.currentPhase(now: now).map { .object(["id": .string($0.id), "title": .string($0.title)]) } ?? .null,
            "progress": .object(["done": .int(Int64(c.done)), "skipped": .int(Int64(c.skipped)), "failed": .int(Int64(c.failed)),
                                 "blocked": .int(Int64(c.blocked)), "total": .int(Int64(c.total))]),
            "overdue": .array(state.overdue(now: now).map(item)),
            "dueNow": .array(state.dueNow(now: now).map(item)),
            "next": .array(state.upcoming(now: now).map(item)),
            "ended": state.ended.map { .object(["outcome": .string($0.outcome.rawValue), "by": .string($0.by), "at": .string(CanonicalTime.string($0.at))]) } ?? .null,
        ]
        fields["gates"] = .array(state.runbook.gates.map { gate in
            let progress = state.gates[gate.id] ?? GateProgress(gate: gate.id)
            let votes: [JSONValue] = progress.votes.values.sorted { $0.role < $1.role }.map {
                .object(["role": .string($0.role), "vote": .string($0.vote.rawValue), "by": .string($0.by),
                         "at": .string(CanonicalTime.string($0.at)), "comment": $0.comment.map(JSONValue.string) ?? .null])
            }
            return .object([
                "id": .string(gate.id), "title": .string(gate.title), "roles": .array(gate.roles.map(JSONValue.string)),
                "decision": .string(progress.decision.rawValue), "reason": .string(state.verdict(of: gate, now: now).reason),
                "votes": .array(votes),
                "override": progress.override.map { .object(["by": .string($0.by), "reason": .string($0.reason)]) } ?? .null,
            ])
        })
        fields.merge(criteriaJSON()) { _, new in new }
        fields.merge(clockJSON()) { _, new in new }
        if all {
            fields["steps"] = .array(state.runbook.steps.map { step in
                let p = state.progress(of: step.id)
                return .object(["id": .string(step.id), "text": .string(step.text), "state": .string(p.state.rawValue),
                                "readiness": step.rollback ? .null : .string(state.readiness(of: step, now: now).key),
                                "by": p.by.map(JSONValue.string) ?? .null, "note": p.note.map(JSONValue.string) ?? .null])
            })
        }
        return .object(fields)
    }
}
