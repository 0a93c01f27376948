import AsyncHTTPClient
import Foundation
import LiftoffKit
import LiftoffNotify
import LiftoffStore
import Testing

/// Fast retries for tests: 50 ms doubling to 400 ms.
let fastRetries = OutboxDispatcher.Configuration(policy: RetryPolicy(initialDelay: 0.05, multiplier: 2, maximumDelay: 0.4, maxAttempts: 60), requestTimeout: .seconds(5), pollInterval: .milliseconds(50))

/// A dispatcher with its own HTTP client for the duration of `body`.
func withDispatcher<R: Sendable>(
    _ fixture: NotifyFixture,
    configuration: OutboxDispatcher.Configuration = fastRetries,
    environment: @escaping @Sendable (String) -> String? = NotifyFixture.environment,
    _ body: (OutboxDispatcher) async throws -> R
) async throws -> R {
    let client = OutboxDispatcher.makeHTTPClient(connectTimeout: .milliseconds(500))
    let dispatcher = OutboxDispatcher(store: fixture.store, httpClient: client, environment: environment, configuration: configuration)
    do {
        let result = try await body(dispatcher)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

@Suite struct DeliveryTests {
    @Test func webhookDeliveriesAreSignedKeyedAndRecorded() async throws {
        let receiver = WebhookReceiver(secret: NotifyFixture.secret)
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: NotifyFixture.webhookVars(), port: port)
            let first = try await f.post("canary at 10%")
            let second = try await f.post("p99 rising", .yellow)
            try await withDispatcher(f) { try await $0.drain(launch: f.launch) }
            let got = await receiver.received
            #expect(got.map(\.seq) == [first, second], "in order")
            #expect(got.allSatisfy { $0.signatureValid == true }, "HMAC over the exact body")
            let created = try #require(try await f.events().first)
            #expect(got.compactMap(\.key) == [first, second].map { "\(f.launch).\(created.hash.prefix(8))-\($0)-ops" })
            #expect(got.allSatisfy { $0.headers["x-liftoff-event"] == "status.posted" })
            #expect(got.allSatisfy { $0.headers["user-agent"]?.hasPrefix("liftoff/") == true })
            let body = try #require(got.last?.json)
            #expect(body["status"] as? String == "yellow")
            #expect(body["message"] as? String == "p99 rising")
            #expect(body["launch"] as? String == "checkout-v2")
            #expect((body["text"] as? String)?.contains("Next update:") == true)
            let delivered = try await f.delivered()
            #expect(delivered.map(\.notification) == [first, second])
            #expect(delivered.allSatisfy { $0.attempt == 1 && $0.channel == "ops" })
            #expect(try await f.events().filter { $0.eventType == .notificationDelivered }.allSatisfy { $0.actor == "system" })
            // Nothing owed: another pass sends nothing.
            try await withDispatcher(f) { try await $0.drain(launch: f.launch) }
            #expect(await receiver.received.count == 2)
            await f.store.close()
        }
    }

    /// `format: cloudevents`: the same delivery (signed, keyed, in order), its body a CloudEvents
    /// 1.0 structured event whose id is the idempotency key and whose data is the webhook body.
    @Test func aCloudEventsWebhookGetsStructuredEventsSigned() async throws {
        let receiver = WebhookReceiver(secret: NotifyFixture.secret)
        try await receiver.serve { port in
            let vars = NotifyFixture.webhookVars().replacingOccurrences(of: "    secret: env:HOOK_SECRET\n", with: "    secret: env:HOOK_SECRET\n    format: cloudevents\n")
            #expect(vars.contains("format: cloudevents"))
            let f = try await NotifyFixture.make(vars: vars, port: port)
            let first = try await f.post("canary at 10%")
            let second = try await f.post("p99 rising", .yellow)
            try await withDispatcher(f) { try await $0.drain(launch: f.launch) }
            let got = await receiver.received
            #expect(got.count == 2)
            #expect(got.allSatisfy { $0.signatureValid == true }, "HMAC over the exact body")
            #expect(got.allSatisfy { $0.headers["content-type"] == "application/cloudevents+json; charset=utf-8" })
            let events = got.compactMap(\.json)
            #expect(events.map { $0["specversion"] as? String } == ["1.0", "1.0"])
            #expect(events.map { $0["id"] as? String } == got.map(\.key), "the id is the idempotency key: a retry is the same event")
            #expect(events.allSatisfy { $0["type"] as? String == "dev.liftoff.status.posted" && $0["source"] as? String == "/liftoff/launches/\(f.launch)" })
            let data = events.compactMap { $0["data"] as? [String: Any] }
            #expect(data.map { $0["seq"] as? Int } == [first, second], "in order, the webhook body as data")
            #expect(data.last?["message"] as? String == "p99 rising")
            await f.store.close()
        }
    }

    @Test func slackGetsTextAndBlocksAndItsURLStaysSecret() async throws {
        let receiver = WebhookReceiver(secret: nil)
        await receiver.script { _, path in path == "gone" ? .status(404, body: "no_service") : .status(200, body: "ok") }
        try await receiver.serve { port in
            let vars = """
            notify:
              slack: env:SLACK_URL
              old-slack:
                kind: slack
                url: env:OLD_SLACK_URL
            """
            let f = try await NotifyFixture.make(vars: vars, port: port)
            let seq = try await f.post("deploy <started> & going", .green)
            let env: [String: String] = ["SLACK_URL": "http://127.0.0.1:\(port)/T000-secret-slack-path", "OLD_SLACK_URL": "http://127.0.0.1:\(port)/gone"]
            try await withDispatcher(f, environment: { env[$0] }) { try await $0.drain(launch: f.launch) }
            let slack = try #require(await receiver.received.first { $0.path == "T000-secret-slack-path" })
            let json = try #require(slack.json)
            #expect((json["text"] as? String)?.hasPrefix("[GREEN] checkout-v2: deploy <started> & going") == true)
            let blocks = try #require(json["blocks"] as? [[String: Any]])
            #expect(blocks.first?["type"] as? String == "header")
            #expect(((blocks[1]["text"] as? [String: Any])?["text"] as? String) == "deploy &lt;started&gt; &amp; going")
            let fields = try #require(blocks[2]["fields"] as? [[String: Any]])
            #expect(fields.compactMap { $0["text"] as? String }.map { String($0.prefix { $0 != "\n" }) } == ["*Time*", "*Status*", "*Progress*", "*Next update*"])
            #expect(try await f.delivered().map(\.channel) == ["slack"])
            let failure = try #require(try await f.failed().first)
            #expect(failure.channel == "old-slack" && failure.final && failure.notification == seq)
            #expect(failure.error == "HTTP 404: no_service")
            let log = try await f.events().map { CanonicalJSON.string($0.canonicalBody) }.joined()
            #expect(!log.contains("secret-slack-path") && !log.contains("/gone"), "Slack URLs never reach the log")
            await f.store.close()
        }
    }

    @Test func aRefusalIsFinalAndTheNextNotificationGoesOn() async throws {
        let receiver = WebhookReceiver(secret: NotifyFixture.secret)
        await receiver.script { n, _ in n == 0 ? .status(400, body: "bad request") : .status(204) }
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: NotifyFixture.webhookVars(), port: port)
            let first = try await f.post("one")
            let second = try await f.post("two")
            try await withDispatcher(f) { try await $0.drain(launch: f.launch) }
            let failed = try await f.failed()
            #expect(failed.count == 1)
            #expect(failed.first?.notification == first && failed.first?.final == true && failed.first?.attempt == 1)
            #expect(failed.first?.error == "HTTP 400: bad request")
            #expect(try await f.delivered().map(\.notification) == [second])
            #expect(await receiver.received.count == 2, "a 400 is not retried")
            await f.store.close()
        }
    }

    @Test func aMissingSecretIsAFinalFailureNamingTheVariable() async throws {
        let receiver = WebhookReceiver(secret: NotifyFixture.secret)
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: NotifyFixture.webhookVars(), port: port)
            try await f.post("one")
            try await withDispatcher(f, environment: { _ in nil }) { try await $0.drain(launch: f.launch) }
            let failure = try #require(try await f.failed().first)
            #expect(failure.final)
            #expect(failure.error.contains("HOOK_SECRET") && failure.error.contains("not set"))
            #expect(await receiver.received.isEmpty)
            await f.store.close()
        }
    }

    @Test func retryAfterIsHonoured() async throws {
        let receiver = WebhookReceiver(secret: NotifyFixture.secret)
        await receiver.script { n, _ in n == 0 ? .status(429, retryAfter: "1") : .status(200) }
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: NotifyFixture.webhookVars(), port: port)
            try await f.post("one")
            try await withDispatcher(f) { try await $0.drain(launch: f.launch) }
            let got = await receiver.received
            #expect(got.map(\.answered) == [429, 200])
            #expect(got.count == 2 && got[1].at.timeIntervalSince(got[0].at) >= 0.95, "waited for Retry-After, not the 50 ms backoff")
            #expect(got.count == 2 && got[0].key == got[1].key && got[0].body == got[1].body, "a retry is the same request")
            let failed = try await f.failed()
            #expect(failed.map(\.attempt) == [1] && failed.first?.final == false && failed.first?.error == "HTTP 429")
            #expect(try await f.delivered().map(\.attempt) == [2])
            await f.store.close()
        }
    }
}
