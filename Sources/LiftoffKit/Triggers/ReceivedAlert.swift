import Foundation

/// One alert of an Alertmanager (or Grafana) webhook, as a trigger change records it: what the
/// alerting rule said, so the war room and the report show why a trigger fired.
public struct ReceivedAlert: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        case firing, resolved
    }

    public var status: Status
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: String?
    public var endsAt: String?
    public var generatorURL: String?
    /// Alertmanager's identity of the alert (a hash of its labels).
    public var fingerprint: String?

    public init(status: Status, labels: [String: String], annotations: [String: String] = [:], startsAt: String? = nil, endsAt: String? = nil,
                generatorURL: String? = nil, fingerprint: String? = nil) {
        self.status = status
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
        self.fingerprint = fingerprint
    }

    /// `alertname` when the rule set one, else the labels.
    public var title: String {
        labels["alertname"] ?? TriggerObservation.seriesKey(labels) ?? "alert"
    }

    /// What the rule says about it: its `summary`, else `description`, else `message` (Grafana).
    public var summary: String? {
        annotations["summary"] ?? annotations["description"] ?? annotations["message"]
    }
}
