import Foundation
import LiftoffKit

extension LaunchReport {
    /// The report for programs (`liftoff report --format json`, `GET …/report?format=json`);
    /// the shape is documented in docs/json.md. Times are RFC 3339 UTC; `clock` fields repeat
    /// them relative to T-0. Absent values are `null`, never missing keys.
    public func json() -> JSONValue {
        var fields: [String: JSONValue] = [
            "launch": .int(launch), "name": .string(name), "mode": .string(mode.rawValue),
            "runbook": .object(["title": str(runbookTitle), "file": .string(runbookFile), "sha256": .string(runbookSHA256), "intact": .bool(runbookIntact)]),
            "t0": at(t0), "timeZone": .string(timeZone),
            "createdAt": at(createdAt), "createdBy": .string(createdBy),
            "outcome": .string(outcomeLabel),
            "ended": ending.map { .object(["outcome": .string($0.outcome.rawValue), "note": str($0.note), "by": .string($0.by), "at": at($0.at), "clock": clock($0.at)]) } ?? .null,
            "running": .bool(ending == nil),
            "generatedAt": at(generatedAt),
            "durationSeconds": .int(Int64(exactly: durationSeconds.rounded(.down)) ?? 0),
            "summary": summaryJSON(),
            "timeline": .array(timeline.map { e in
                .object(["seq": .int(Int64(e.seq)), "at": at(e.at), "clock": clock(e.at), "actor": .string(e.actor), "type": .string(e.type),
                         "summary": .string(e.summary), "tone": .string(e.tone.rawValue)])
            }),
            "sections": .array(sections.map { s in
                .object(["id": .string(s.id), "title": .string(s.title), "window": str(s.window), "rollback": .bool(s.rollback),
                         "steps": .array(s.steps.map(stepJSON))])
            }),
            "gates": .array(gates.map(gateJSON)),
            "checks": .array(checks.map { c in
                .object(["id": .string(c.id), "definition": str(c.definition), "result": str(c.result?.rawValue), "expected": str(c.expected),
                         "observed": str(c.observed), "at": opt(c.at), "runs": .int(Int64(c.runs)), "failures": .int(Int64(c.failures)),
                         "gate": str(c.gate), "step": str(c.step)])
            }),
            "triggers": .array(triggers.map { t in
                .object(["id": .string(t.id), "name": .string(t.name), "condition": str(t.condition), "action": str(t.action?.rawValue),
                         "state": .string(t.state.rawValue), "fired": .bool(t.fired),
                         "changes": .array(t.changes.map { c in
                             .object(["at": at(c.at), "clock": clock(c.at), "previous": str(c.previous?.rawValue), "state": .string(c.state.rawValue),
                                      "value": str(c.value), "series": str(c.series), "message": str(c.message)])
                         })])
            }),
            "rollbacks": .array(rollbacks.map { r in
                .object(["attempt": .int(Int64(r.attempt)), "requestedBy": .string(r.requestedBy), "requestedAt": at(r.requestedAt), "clock": clock(r.requestedAt),
                         "reason": .string(r.reason), "trigger": str(r.trigger), "value": str(r.value), "policy": .string(r.policy.rawValue),
                         "authority": .string(r.authority),
                         "confirmations": .array(r.confirmations.map { c in
                             .object(["by": .string(c.by), "role": str(c.role), "comment": str(c.comment), "at": at(c.at)])
                         })])
            }),
            "shifts": .array(shifts.map { s in
                .object(["step": .string(s.step), "text": .string(s.text), "planned": .array(s.planned.map { .int(Int64($0)) }),
                         "reached": s.reached.map { .int(Int64($0)) } ?? .null, "aborted": .bool(s.aborted), "completed": .bool(s.completed),
                         "stages": .array(s.stages.map { st in
                             .object(["weight": .int(Int64(st.weight)), "state": .string(st.state.rawValue), "at": at(st.at), "clock": clock(st.at), "reason": str(st.reason)])
                         })])
            }),
            "actions": .array(actions.map { a in
                .object(["seq": .int(Int64(a.seq)), "at": at(a.at), "clock": clock(a.at), "purpose": .string(a.purpose.rawValue), "step": str(a.step),
                         "stepText": str(a.stepText), "command": .string(a.command), "exitCode": a.exitCode.map { .int(Int64($0)) } ?? .null,
                         "durationMS": a.durationMS.map { .int(Int64($0)) } ?? .null, "error": str(a.error), "output": str(a.output),
                         "succeeded": .bool(a.succeeded)])
            }),
            "statuses": .array(statuses.map { s in
                .object(["seq": .int(Int64(s.seq)), "at": at(s.at), "clock": clock(s.at), "by": .string(s.by), "status": .string(s.level.rawValue),
                         "message": .string(s.message), "milestone": str(s.milestone),
                         "deliveries": .array(s.deliveries.map { d in
                             .object(["channel": .string(d.channel), "state": .string(d.state.rawValue), "attempts": .int(Int64(d.attempts)), "error": str(d.error)])
                         })])
            }),
            "criteria": .array(criteria.map { c in
                .object(["id": .string(c.id), "text": .string(c.text), "group": str(c.group), "owner": str(c.owner), "condition": str(c.condition),
                         "state": .string(c.status.rawValue), "since": opt(c.since), "verifiedAt": opt(c.verifiedAt), "value": str(c.value),
                         "confirmedBy": str(c.confirmedBy), "note": str(c.note), "breaches": .int(Int64(c.breaches)), "brokenAt": opt(c.brokenAt),
                         "brokenValue": str(c.brokenValue), "unboundSignal": str(c.unboundSignal)])
            }),
            "override": completionOverride.map { o in
                .object(["by": .string(o.by), "at": at(o.at), "reason": .string(o.reason), "unmet": .array(o.unmet.map { .string($0) })])
            } ?? .null,
            "retrospective": .array(retrospective.map { r in
                .object(["kind": .string(r.kind.rawValue), "text": .string(r.text), "owner": str(r.owner), "due": str(r.due), "by": .string(r.by), "at": at(r.at)])
            }),
            "defects": .array(defects.map(entryJSON)),
            "notes": .array(notes.map(entryJSON)),
            "participants": .array(participants.map { p in
                .object(["name": .string(p.name), "roles": .array(p.roles.map(JSONValue.string)), "admin": .bool(p.admin)])
            }),
        ]
        fields["comparison"] = comparison.map(comparisonJSON) ?? .null
        fields["integrity"] = .object([
            "events": .int(Int64(integrity.events)), "lastSeq": .int(Int64(integrity.lastSeq)), "lastHash": .string(integrity.lastHash),
            "anchor": .string(integrity.anchor.description),
            "verified": integrity.verified.map(JSONValue.bool) ?? .null,
            "brokenAt": integrity.brokenAt.map { .int(Int64($0)) } ?? .null, "reason": str(integrity.reason),
        ])
        return .object(fields)
    }

    private func at(_ d: Date) -> JSONValue { .string(CanonicalTime.string(d)) }
    private func opt(_ d: Date?) -> JSONValue { d.map(at) ?? .null }
    private func clock(_ d: Date) -> JSONValue { .string(time.relative(d)) }
    private func str(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    private func summaryJSON() -> JSONValue {
        let s = summary
        func n(_ i: Int) -> JSONValue { .int(Int64(i)) }
        return .object([
            "steps": .object(["done": n(s.stepsDone), "skipped": n(s.stepsSkipped), "failed": n(s.stepsFailed), "blocked": n(s.stepsBlocked),
                              "pending": n(s.stepsPending), "total": n(s.stepsTotal)]),
            "checks": .object(["pass": n(s.checksPass), "fail": n(s.checksFail), "error": n(s.checksError), "notRun": n(s.checksNotRun), "runs": n(s.checkRuns)]),
            "gates": .object(["total": n(s.gatesTotal), "go": n(s.gatesGo), "nogo": n(s.gatesNoGo), "open": n(s.gatesOpen), "overridden": n(s.gatesOverridden)]),
            "triggers": .object(["rules": n(s.triggerRules), "fired": .array(s.triggersFired.map(JSONValue.string))]),
            "rollbackRequested": .bool(s.rollbackRequested),
            "actions": .object(["run": n(s.actionsRun), "failed": n(s.actionsFailed)]),
            "defects": n(s.defects),
            "notifications": .object(["statusPosts": n(s.statusPosts), "delivered": n(s.notificationsDelivered), "failed": n(s.notificationsFailed),
                                      "pending": n(s.notificationsPending)]),
        ])
    }

    private func stepJSON(_ s: StepLine) -> JSONValue {
        .object(["id": .string(s.id), "text": .string(s.text), "depth": .int(Int64(s.depth)), "owner": str(s.owner), "state": .string(s.state.rawValue),
                 "by": str(s.by), "at": opt(s.at), "dueStart": opt(s.dueStart), "dueEnd": opt(s.dueEnd), "note": str(s.note),
                 "lateSeconds": s.lateSeconds.flatMap { Int64(exactly: $0.rounded(.down)) }.map(JSONValue.int) ?? .null])
    }

    private func gateJSON(_ g: GateLine) -> JSONValue {
        .object(["id": .string(g.id), "title": .string(g.title), "due": opt(g.due), "roles": .array(g.roles.map(JSONValue.string)),
                 "decision": .string(g.decision.rawValue), "decidedAt": opt(g.decidedAt), "reason": str(g.reason),
                 "override": g.override.map { .object(["by": .string($0.by), "at": at($0.at), "reason": .string($0.reason)]) } ?? .null,
                 "checks": .array(g.checks.map(JSONValue.string)),
                 "votes": .array(g.votes.map { v in
                     .object(["by": .string(v.by), "role": .string(v.role), "vote": .string(v.vote.rawValue), "comment": str(v.comment), "at": at(v.at)])
                 })])
    }

    private func entryJSON(_ e: Entry) -> JSONValue {
        .object(["seq": .int(Int64(e.seq)), "at": at(e.at), "by": .string(e.by), "text": .string(e.text), "severity": str(e.severity?.rawValue)])
    }
}
