import Crypto
import Foundation
import Hummingbird
import LiftoffKit
import LiftoffNotify
import LiftoffTestSupport
import LiftoffWatcher
import Testing

/// The watcher posts milestones and delivers every status update to a real signed-webhook
/// receiver, the receiver checking the HMAC over the exact body.
@Suite struct WatcherDeliveryTests {
    struct Delivery: Sendable {
        var validSignature: Bool
        var key: String?
        var body: String
    }

    @Test func peopleAndMilestonePostsReachTheWebhookSigned() async throws {
        let secret = "hook-secret-\(UUID().uuidString.prefix(6))"
        let received = Box<[Delivery]>([])
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let bytes = Array(body.readableBytesView)
            let mac = HMAC<SHA256>.authenticationCode(for: bytes, using: SymmetricKey(data: Data(secret.utf8)))
            let expected = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
            received.value.append(Delivery(validSignature: request.headers[.init("X-Liftoff-Signature-256")!] == expected,
                                           key: request.headers[.init("X-Liftoff-Idempotency-Key")!],
                                           body: String(decoding: bytes, as: UTF8.self)))
            return Response(status: .noContent)
        }
        try await TestHTTPServer.with(router) { port in
            let t0 = Date(timeIntervalSince1970: 1_796_112_000)
            let runbook = "# Checkout\n\n## T-0: Deploy\n\n- [ ] Deploy the release\n"
            let vars = "notify:\n  ops:\n    kind: webhook\n    url: http://127.0.0.1:\(port)/hook\n    secret: env:LIFTOFF_TEST_HOOK_SECRET\n"
            let launch = try await WatchedLaunch(runbook: runbook, vars: vars, t0: t0, now: t0.addingTimeInterval(-3600))
            let client = OutboxDispatcher.makeHTTPClient()
            let dispatcher = OutboxDispatcher(store: launch.store, httpClient: client, environment: { $0 == "LIFTOFF_TEST_HOOK_SECRET" ? secret : nil })
            let watcher = launch.watcher(WatcherEnvironment(variables: [:], deliver: { id, now in
                try await dispatcher.deliverDue(launch: id, now: now).outstanding > 0
            }))
            let lead = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)
            try await launch.act(.postStatus(status: .yellow, message: "canary at 10%"), as: lead)
            await watcher.pass()
            #expect(received.value.count == 1)
            #expect(received.value.first?.validSignature == true)
            #expect(received.value.first?.body.contains("canary at 10%") == true)

            try await launch.act(.end(outcome: .aborted, note: "vendor outage"), as: LaunchActor(name: "ada", roles: [], admin: true))
            await watcher.pass()
            let all = received.value
            #expect(all.count == 2, "the launch's end is posted and delivered")
            #expect(all.last?.body.contains("Launch ended: aborted (vendor outage)") == true, "\(all.last?.body ?? "")")
            #expect(all.allSatisfy { $0.validSignature })
            #expect(Set(all.compactMap(\.key)).count == 2)
            let events = try await launch.events()
            #expect(events.filter { $0.type == "notification.delivered" }.count == 2)
            #expect(!events.contains { "\($0.payload)".contains(secret) })
            try await client.shutdown()
            await launch.close()
        }
    }
}
