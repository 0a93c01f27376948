import Foundation
import LiftoffKit

/// A status update to a `pagerduty` channel: the Events API v2 requests its cause calls for
/// (docs/notifications.md, "PagerDuty"), sent in order; the first that fails ends the attempt and
/// the retry sends them all again (resolves and a repeated trigger with the same dedup_key are
/// idempotent in PagerDuty; the change event goes last).
struct PagerDutyDelivery: Sendable {
    var http: HTTPDelivery

    /// The requests, with the routing key put in at the last moment.
    static func requests(endpoint: ChannelEndpoint, message: StatusMessage, launchKey: String, earlier: [StatusCause], idempotencyKey: String) -> [DeliveryRequest] {
        let routingKey = String(decoding: endpoint.secret ?? [], as: UTF8.self)
        let base = baseURL(endpoint.url)
        return message.pagerDutyEvents(launchKey: launchKey, earlier: earlier).compactMap { event in
            guard let url = URL(string: base + event.endpoint.rawValue) else { return nil }
            var body = event.body
            body["routing_key"] = .string(routingKey)
            return DeliveryRequest(url: url, headers: DeliveryRequest.commonHeaders(idempotencyKey: idempotencyKey), body: CanonicalJSON.bytes(.object(body)))
        }
    }

    /// `https://events.pagerduty.com`, also when written as its enqueue URL.
    static func baseURL(_ url: URL) -> String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        for suffix in ["/v2/change/enqueue", "/v2/enqueue"] where text.hasSuffix(suffix) {
            text.removeLast(suffix.count)
            break
        }
        return text
    }

    func deliver(_ requests: [DeliveryRequest], now: @escaping @Sendable () -> Date) async -> DeliveryOutcome {
        if requests.isEmpty { return .nothingToSend }
        for request in requests {
            if let failure = await http.send(request, now: now) { return .failed(failure) }
        }
        return .delivered
    }
}
