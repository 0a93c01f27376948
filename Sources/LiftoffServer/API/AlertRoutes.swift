import Foundation
import HTTPTypes
import Hummingbird
import LiftoffKit
import LiftoffApplication
import LiftoffStore
import NIOCore

/// `POST /api/v1/alerts`: Alertmanager and Grafana alerts move the launches' alert triggers
/// (docs/alerts.md). Authenticated by a participant token (`Authorization: Bearer`), or by an
/// HMAC-SHA256 of the body with the server's `LIFTOFF_ALERT_SECRET`. Routed by label to every
/// launch the caller may see whose alert triggers match, or to one launch with `?launch=ID`.
enum AlertRoutes {
    static let path = "/api/v1/alerts"
    /// Liftoff's own header (`sha256=<hex>`, as its webhooks sign) and Grafana's (`<hex>`).
    static let signatureHeaders = ["X-Liftoff-Signature-256", "X-Grafana-Alerting-Signature"]
    /// Alertmanager sends every alert of a group in one body; 1 MiB holds thousands.
    static let bodyLimit = RequestBodyLimit.json

    static func receive(_ request: Request, _ context: ServerContext, _ services: ServerServices) async throws -> Response {
        var request = request
        let signature = signatureHeaders.lazy.compactMap { request.headers[HTTPField.Name($0)!] }.first
        guard context.identity != nil || signature != nil else { throw APIError.unauthenticatedAlerts }
        let buffer = try await RequestBodyLimit.collect(&request, limit: bodyLimit)
        let body = Array(buffer.readableBytesView)
        let user: StoredUser?
        if let identity = context.identity {
            user = identity.user
        } else {
            guard let secret = services.settings.alertSecret, let signature, verify(signature, secret: Array(secret.utf8), body: body) else {
                throw APIError(.unauthorized, "unauthenticated", "the alert signature does not match the body (HMAC-SHA256 with the server's LIFTOFF_ALERT_SECRET)")
            }
            user = nil
        }
        let alerts = try AlertWebhook.alerts(from: String(decoding: body, as: UTF8.self))

        let targets: [Int64]
        let routed: Bool
        if let raw = request.uri.queryParameters["launch"] {
            guard let id = Int64(raw), id > 0 else { throw APIError.badRequest("query parameter 'launch' must be a launch number, not '\(raw)'") }
            if user != nil { _ = try APIAccess.user(context, launch: id) }
            targets = [id]
            routed = false
        } else {
            let all: [LaunchSummary]
            do {
                all = try await services.store.launches()
            } catch {
                throw APIError.store(error)
            }
            // A launch whose last event ends it listens to nothing: not folded for every alert.
            targets = all.filter { summary in
                summary.lastType != EventType.launchEnded.rawValue && (user.map { LaunchAccess.maySee($0, summary.id) } ?? true)
            }.map(\.id)
            routed = true
        }

        let actor = user?.name ?? LiveRules.actor
        let now = services.clock()
        var rows: [JSONValue] = []
        for id in targets {
            let state = try await APIRoutes.state(id, services)
            if routed, !AlertIntake.listens(state) { continue }
            let events: [LaunchEvent]
            do {
                events = try await services.launches.record(on: id) { current in AlertIntake.drafts(current, alerts: alerts, now: now, actor: actor) }
            } catch {
                throw APIError.service(error)
            }
            services.metrics.appended(events.count)
            let triggers = Set(events.compactMap { try? $0.decode(TriggerChanged.self) }.map(\.trigger)).sorted()
            rows.append(.object([
                "launch": .int(id),
                "triggers": .array(triggers.map { .string($0) }),
                "events": .int(Int64(events.count)),
                "rollbackRequested": .bool(events.contains { $0.type == EventType.rollbackRequested.rawValue }),
            ]))
        }
        return JSONResponse.make(.ok, .object(["alerts": .int(Int64(alerts.count)), "launches": .array(rows)]))
    }

    /// `sha256=<hex>` or bare hex of HMAC-SHA256(secret, body), checked in constant time.
    static func verify(_ header: String, secret: [UInt8], body: [UInt8]) -> Bool {
        header.hasPrefix("sha256=") ? WebhookSignature.verify(header, secret: secret, body: body)
            : WebhookSignature.verify(hex: Substring(header), secret: secret, body: body)
    }
}

extension APIError {
    static let unauthenticatedAlerts = APIError(.unauthorized, "unauthenticated",
                                                "send a participant token (Authorization: Bearer TOKEN) or sign the body (X-Liftoff-Signature-256: sha256=HMAC)",
                                                headers: [.wwwAuthenticate: "Bearer realm=\"liftoff\""])
}
