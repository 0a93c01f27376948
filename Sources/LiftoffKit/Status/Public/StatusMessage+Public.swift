import Foundation

/// A published notice as its public channels receive it (docs/status-page.md): what customers
/// read on the status page and nothing else; no progress, metrics, milestone, poster or chain.
extension StatusMessage {
    func publicText(_ notice: PublicNotice) -> String {
        var lines = ["[\(notice.kind == .maintenance ? "Maintenance" : "Incident")] \(notice.title): \(notice.phase.label)", message]
        if !notice.components.isEmpty {
            lines.append("Components: " + notice.components.keys.sorted().map { "\($0) \(notice.components[$0]?.label.lowercased() ?? "")" }.joined(separator: ", "))
        }
        lines.append("Time: \(Schedule.iso8601(time, timeZone: timeZone))")
        return lines.joined(separator: "\n")
    }

    func publicSlack(_ notice: PublicNotice) -> JSONValue {
        .object(["text": .string(Self.clip(publicText(notice), 3000))])
    }

    func publicWebhook(_ notice: PublicNotice) -> JSONValue {
        .object([
            "event": .string("status.published"),
            "launch": .string(launchName),
            "seq": .int(Int64(seq)),
            "kind": .string(notice.kind.rawValue),
            "status": .string(notice.phase.rawValue),
            "title": .string(notice.title),
            "incident": notice.incident.map { .int(Int64($0)) } ?? .null,
            "impact": .string(notice.impact.rawValue),
            "components": .object(notice.components.mapValues { .string($0.rawValue) }),
            "message": .string(message),
            "time": .string(CanonicalTime.string(time)),
            "text": .string(publicText(notice)),
        ])
    }
}
