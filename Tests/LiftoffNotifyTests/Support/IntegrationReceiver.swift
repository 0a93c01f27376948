import Foundation
import Hummingbird
import LiftoffTestSupport
import HTTPTypes
import NIOCore

/// Stands in for PagerDuty's Events API v2 and GitHub's deployments API on 127.0.0.1: checks
/// every request against the published shape of that API (written from their public docs, not
/// from Liftoff's code), records it in order, and answers as the real one does. Requests that
/// break the shape are answered 400 and listed in `problems`.
actor IntegrationReceiver {
    struct Received: Sendable {
        var path: String
        var headers: [String: String]
        var body: [UInt8]
        var answered: Int

        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:] }
    }

    private(set) var received: [Received] = []
    private(set) var problems: [String] = []
    /// While true every request gets 503 (an outage), recorded but not checked.
    var down = false
    private var nextDeployment = 4100
    let routingKey: String
    let token: String

    init(routingKey: String = "R0UT1NGKEY0123456789abcdef012345", token: String = "ghp_testtoken0123456789") {
        self.routingKey = routingKey
        self.token = token
    }

    func setDown(_ value: Bool) { down = value }

    /// The next `count` deployment statuses are answered as GitHub answers a rate limit.
    private var rateLimits = 0
    func rateLimitStatuses(_ count: Int) { rateLimits = count }

    /// Requests answered 2xx, in order.
    var accepted: [Received] { received.filter { (200..<300).contains($0.answered) } }

    private func answer(path: String, headers: [String: String], body: [UInt8]) -> (Int, String) {
        if down {
            received.append(Received(path: path, headers: headers, body: body, answered: 503))
            return (503, "down for maintenance")
        }
        let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        var found: [String] = []
        var reply = (202, #"{"status":"success","message":"Event processed"}"#)
        if path.hasSuffix("/v2/enqueue") && !path.hasSuffix("/change/enqueue") {
            found = Self.checkAlertEvent(json, routingKey: routingKey)
            if let key = json?["dedup_key"] as? String { reply.1 = #"{"status":"success","message":"Event processed","dedup_key":"\#(key)"}"# }
        } else if path.hasSuffix("/v2/change/enqueue") {
            found = Self.checkChangeEvent(json, routingKey: routingKey)
            reply.1 = #"{"message":"Change event processed","status":"success"}"#
        } else if path.range(of: #"/repos/[^/]+/[^/]+/deployments$"#, options: .regularExpression) != nil {
            found = Self.checkGitHubHeaders(headers, token: token) + Self.checkDeployment(json)
            nextDeployment += 1
            reply = (201, #"{"id":\#(nextDeployment),"url":"http://example/\#(nextDeployment)","sha":"4f2a9c1e","task":"deploy"}"#)
        } else if rateLimits > 0, path.hasSuffix("/statuses") {
            rateLimits -= 1
            received.append(Received(path: path, headers: headers, body: body, answered: 403))
            return (403, #"{"message":"API rate limit exceeded"}"#)
        } else if path.range(of: #"/repos/[^/]+/[^/]+/deployments/[0-9]+/statuses$"#, options: .regularExpression) != nil {
            found = Self.checkGitHubHeaders(headers, token: token) + Self.checkDeploymentStatus(json)
            reply = (201, #"{"id":1,"state":"\#(json?["state"] as? String ?? "")"}"#)
        } else if path.hasSuffix("/hook") {
            reply = (200, "")
        } else {
            found = ["no such endpoint: \(path)"]
            reply = (404, #"{"message":"Not Found"}"#)
        }
        problems += found.map { "\(path): \($0)" }
        if !found.isEmpty, reply.0 != 404 { reply = (400, #"{"status":"invalid event","routing_key":"\#(json?["routing_key"] as? String ?? "")","errors":["\#(found.joined(separator: "; "))"]}"#) }
        received.append(Received(path: path, headers: headers, body: body, answered: reply.0))
        return reply
    }

    // MARK: PagerDuty Events API v2 (developer.pagerduty.com, "Send an Alert Event", "Send a Change Event")

    static func checkAlertEvent(_ json: [String: Any]?, routingKey: String) -> [String] {
        guard let json else { return ["not a JSON object"] }
        var found: [String] = []
        let known: Set<String> = ["routing_key", "event_action", "dedup_key", "payload", "images", "links", "client", "client_url"]
        found += Set(json.keys).subtracting(known).map { "unknown field \($0)" }
        if json["routing_key"] as? String != routingKey { found.append("routing_key is not the integration key") }
        guard let action = json["event_action"] as? String, ["trigger", "acknowledge", "resolve"].contains(action) else {
            return found + ["event_action must be trigger, acknowledge or resolve"]
        }
        if let key = json["dedup_key"] {
            guard let key = key as? String, !key.isEmpty, key.utf8.count <= 255 else { return found + ["dedup_key must be a string of at most 255 characters"] }
        } else if action != "trigger" {
            found.append("\(action) needs a dedup_key")
        }
        if action == "trigger" {
            guard let payload = json["payload"] as? [String: Any] else { return found + ["trigger needs a payload"] }
            found += Self.checkSummary(payload)
            if (payload["source"] as? String ?? "").isEmpty { found.append("payload.source is required") }
            if !["critical", "error", "warning", "info"].contains(payload["severity"] as? String ?? "") { found.append("payload.severity must be critical, error, warning or info") }
            for field in ["component", "group", "class"] where payload[field] != nil && !(payload[field] is String) { found.append("payload.\(field) must be a string") }
            if let details = payload["custom_details"], !(details is [String: Any]) { found.append("payload.custom_details must be an object") }
            let payloadKnown: Set<String> = ["summary", "source", "severity", "timestamp", "component", "group", "class", "custom_details"]
            found += Set(payload.keys).subtracting(payloadKnown).map { "unknown payload field \($0)" }
        }
        found += checkLinks(json["links"])
        return found
    }

    static func checkChangeEvent(_ json: [String: Any]?, routingKey: String) -> [String] {
        guard let json else { return ["not a JSON object"] }
        var found = Set(json.keys).subtracting(["routing_key", "payload", "links"]).map { "unknown field \($0)" }
        if json["routing_key"] as? String != routingKey { found.append("routing_key is not the integration key") }
        guard let payload = json["payload"] as? [String: Any] else { return found + ["a change event needs a payload"] }
        found += Self.checkSummary(payload)
        found += Set(payload.keys).subtracting(["summary", "source", "timestamp", "custom_details"]).map { "unknown payload field \($0)" }
        return found + checkLinks(json["links"])
    }

    private static func checkSummary(_ payload: [String: Any]) -> [String] {
        var found: [String] = []
        let summary = payload["summary"] as? String ?? ""
        if summary.isEmpty || summary.count > 1024 { found.append("payload.summary must be 1 to 1024 characters") }
        if let timestamp = payload["timestamp"] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if (timestamp as? String).flatMap(formatter.date(from:)) == nil { found.append("payload.timestamp must be ISO 8601") }
        }
        return found
    }

    private static func checkLinks(_ links: Any?) -> [String] {
        guard let links else { return [] }
        guard let array = links as? [[String: Any]] else { return ["links must be an array of objects"] }
        return array.compactMap { ($0["href"] as? String).flatMap(URL.init(string:)) == nil ? "a link needs an href" : nil }
    }

    // MARK: GitHub REST API (docs.github.com, "REST API endpoints for deployments" and "deployment statuses")

    static func checkGitHubHeaders(_ headers: [String: String], token: String) -> [String] {
        var found: [String] = []
        if headers["accept"] != "application/vnd.github+json" { found.append("Accept must be application/vnd.github+json") }
        if headers["x-github-api-version"] != "2022-11-28" { found.append("X-GitHub-Api-Version must be 2022-11-28") }
        if headers["authorization"] != "Bearer \(token)" { found.append("Authorization must be Bearer TOKEN") }
        if (headers["user-agent"] ?? "").isEmpty { found.append("a User-Agent is required") }
        return found
    }

    static func checkDeployment(_ json: [String: Any]?) -> [String] {
        guard let json else { return ["not a JSON object"] }
        var found = Set(json.keys).subtracting(["ref", "task", "auto_merge", "required_contexts", "payload", "environment", "description",
                                                "transient_environment", "production_environment"]).map { "unknown field \($0)" }
        if (json["ref"] as? String ?? "").isEmpty { found.append("ref is required") }
        if json["auto_merge"] as? Bool != false { found.append("auto_merge should be false") }
        if let contexts = json["required_contexts"], !(contexts is [String]) { found.append("required_contexts must be an array of strings") }
        for field in ["transient_environment", "production_environment"] where json[field] != nil && !(json[field] is Bool) { found.append("\(field) must be a boolean") }
        if (json["environment"] as? String ?? "").isEmpty { found.append("environment must be a name") }
        return found
    }

    static func checkDeploymentStatus(_ json: [String: Any]?) -> [String] {
        guard let json else { return ["not a JSON object"] }
        var found = Set(json.keys).subtracting(["state", "target_url", "log_url", "description", "environment", "environment_url", "auto_inactive"]).map { "unknown field \($0)" }
        if !["error", "failure", "inactive", "in_progress", "queued", "pending", "success"].contains(json["state"] as? String ?? "") { found.append("state is not one of GitHub's") }
        if let description = json["description"] as? String, description.count > 140 { found.append("description over 140 characters") }
        for field in ["log_url", "environment_url", "target_url"] where json[field] != nil && (json[field] as? String).flatMap(URL.init(string:))?.scheme == nil {
            found.append("\(field) must be a URL")
        }
        return found
    }

    // MARK: Serving

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("**") { request, _ -> Response in
            let body = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let (code, text) = await self.answer(path: request.uri.path, headers: headers, body: body)
            var fields: HTTPFields = [.contentType: "application/json"]
            if code == 403, let name = HTTPField.Name("X-RateLimit-Remaining") { fields[name] = "0" }
            return Response(status: .init(code: code), headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    /// Serves on 127.0.0.1 (a free port) while `body` runs.
    func serve<R: Sendable>(_ body: @Sendable (Int) async throws -> R) async throws -> R {
        try await TestHTTPServer.with(router(), body)
    }
}
