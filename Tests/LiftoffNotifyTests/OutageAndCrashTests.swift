import Foundation
import LiftoffKit
import LiftoffNotify
import LiftoffStore
import LiftoffTestSupport
import Testing

@Suite struct OutageAndCrashTests {
    /// The receiver is down (nothing listens), then answers 503 twice, then is healthy: every
    /// notification arrives, in order, once per idempotency key; the log shows the failed
    /// attempts of the first and that the later ones waited behind it.
    @Test(.timeLimit(.minutes(5))) func everyNotificationArrivesInOrderOnceAfterAnOutage() async throws {
        let receiver = WebhookReceiver(secret: NotifyFixture.secret)
        // The receiver is down: its port is bound but not listening (connections are refused),
        // and held so no other test takes it before the receiver comes back on it; outside the
        // ephemeral range, so the sender's retries cannot connect to themselves on it.
        let (held, port) = Tools.boundSocketOutsideEphemeralRange()
        let f = try await NotifyFixture.make(vars: NotifyFixture.webhookVars(), port: port)
        var posted: [Int] = []
        // The store must be closed even when the outage story fails (sqlite-nio asserts otherwise).
        do {
            posted = [try await f.post("one"), try await f.post("two")]
            try await Self.outage(f, receiver: receiver, held: held, port: port, posted: &posted)
        } catch {
            await f.store.close()
            throw error
        }
        // A request the sender gave up on (a loaded machine answers late) is sent again with the
        // same idempotency key, so the receiver may accept a key twice; what arrives is the
        // first acceptance of each key, in order.
        let accepted = await receiver.accepted
        var firstAcceptance: [WebhookReceiver.Received] = []
        for r in accepted where !firstAcceptance.contains(where: { $0.key == r.key }) { firstAcceptance.append(r) }
        #expect(firstAcceptance.map(\.seq) == posted, "in order")
        #expect(Set(accepted.compactMap(\.key)).count == posted.count, "one idempotency key per notification")
        for r in accepted {
            #expect(r.body == firstAcceptance.first { $0.key == r.key }?.body, "a repeat is the same request")
        }
        #expect(accepted.allSatisfy { $0.signatureValid == true })
        let all = await receiver.received
        let headAccepted = all.firstIndex { $0.seq == posted[0] && (200..<300).contains($0.answered) }
        #expect(headAccepted != nil)
        #expect(all.prefix(headAccepted ?? all.count).allSatisfy { $0.seq == posted[0] }, "the later ones waited behind the head")
        let failed = try await f.failed()
        #expect(failed.allSatisfy { $0.notification == posted[0] && !$0.final }, "only the head failed, and it was never given up")
        #expect(failed.map(\.attempt) == Array(1...failed.count))
        #expect(failed.contains { $0.error == "HTTP 503: maintenance" })
        #expect(failed.contains { !$0.error.hasPrefix("HTTP") }, "connection failures while down")
        let delivered = try await f.delivered()
        #expect(delivered.map(\.notification) == posted)
        #expect(delivered.first?.attempt == failed.count + 1)
        #expect(delivered.dropFirst().allSatisfy { $0.attempt == 1 })
        #expect(EventChain.verify(try await f.events()) == nil)
        await f.store.close()
    }

    /// Down (refusing), posts queue behind the head, then up: 503 twice, then healthy.
    static func outage(_ f: NotifyFixture, receiver: WebhookReceiver, held: Int32, port: Int, posted: inout [Int]) async throws {
        var queued = posted
        try await withDispatcher(f) { dispatcher in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await dispatcher.run(launch: f.launch) }
                try await NotifyFixture.eventually("failed attempts while the receiver is down", seconds: 60) { try await f.failed().count >= 3 }
                queued.append(try await f.post("three", .yellow))
                queued.append(try await f.post("four", .red))
                await receiver.script { n, _ in n < 2 ? .status(503, body: "maintenance") : .status(200) }
                let expected = queued.count
                close(held)
                // Generous: on a loaded machine the receiver, in this process, answers slowly.
                try await receiver.serve(port: port, bindAttempts: 50) { _ in
                    try await NotifyFixture.eventually("every notification delivered", seconds: 120) { try await f.delivered().count == expected }
                }
                group.cancelAll()
            }
        }
        posted = queued
    }

    /// SIGKILL the dispatcher (a child process) while the receiver holds its request open; a
    /// restarted one sends the same request again, and the log records one delivery.
    @Test(.timeLimit(.minutes(3))) func aDeliveryInFlightAtSIGKILLIsResentWithTheSameKey() async throws {
        guard let binary = ProcessRunner.liftoff else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("the built liftoff binary is missing in CI") }
            print("skipped: the built liftoff binary is missing (swift build first)")
            return
        }
        let receiver = WebhookReceiver(secret: NotifyFixture.secret)
        await receiver.script { n, _ in n == 0 ? .hold(.seconds(120)) : .status(200) }
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: NotifyFixture.webhookVars(), port: port)
            let seq = try await f.post("in flight when the dispatcher dies")
            let first = try Self.deliver(binary, f, untilIdle: false, log: "first.log")
            try await NotifyFixture.eventually("the request reached the receiver") { await receiver.arrived >= 1 }
            kill(first.processIdentifier, SIGKILL)
            try await Self.waitForExit(first)
            await receiver.releaseHolds()
            #expect(first.terminationReason == .uncaughtSignal)
            #expect(try await f.delivered().isEmpty, "nothing was recorded for the delivery in flight")
            #expect(try await f.failed().isEmpty)

            let second = try Self.deliver(binary, f, untilIdle: true, log: "second.log")
            try await Self.waitForExit(second)
            let log = (try? String(contentsOf: f.directory.appendingPathComponent("second.log"), encoding: .utf8)) ?? ""
            #expect(second.terminationStatus == 0, "\(log)")
            let got = await receiver.received
            #expect(got.count == 2)
            #expect(got.count == 2 && got[0].key == got[1].key && got[0].body == got[1].body, "the same request, the same idempotency key")
            #expect(got.allSatisfy { $0.signatureValid == true })
            let delivered = try await f.delivered()
            #expect(delivered.count == 1 && delivered.first?.notification == seq)
            #expect(EventChain.verify(try await f.events()) == nil)
            #expect(!log.contains(NotifyFixture.secret))
            await f.store.close()
        }
    }

    static func deliver(_ binary: URL, _ f: NotifyFixture, untilIdle: Bool, log: String) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["_deliver", String(f.launch), "--db", "sqlite:" + f.path, "--initial-delay", "0.05"] + (untilIdle ? ["--until-idle"] : [])
        var env = ProcessInfo.processInfo.environment
        env["LIFTOFF_DB"] = nil
        env["LIFTOFF_TOKEN"] = nil
        env["HOOK_SECRET"] = NotifyFixture.secret
        process.environment = env
        let logURL = f.directory.appendingPathComponent(log)
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logURL)
        try process.run()
        return process
    }

    /// Polls, so waiting for the child holds no cooperative thread.
    static func waitForExit(_ process: Process, seconds: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("the child did not exit within \(seconds) s")
        }
        process.waitUntilExit()
    }
}
