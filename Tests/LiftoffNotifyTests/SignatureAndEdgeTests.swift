import Foundation
import LiftoffKit
@testable import LiftoffNotify
import LiftoffStore
import LiftoffTestSupport
import Testing

@Suite struct SignatureAndEdgeTests {
    /// The verification snippets of docs/notifications.md, run against a body Liftoff really sent.
    @Test func theDocumentedVerificationSnippetsAcceptARealDelivery() async throws {
        let receiver = WebhookReceiver(secret: NotifyFixture.secret)
        let (body, header) = try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: NotifyFixture.webhookVars(), port: port)
            try await f.post("émoji 🚀 and \"quotes\"")
            try await withDispatcher(f) { try await $0.drain(launch: f.launch) }
            await f.store.close()
            let got = try #require(await receiver.received.first)
            return (got.body, try #require(got.headers["x-liftoff-signature-256"]))
        }
        #expect(WebhookSignature.verify(header, secret: Array(NotifyFixture.secret.utf8), body: body))
        var tampered = body
        tampered[tampered.count / 2] ^= 1
        #expect(!WebhookSignature.verify(header, secret: Array(NotifyFixture.secret.utf8), body: tampered))

        let dir = try Repository.temporaryDirectory("liftoff-notify-sig")
        let bodyFile = dir.appendingPathComponent("body.json")
        try Data(body).write(to: bodyFile)
        let docs = try String(contentsOf: Repository.root.appendingPathComponent("docs/notifications.md"), encoding: .utf8)

        if let python = Self.tool("python3") {
            let snippet = try #require(Self.codeBlock(in: docs, language: "python"))
            let script = snippet + "\nimport sys\nprint(verify(sys.argv[1].encode(), open(sys.argv[2], 'rb').read(), sys.argv[3]))\n"
            for (file, expected) in [(bodyFile.path, "True")] {
                let out = try ProcessRunner.run(python, ["-c", script, NotifyFixture.secret, file, header])
                #expect(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == expected, "\(out.stderr)")
            }
            let wrong = try ProcessRunner.run(python, ["-c", script, "not-the-secret", bodyFile.path, header])
            #expect(wrong.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "False")
        } else {
            Self.unavailable("python3")
        }

        if Self.tool("openssl") != nil {
            let snippet = try #require(Self.codeBlock(in: docs, language: "sh"))
            let out = try ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", snippet], cwd: dir,
                                            environment: ["LIFTOFF_WEBHOOK_SECRET": NotifyFixture.secret, "HEADER_VALUE": header])
            #expect(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "valid", "\(out.stderr)")
            let bad = try ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", snippet], cwd: dir,
                                            environment: ["LIFTOFF_WEBHOOK_SECRET": "nope", "HEADER_VALUE": header])
            #expect(bad.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "INVALID")
        } else {
            Self.unavailable("openssl")
        }
    }

    @Test func aReceiverSlowerThanTheTimeoutIsRetried() async throws {
        let receiver = WebhookReceiver(secret: NotifyFixture.secret)
        await receiver.script { n, _ in n == 0 ? .hold(.seconds(30)) : .status(200) }
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: NotifyFixture.webhookVars(), port: port)
            try await f.post("one")
            var settings = fastRetries
            // Generous enough for a loaded 2-core machine; the first answer takes 30 s.
            settings.requestTimeout = .seconds(3)
            try await withDispatcher(f, configuration: settings) { try await $0.drain(launch: f.launch) }
            await receiver.releaseHolds()
            let failed = try await f.failed()
            #expect(!failed.isEmpty && failed.allSatisfy { $0.error == "timed out" && !$0.final }, "\(failed)")
            #expect(try await f.delivered().map(\.attempt) == [failed.count + 1])
            let got = await receiver.received
            #expect(got.count == failed.count + 1 && Set(got.map(\.key)).count == 1, "every attempt carries the same idempotency key")
            await f.store.close()
        }
    }

    /// Two dispatchers on one launch (say, a watcher restarted while the old one still runs):
    /// the receiver may get a notification twice, always under one key, and the log records one
    /// delivery per notification and channel.
    @Test func racingDispatchersRecordEachDeliveryOnce() async throws {
        let receiver = WebhookReceiver(secret: NotifyFixture.secret)
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: NotifyFixture.webhookVars(), port: port)
            var posted: [Int] = []
            for i in 0..<8 { posted.append(try await f.post("update \(i)")) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask { try await withDispatcher(f) { try await $0.drain(launch: f.launch) } }
                }
                try await group.waitForAll()
            }
            let delivered = try await f.delivered()
            #expect(delivered.map(\.notification).sorted() == posted)
            #expect(Set(delivered.map(\.notification)).count == delivered.count, "one delivered event each")
            let got = await receiver.received
            let keysBySeq = Dictionary(grouping: got, by: { $0.seq ?? -1 }).mapValues { Set($0.compactMap(\.key)) }
            #expect(keysBySeq.values.allSatisfy { $0.count == 1 }, "a duplicate carries the same key")
            #expect(EventChain.verify(try await f.events()) == nil)
            await f.store.close()
        }
    }

    @Test func retryAfterReadsSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_796_112_000)  // Tue, 01 Dec 2026 08:00:00 GMT
        #expect(HTTPDelivery.retryAfter("120", now: now) == 120)
        #expect(HTTPDelivery.retryAfter("Tue, 01 Dec 2026 08:00:30 GMT", now: now) == 30)
        #expect(HTTPDelivery.retryAfter("Tue, 01 Dec 2026 07:00:00 GMT", now: now) == 0, "a date in the past: at once")
        #expect(HTTPDelivery.retryAfter("soon", now: now) == nil)
        #expect(HTTPDelivery.retryAfter(nil, now: now) == nil)
    }

    @Test func anUnsetURLVariableIsNamedAndAPlainSlackURLIsNeverShown() {
        let env: @Sendable (String) -> String? = { _ in nil }
        let missing = ChannelEndpoint.resolve(NotifyChannel(name: "slack", kind: .slack, url: "env:SLACK_URL", secret: nil), environment: env)
        guard case .failure(let failure) = missing else { Issue.record("resolved without the variable"); return }
        #expect(failure.reason.contains("SLACK_URL") && failure.isPermanent)
        let bad = ChannelEndpoint.resolve(NotifyChannel(name: "slack", kind: .slack, url: "hooks.slack.com/services/T0/B0/XYZSECRET", secret: nil), environment: env)
        guard case .failure(let badFailure) = bad else { Issue.record("a URL without a scheme was accepted"); return }
        #expect(!badFailure.reason.contains("XYZSECRET"))
    }

    static func codeBlock(in markdown: String, language: String) -> String? {
        guard let start = markdown.range(of: "```\(language)\n") else { return nil }
        guard let end = markdown.range(of: "\n```", range: start.upperBound..<markdown.endIndex) else { return nil }
        return String(markdown[start.upperBound..<end.lowerBound])
    }

    static func tool(_ name: String) -> URL? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static func unavailable(_ what: String) {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("\(what) is missing in CI")
        } else {
            print("skipped: \(what) is missing")
        }
    }
}
