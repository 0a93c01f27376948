import Foundation
import LiftoffKit

/// The launch clock in `liftoff launch status` and the API's launch JSON: a hold, the forecast
/// against the window, what is in progress, what is ready now and what waits, for what.
extension LaunchStatusReport {
    func clockText(all: Bool) -> String {
        var out = ""
        if let hold = state.hold {
            out += "ON HOLD since \(when(hold.at)) by \(hold.by): \(hold.reason)\n"
        }
        let forecast = self.forecast
        let words = ForecastText(forecast, timeZone: state.timeZone)
        if let summary = words.summary { out += "forecast: \(summary)\n" }
        let limit = all ? Int.max : 10
        let started = state.inProgress
        if !started.isEmpty {
            out += "in progress (\(started.count)):\n"
            for step in started.prefix(limit) {
                let since = state.progress(of: step.id).startedAt.map { ", started \(when($0))" } ?? ""
                let end = forecast.item(.step(step.id)).map { ", expected done \(words.time($0.end))" } ?? ""
                out += "  ▶ \(step.text)\(step.owner.map { " — \($0)" } ?? "")\(since)\(end)\n"
            }
        }
        let ready = state.readyNow(now: now)
        if !ready.isEmpty {
            out += "ready now (\(ready.count)):\n"
            for step in ready.prefix(limit) { out += "  • \(step.text)\(step.owner.map { " — \($0)" } ?? "")\n" }
            if ready.count > limit { out += "  … \(ready.count - limit) more (--all)\n" }
        }
        // Steps whose time has come (or that have none) and that wait for other work: those held
        // only by their time are listed under "next".
        let blocked = waitingOnWork
        if !blocked.isEmpty {
            out += "waiting (\(blocked.count)):\n"
            for (step, reasons) in blocked.prefix(limit) {
                let what = reasons.map { $0.text(now: now, timeZone: state.timeZone) }.joined(separator: ", ")
                out += "  … \(step.text) — waits for \(what)\n"
            }
            if blocked.count > limit { out += "  … \(blocked.count - limit) more (--all)\n" }
        }
        if all || forecast.isOver {
            let phases = forecast.phases.filter { !$0.finished }
            if !phases.isEmpty { out += "phases:\n" }
            for phase in phases { out += "  \(phase.title): \(words.phase(phase))\n" }
        }
        return out
    }

    var waitingOnWork: [(Step, [WaitReason])] {
        state.runbook.steps.compactMap { step in
            guard !step.rollback, case .waiting(let reasons) = state.readiness(of: step, now: now),
                  !reasons.contains(where: { if case .window = $0 { true } else { false } }) else { return nil }
            return (step, reasons)
        }
    }

    func clockJSON() -> [String: JSONValue] {
        let forecast = self.forecast
        let words = ForecastText(forecast, timeZone: state.timeZone)
        func stamp(_ date: Date?) -> JSONValue { date.map { .string(CanonicalTime.string($0)) } ?? .null }
        func node(_ n: ClockNode) -> JSONValue {
            let kind: String = if case .gate = n { "gate" } else { "step" }
            return .object(["kind": .string(kind), "id": .string(n.id), "title": forecast.item(n).map { .string($0.title) } ?? .null])
        }
        func reason(_ r: WaitReason) -> JSONValue {
            switch r {
            case .step(let id, let text, let s): .object(["kind": .string("step"), "id": .string(id), "title": .string(text), "state": .string(s.rawValue)])
            case .gate(let id, let title): .object(["kind": .string("gate"), "id": .string(id), "title": .string(title)])
            case .window(let opens): .object(["kind": .string("window"), "opens": .string(CanonicalTime.string(opens))])
            case .cycle: .object(["kind": .string("cycle")])
            }
        }
        var fields: [String: JSONValue] = [:]
        fields["hold"] = state.hold.map { .object(["reason": .string($0.reason), "by": .string($0.by), "at": .string(CanonicalTime.string($0.at))]) } ?? .null
        fields["forecast"] = .object([
            "end": stamp(forecast.end), "windowEnd": stamp(forecast.windowEnd),
            "marginSeconds": forecast.margin.map { .int(Int64($0.rounded())) } ?? .null,
            "over": .bool(forecast.isOver), "text": words.summary.map(JSONValue.string) ?? .null,
            "criticalPath": .array(forecast.criticalPath.map(node)),
            "phases": .array(forecast.phases.map { phase in
                .object(["id": .string(state.runbook.sections[phase.section].id), "title": .string(phase.title),
                         "end": stamp(phase.end), "windowEnd": stamp(phase.windowEnd), "finished": .bool(phase.finished),
                         "text": .string(words.phase(phase))])
            }),
            "items": .array(forecast.items.filter { !$0.finished }.map { item in
                .object(["node": node(item.node), "start": stamp(item.start), "end": stamp(item.end),
                         "estimateSeconds": .int(Int64(item.estimate.seconds.rounded())), "estimateSource": .string(item.estimate.source.rawValue),
                         "slackSeconds": .int(Int64(item.slack.rounded())), "critical": .bool(item.critical)])
            }),
        ])
        fields["readyNow"] = .array(state.readyNow(now: now).map { .object(["id": .string($0.id), "text": .string($0.text), "owner": $0.owner.map(JSONValue.string) ?? .null]) })
        fields["inProgress"] = .array(state.inProgress.map { step in
            .object(["id": .string(step.id), "text": .string(step.text), "startedAt": stamp(state.progress(of: step.id).startedAt)])
        })
        fields["waiting"] = .array(state.runbook.steps.compactMap { step in
            guard !step.rollback, case .waiting(let reasons) = state.readiness(of: step, now: now) else { return nil }
            return .object(["id": .string(step.id), "text": .string(step.text), "waitsFor": .array(reasons.map(reason))])
        })
        return fields
    }
}
