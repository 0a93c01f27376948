import Crypto
import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffServer
import LiftoffStore
import LiftoffTestSupport
import Testing

/// `POST /api/v1/alerts` against a real server: who may send alerts, what a malformed body gets,
/// routing by label, and what alerts do to the launch (docs/alerts.md).
@Suite struct AlertReceiverTests {
    static let runbook = """
    # Acme API go-live

    **Rollback Authority:** Engineering Lead

    ## T-0: Deploy

    - [ ] Deploy the release

    <!-- liftoff: trigger SEV1: alert severity=~"critical|page" service="acme-api" then rollback -->

    ## Rollback Procedure

    1. Revert the deploy
    """

    /// A launch with an alert trigger whose T-0 has passed, in the test server's store.
    static func alertLaunch(_ server: TestServer, name: String = "acme-api") async throws -> Int64 {
        let launch = try NewLaunch(name: name, runbookFile: "runbook.md", runbookSource: runbook, at: "2026-01-01T09:00", timeZone: "UTC",
                                   mode: .live, variables: nil)
        return try await LaunchService(store: server.store).create(launch, by: "test").event.launch
    }

    static func webhook(_ status: String, severity: String = "critical", instance: String = "api-1") -> JSONValue {
        let alert: JSONValue = .object([
            "status": .string(status),
            "labels": .object(["alertname": "AcmeAPIDown", "severity": .string(severity), "service": "acme-api", "instance": .string(instance)]),
            "annotations": .object(["summary": "acme-api answers 5xx"]),
            "startsAt": "2026-12-03T14:00:00.000Z", "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example/graph?g0.expr=up", "fingerprint": "5a3e7c1d9b2f4a60",
        ])
        return .object(["version": "4", "groupKey": "{}:{alertname=\"AcmeAPIDown\"}", "status": .string(status), "receiver": "liftoff",
                        "groupLabels": .object([:]), "commonLabels": .object([:]), "commonAnnotations": .object([:]), "externalURL": "http://am",
                        "truncatedAlerts": 0, "alerts": .array([alert])])
    }

    /// How many events the alerts appended to the first launch of an answer.
    static func events(_ reply: TestServer.Reply) -> JSONValue? {
        guard case .array(let rows)? = reply.json?["launches"] else { return nil }
        return rows.first?["events"]
    }

    static func changes(_ server: TestServer, _ launch: Int64) async throws -> [TriggerChanged] {
        try await server.store.read(launch, from: 1).filter { $0.type == "trigger.changed" }.map { try $0.decode(TriggerChanged.self) }
    }

    @Test func aFiringAlertFiresTheTriggerAndRequestsTheRollbackOnceAndResolvedResolvesIt() async throws {
        try await TestServer.with { server in
            let launch = try await Self.alertLaunch(server)
            let fired = try await server.request(.POST, "/api/v1/alerts", token: server.tokens.admin, json: Self.webhook("firing"))
            #expect(fired.status == 200, "\(fired.body)")
            #expect(fired.json?["launches"] == .array([.object(["launch": .int(launch), "triggers": .array(["sev1"]), "events": 2, "rollbackRequested": true])]),
                    "routed by label to the one launch that listens: \(fired.body)")
            let state = try await LaunchService(store: server.store).state(launch)
            #expect(state.trigger("sev1").status == .firing)
            #expect(state.rollback?.request.trigger == "sev1")
            let change = try #require(try await Self.changes(server, launch).first)
            #expect(change.alert?.generatorURL == "http://prometheus.example/graph?g0.expr=up")
            #expect(change.alert?.annotations == ["summary": "acme-api answers 5xx"])
            #expect(change.alert?.fingerprint == "5a3e7c1d9b2f4a60")
            #expect(change.alert?.endsAt == nil, "Go's zero time is no end")

            let again = try await server.request(.POST, "/api/v1/alerts", token: server.tokens.admin, json: Self.webhook("firing"))
            #expect(Self.events(again) == .int(0), "a repeated notification changes nothing")

            let resolved = try await server.request(.POST, "/api/v1/alerts", token: server.tokens.admin, json: Self.webhook("resolved"))
            #expect(Self.events(resolved) == .int(1))
            #expect(try await LaunchService(store: server.store).state(launch).trigger("sev1").status == .ok)
            #expect(try await Self.changes(server, launch).map(\.state) == [.firing, .ok])
        }
    }

    @Test func anEndedLaunchListensToNoAlert() async throws {
        try await TestServer.with { server in
            let launch = try await Self.alertLaunch(server)
            _ = try await LaunchService(store: server.store).execute(.end(outcome: .aborted, note: nil), on: launch,
                                                                     by: LaunchActor(name: "ada", roles: [], admin: true))
            let routed = try await server.request(.POST, "/api/v1/alerts", token: server.tokens.admin, json: Self.webhook("firing"))
            #expect(routed.status == 200)
            #expect(routed.json?["launches"] == .array([]))
            let named = try await server.request(.POST, "/api/v1/alerts?launch=\(launch)", token: server.tokens.admin, json: Self.webhook("firing"))
            #expect(Self.events(named) == .int(0))
            #expect(try await Self.changes(server, launch).isEmpty)
        }
    }

    @Test func aLaunchScopedTokenReachesOnlyItsLaunch() async throws {
        try await TestServer.with { server in
            let launch = try await Self.alertLaunch(server)
            let elsewhere = try await server.request(.POST, "/api/v1/alerts?launch=\(launch)", token: server.tokens.scopedElsewhere, json: Self.webhook("firing"))
            #expect(elsewhere.status == 403)
            let routed = try await server.request(.POST, "/api/v1/alerts", token: server.tokens.scopedElsewhere, json: Self.webhook("firing"))
            #expect(routed.status == 200)
            #expect(routed.json?["launches"] == .array([]), "a launch the token cannot see is not routed to")
            #expect(try await Self.changes(server, launch).isEmpty)
            let named = try await server.request(.POST, "/api/v1/alerts?launch=\(launch)", token: server.tokens.lead, json: Self.webhook("firing", severity: "info"))
            #expect(Self.events(named) == .int(0), "severity info matches no trigger")
        }
    }

    @Test func unauthenticatedAndWronglySignedAlertsAreRefusedAndNothingIsRecorded() async throws {
        var settings = ServerSettings()
        settings.alertSecret = "alert-secret"
        try await TestServer.with(settings: settings) { server in
            let launch = try await Self.alertLaunch(server)
            let body = CanonicalJSON.string(Self.webhook("firing"))
            let anonymous = try await server.request(.POST, "/api/v1/alerts", body: body, headers: [("Content-Type", "application/json")])
            #expect(anonymous.status == 401)
            let unknown = try await server.request(.POST, "/api/v1/alerts", token: "not-a-token", body: body)
            #expect(unknown.status == 401)
            let wrongKey = Self.signature(secret: "another-secret", body: body)
            let forged = try await server.request(.POST, "/api/v1/alerts", body: body, headers: [("X-Liftoff-Signature-256", "sha256=" + wrongKey)])
            #expect(forged.status == 401)
            #expect(forged.errorMessage.contains("signature"), "\(forged.errorMessage)")
            let tampered = try await server.request(.POST, "/api/v1/alerts", body: body.replacingOccurrences(of: "critical", with: "page"),
                                                    headers: [("X-Liftoff-Signature-256", "sha256=" + Self.signature(secret: "alert-secret", body: body))])
            #expect(tampered.status == 401)
            #expect(try await Self.changes(server, launch).isEmpty)

            // Grafana's header carries the bare hex.
            let signed = try await server.request(.POST, "/api/v1/alerts", body: body,
                                                  headers: [("X-Grafana-Alerting-Signature", Self.signature(secret: "alert-secret", body: body))])
            #expect(signed.status == 200, "\(signed.body)")
            let events = try await server.store.read(launch, from: 1)
            #expect(events.first { $0.type == "trigger.changed" }?.actor == "system", "a signed alert is recorded as Liftoff's own")
            #expect(try await Self.changes(server, launch).map(\.state) == [.firing])
        }
        try await TestServer.with { server in
            let body = CanonicalJSON.string(Self.webhook("firing"))
            let unsigned = try await server.request(.POST, "/api/v1/alerts", body: body,
                                                    headers: [("X-Liftoff-Signature-256", "sha256=" + Self.signature(secret: "", body: body))])
            #expect(unsigned.status == 401, "without LIFTOFF_ALERT_SECRET no signature is accepted")
        }
    }

    static func signature(secret: String, body: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(body.utf8), using: SymmetricKey(data: Array(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    @Test(arguments: [
        (#"{"version":"4"}"#, "missing field 'alerts'"),
        (#"{"alerts":{}}"#, "field 'alerts' must be an array"),
        (#"{"version":"3","alerts":[]}"#, "field 'version'"),
        (#"{"alerts":[{"labels":{"a":"b"}}]}"#, "missing field 'alerts[0].status'"),
        (#"{"alerts":[{"status":"firing","labels":{"a":"b"}},{"status":"burning","labels":{"a":"b"}}]}"#, "field 'alerts[1].status' must be \"firing\" or \"resolved\""),
        (#"{"alerts":[{"status":"firing","labels":{"severity":1}}]}"#, "field 'alerts[0].labels.severity' must be a string"),
        (#"{"alerts":[{"status":"firing"}]}"#, "missing field 'alerts[0].labels'"),
        (#"{"alerts":[{"status":"firing","labels":{"a":"b"},"startsAt":"yesterday"}]}"#, "field 'alerts[0].startsAt' must be an RFC 3339 time"),
        (#"{"alerts":[{"status":"firing","labels":{"a":"b"},"generatorURL":7}]}"#, "field 'alerts[0].generatorURL' must be a string"),
        (#"{"alerts": ["#, "not valid JSON"),
    ])
    func aMalformedBodyIs400NamingTheField(_ body: String, _ message: String) async throws {
        try await TestServer.with { server in
            let launch = try await Self.alertLaunch(server)
            let reply = try await server.request(.POST, "/api/v1/alerts", token: server.tokens.admin, body: body, headers: [("Content-Type", "application/json")])
            #expect(reply.status == 400)
            #expect(reply.errorMessage.contains(message), "\(reply.errorMessage)")
            #expect(try await Self.changes(server, launch).isEmpty)
        }
    }

    @Test func anOversizedBodyIs413() async throws {
        try await TestServer.with { server in
            let big = String(repeating: "x", count: (1 << 20) + 10)
            let reply = try await APIBehaviourTests.rawPost(server, "/api/v1/alerts", token: server.tokens.admin,
                                                            body: #"{"alerts":[{"status":"firing","labels":{"a":""# + big + #""}}]}"#)
            #expect(reply.hasPrefix("HTTP/1.1 413"), "\(reply.prefix(200))")
        }
    }

    @Test func grafanasSupersetIsAccepted() async throws {
        try await TestServer.with { server in
            let launch = try await Self.alertLaunch(server)
            let grafana: JSONValue = .object([
                "receiver": "liftoff", "status": "firing", "orgId": 1, "version": "1", "title": "[FIRING:1] AcmeAPIDown", "state": "alerting",
                "message": "**Firing**", "groupKey": "{}", "truncatedAlerts": 0,
                "alerts": .array([.object([
                    "status": "firing", "labels": .object(["alertname": "AcmeAPIDown", "severity": "page", "service": "acme-api", "grafana_folder": "API"]),
                    "annotations": .object(["description": "5xx above 5%"]), "startsAt": "2026-12-03T14:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
                    "generatorURL": "http://grafana/alerting/grafana/abc/view", "fingerprint": "9e0b", "silenceURL": "http://grafana/silence",
                    "dashboardURL": "", "panelURL": "", "values": .object(["B": .double(0.07)]), "valueString": "[ var='B' value=0.07 ]",
                ])]),
            ])
            let reply = try await server.request(.POST, "/api/v1/alerts", token: server.tokens.admin, json: grafana)
            #expect(reply.status == 200, "\(reply.body)")
            let change = try #require(try await Self.changes(server, launch).first)
            #expect(change.state == .firing)
            #expect(change.message == "alert AcmeAPIDown firing: 5xx above 5%")
        }
    }
}
