import Crypto
import Foundation

/// One request to PagerDuty's Events API v2: an alert event (trigger or resolve an incident) or a
/// change event. The body leaves out `routing_key`: the secret is added at delivery.
public struct PagerDutyEvent: Hashable, Sendable {
    public enum Endpoint: String, Hashable, Sendable {
        case alert = "/v2/enqueue"
        case change = "/v2/change/enqueue"
    }

    public var endpoint: Endpoint
    public var body: [String: JSONValue]
}

/// Which causes open a PagerDuty incident and which resolve it (docs/notifications.md,
/// "PagerDuty"). Pure: what is open before an update is folded from the launch's earlier updates,
/// so a retry an hour later sends the same events.
public enum PagerDutyIncidents {
    /// The incident a cause opens, as the last part of its dedup key, and its severity.
    static func opened(by cause: StatusCause) -> (incident: String, severity: String)? {
        switch cause.kind {
        case .rollbackRequested:
            // A rollback trigger firing is announced by the rollback it requests.
            return cause.trigger.map { ("trigger/\($0)", "critical") }
        case .triggerFiring where cause.action == TriggerAction.rollback.rawValue || cause.action == TriggerAction.page.rawValue:
            // A trigger whose action is to page someone pages, at a lower severity than a rollback.
            return cause.trigger.map { ("trigger/\($0)", cause.action == TriggerAction.rollback.rawValue ? "critical" : "error") }
        case .rollbackEscalated: return ("rollback-unconfirmed", "critical")
        case .held: return ("hold", "warning")
        default: return nil
        }
    }

    /// The incidents a cause resolves, of those open.
    static func resolved(by cause: StatusCause, open: [String]) -> [String] {
        switch cause.kind {
        case .triggerResolved: return open.filter { $0 == cause.trigger.map { "trigger/\($0)" } }
        case .resumed: return open.filter { $0 == "hold" }
        case .rollbackConfirmed: return open.filter { $0 == "rollback-unconfirmed" }
        case .launchEnded: return open
        default: return []
        }
    }

    /// The incidents open after `causes`, oldest first.
    public static func open(after causes: [StatusCause]) -> [String] {
        var open: [String] = []
        for cause in causes {
            let closed = Set(resolved(by: cause, open: open))
            open.removeAll { closed.contains($0) }
            if let opened = opened(by: cause), !open.contains(opened.incident) { open.append(opened.incident) }
        }
        return open
    }

    /// `liftoff/<launch key>/<incident>`, at most 255 characters (the Events API's limit); a
    /// longer one keeps its start and ends with a hash of the whole, so it stays unique and stable.
    public static func dedupKey(launchKey: String, incident: String) -> String {
        let key = "liftoff/\(launchKey)/\(incident)"
        guard key.utf8.count > 255 else { return key }
        let digest = SHA256.hash(data: Array(key.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        var head = Substring(key)
        while head.utf8.count > 255 - 17 { head = head.dropLast() }
        return "\(head)-\(digest)"
    }
}

extension StatusMessage {
    /// The events this update sends to a `pagerduty` channel, in order: resolves first, then a
    /// new incident, then a change event when the launch started or ended. Empty when the cause
    /// is not one PagerDuty hears about (a person's post, a cadence update).
    /// - Parameters:
    ///   - launchKey: `DeliveryKey.launchKey`, so two databases' launch 1 never share an incident.
    ///   - earlier: the causes of the updates this channel got before this one, oldest first.
    public func pagerDutyEvents(launchKey: String, earlier: [StatusCause]) -> [PagerDutyEvent] {
        guard let cause, notice == nil else { return [] }
        let open = PagerDutyIncidents.open(after: earlier)
        var events: [PagerDutyEvent] = PagerDutyIncidents.resolved(by: cause, open: open).map { incident in
            PagerDutyEvent(endpoint: .alert, body: [
                "event_action": .string("resolve"),
                "dedup_key": .string(PagerDutyIncidents.dedupKey(launchKey: launchKey, incident: incident)),
            ])
        }
        if let opened = PagerDutyIncidents.opened(by: cause), !open.contains(opened.incident) {
            var body = linked([
                "event_action": .string("trigger"),
                "dedup_key": .string(PagerDutyIncidents.dedupKey(launchKey: launchKey, incident: opened.incident)),
                "payload": .object([
                    "summary": .string(Self.clip(headline, 1024)),
                    "source": .string(pagerDutySource),
                    "severity": .string(opened.severity),
                    "timestamp": .string(CanonicalTime.string(time)),
                    "component": .string(launchName),
                    "group": .string("liftoff"),
                    "class": .string(cause.kind.rawValue),
                    "custom_details": pagerDutyDetails,
                ]),
            ])
            body["client"] = .string("Liftoff")
            if let warRoomURL { body["client_url"] = .string(warRoomURL) }
            events.append(PagerDutyEvent(endpoint: .alert, body: body))
        }
        if cause.kind == .launchStarted || cause.kind == .launchEnded {
            events.append(PagerDutyEvent(endpoint: .change, body: linked([
                "payload": .object([
                    "summary": .string(Self.clip(headline, 1024)),
                    "source": .string(pagerDutySource),
                    "timestamp": .string(CanonicalTime.string(time)),
                    "custom_details": pagerDutyDetails,
                ]),
            ])))
        }
        return events
    }

    /// Where it happened, as PagerDuty shows it: the launch.
    var pagerDutySource: String { Self.clip("liftoff launch \(launchID): \(launchName)", 255) }

    /// What a responder reads first: the update's fields, not its Slack layout.
    var pagerDutyDetails: JSONValue {
        var details: [String: JSONValue] = [
            "launch": .string(launchName),
            "launchId": .int(launchID),
            "status": .string(status.rawValue),
            "message": .string(message),
            "progress": .string(progressLine),
            "metrics": .string(metricsLine),
            "anchor": .string(anchor.description),
        ]
        if let cause {
            details["cause"] = .string(cause.kind.rawValue)
            if let trigger = cause.trigger { details["trigger"] = .string(trigger) }
        }
        return .object(details)
    }

    private func linked(_ body: [String: JSONValue]) -> [String: JSONValue] {
        guard let warRoomURL else { return body }
        var body = body
        body["links"] = .array([.object(["href": .string(warRoomURL), "text": .string("War room: \(Self.clip(launchName, 100))")])])
        return body
    }
}
