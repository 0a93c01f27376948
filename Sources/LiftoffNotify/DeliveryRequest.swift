import Foundation
import LiftoffKit

/// The HTTP request one channel gets for one status update: the same bytes and headers on every
/// attempt, so a retried or re-sent notification is recognisably the same one.
struct DeliveryRequest: Sendable {
    var url: URL
    var headers: [(String, String)]
    var body: [UInt8]

    static let idempotencyHeader = "X-Liftoff-Idempotency-Key"
    static let eventHeader = "X-Liftoff-Event"

    init(url: URL, headers: [(String, String)], body: [UInt8]) {
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The headers every Liftoff notification carries, whatever the receiver.
    static func commonHeaders(idempotencyKey: String) -> [(String, String)] {
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("User-Agent", "liftoff/\(NotifyVersion.current)"),
            (eventHeader, EventType.statusPosted.rawValue),
            (idempotencyHeader, idempotencyKey),
        ]
    }

    /// The request of a Slack or webhook channel (PagerDuty and GitHub: `PagerDutyDelivery`, `GitHubDelivery`).
    init(endpoint: ChannelEndpoint, message: StatusMessage, idempotencyKey: String) {
        url = endpoint.url
        headers = [
            ("Content-Type", "application/json; charset=utf-8"),
            ("User-Agent", "liftoff/\(NotifyVersion.current)"),
            (Self.eventHeader, EventType.statusPosted.rawValue),
            // Slack ignores it; a receiver standing in for Slack can use it all the same.
            (Self.idempotencyHeader, idempotencyKey),
        ]
        switch endpoint.kind {
        case .slack:
            body = CanonicalJSON.bytes(message.slackPayload)
        case .pagerduty, .github:
            // Never built here: the dispatcher sends these channels through their own deliveries.
            body = CanonicalJSON.bytes(message.webhookPayload)
        case .webhook:
            switch endpoint.format {
            case .liftoff:
                body = CanonicalJSON.bytes(message.webhookPayload)
            case .cloudevents:
                body = CanonicalJSON.bytes(message.cloudEvent(id: idempotencyKey))
                headers[0] = ("Content-Type", "application/cloudevents+json; charset=utf-8")
            }
            if let secret = endpoint.secret {
                headers.append((WebhookSignature.header, WebhookSignature.value(secret: secret, body: body)))
            }
        }
    }
}
