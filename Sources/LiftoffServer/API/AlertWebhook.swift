import Foundation
import LiftoffKit

/// Reads the body of an Alertmanager webhook (version 4) or a Grafana webhook contact point
/// (the same shape with more fields) into alerts (docs/alerts.md). Fields Liftoff does not use
/// (`groupKey`, `truncatedAlerts`, Grafana's `values`, `orgId`…) are allowed and ignored; a field
/// it uses that has the wrong shape is a 400 naming it.
enum AlertWebhook {
    static func alerts(from body: String) throws -> [ReceivedAlert] {
        guard let value = JSONValue.parse(body) else { throw APIError.badRequest("the body is not valid JSON") }
        guard case .object(let top) = value else {
            throw APIError.badRequest("the body must be an Alertmanager webhook: a JSON object with 'alerts'")
        }
        if let version = top["version"] {
            guard version.stringValue == "4" || version.stringValue == "1" else {
                throw APIError.badRequest("field 'version' must be \"4\" (Alertmanager webhook version 4) or \"1\" (Grafana), not \(CanonicalJSON.string(version))")
            }
        }
        guard let list = top["alerts"] else { throw APIError.badRequest("missing field 'alerts' (the list of alerts)") }
        guard case .array(let items) = list else { throw APIError.badRequest("field 'alerts' must be an array") }
        return try items.enumerated().map { index, item in try alert(item, at: "alerts[\(index)]") }
    }

    static func alert(_ value: JSONValue, at path: String) throws -> ReceivedAlert {
        guard case .object(let fields) = value else { throw APIError.badRequest("field '\(path)' must be an object") }
        guard let rawStatus = fields["status"] else { throw APIError.badRequest("missing field '\(path).status' (firing or resolved)") }
        guard let text = rawStatus.stringValue, let status = ReceivedAlert.Status(rawValue: text) else {
            throw APIError.badRequest("field '\(path).status' must be \"firing\" or \"resolved\", not \(CanonicalJSON.string(rawStatus))")
        }
        guard let labelsValue = fields["labels"] else { throw APIError.badRequest("missing field '\(path).labels'") }
        let labels = try strings(labelsValue, at: "\(path).labels")
        guard !labels.isEmpty else { throw APIError.badRequest("field '\(path).labels' is empty: an alert is named by its labels") }
        let annotations = try fields["annotations"].map { try strings($0, at: "\(path).annotations") } ?? [:]
        return ReceivedAlert(status: status, labels: labels, annotations: annotations,
                             startsAt: try time(fields["startsAt"], at: "\(path).startsAt"), endsAt: try time(fields["endsAt"], at: "\(path).endsAt"),
                             generatorURL: try string(fields["generatorURL"], at: "\(path).generatorURL"),
                             fingerprint: try string(fields["fingerprint"], at: "\(path).fingerprint"))
    }

    static func strings(_ value: JSONValue, at path: String) throws -> [String: String] {
        guard case .object(let fields) = value else { throw APIError.badRequest("field '\(path)' must be an object of strings") }
        var out: [String: String] = [:]
        for (key, field) in fields {
            guard let text = field.stringValue else { throw APIError.badRequest("field '\(path).\(key)' must be a string") }
            out[key] = text
        }
        return out
    }

    static func string(_ value: JSONValue?, at path: String) throws -> String? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue else { throw APIError.badRequest("field '\(path)' must be a string") }
        return text
    }

    /// RFC 3339 as Alertmanager writes it; `0001-01-01T00:00:00Z` (Go's zero time) means unset.
    static func time(_ value: JSONValue?, at path: String) throws -> String? {
        guard let text = try string(value, at: path), !text.isEmpty else { return nil }
        guard text.count >= 20, text.dropFirst(4).first == "-", text.dropFirst(10).first.map({ "Tt ".contains($0) }) == true else {
            throw APIError.badRequest("field '\(path)' must be an RFC 3339 time such as 2026-12-03T14:00:00Z, not '\(text)'")
        }
        return text.hasPrefix("0001-01-01") ? nil : text
    }
}
