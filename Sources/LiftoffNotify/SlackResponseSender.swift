import AsyncHTTPClient
import Foundation
import NIOCore

/// Posts an answer to a Slack interaction's `response_url` (docs/slack.md): one attempt with the
/// delivery client (redirects not followed), http(s) only. The URL comes from a request Slack
/// signed; it is still never logged, since it lets its holder post to the channel for a while.
public struct SlackResponseSender: Sendable {
    let delivery: HTTPDelivery

    public init(client: HTTPClient, timeout: TimeAmount = .seconds(10)) {
        delivery = HTTPDelivery(client: client, timeout: timeout)
    }

    /// nil when Slack took it; else why not, in words without the URL.
    public func post(_ url: URL, _ body: [UInt8]) async -> String? {
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http" else { return "response_url is not an http(s) URL" }
        let request = DeliveryRequest(url: url, headers: [("Content-Type", "application/json; charset=utf-8"), ("User-Agent", "liftoff/\(NotifyVersion.current)")], body: body)
        return await delivery.send(request, now: { Date() })?.reason
    }
}
