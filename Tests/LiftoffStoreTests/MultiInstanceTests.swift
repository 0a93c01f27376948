import AsyncHTTPClient
import Foundation
import Hummingbird
import LiftoffKit
import LiftoffStore
import LiftoffTestSupport
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Several `liftoff serve` processes on one PostgreSQL database (DESIGN §8): live updates fan out
/// across instances through LISTEN/NOTIFY, and exactly one instance runs the watcher.
@Suite(.serialized) struct MultiInstanceTests {
    /// A `liftoff serve` process and the address it printed.
    struct Server {
        var process: OwnedProcess
        var base: String
    }

    static func serve(_ liftoff: URL, db: String, logs: URL) async throws -> Server {
        let dir = logs.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let process = try OwnedProcess(liftoff.path, ["serve", "--db", db, "--port", "0"], directory: dir)
        for _ in 0..<600 {
            if let range = process.output.range(of: #"listening on (http://127\.0\.0\.1:\d+)"#, options: .regularExpression) {
                let base = String(process.output[range].dropFirst("listening on ".count))
                return Server(process: process, base: base)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestServerError("liftoff serve did not start:\n\(process.output)")
    }

    static func json(_ client: HTTPClient, _ url: String, token: String? = nil, post body: String? = nil) async throws -> (status: Int, json: Any?) {
        var request = HTTPClientRequest(url: url)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let data = try await response.body.collect(upTo: 1 << 22)
        return (Int(response.status.code), try? JSONSerialization.jsonObject(with: Data(buffer: data)))
    }

    static func watcherRole(_ client: HTTPClient, _ server: Server) async -> String? {
        ((try? await json(client, server.base + "/healthz"))?.json as? [String: Any])?["watcher"] as? String
    }

    /// Waits until exactly one of `servers` reports leader and the others standby; returns the leader's index.
    static func leader(_ client: HTTPClient, _ servers: [Server], within seconds: Double) async throws -> Int? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var roles: [String?] = []
            for s in servers { roles.append(await watcherRole(client, s)) }
            if roles.filter({ $0 == "leader" }).count == 1, roles.filter({ $0 == "standby" }).count == servers.count - 1 {
                return roles.firstIndex(of: "leader")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    /// Event ids read from an SSE stream, as they arrive.
    final class Stream: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [(id: Int, type: String, at: Date)] = []
        var events: [(id: Int, type: String, at: Date)] { lock.withLock { seen } }

        func read(_ client: HTTPClient, url: String, token: String) async throws {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let response = try await client.execute(request, timeout: .seconds(600))
            var pending = ""
            var id: Int?
            var type = ""
            for try await chunk in response.body {
                pending += String(buffer: chunk)
                while let newline = pending.firstIndex(of: "\n") {
                    let line = String(pending[..<newline])
                    pending = String(pending[pending.index(after: newline)...])
                    if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) }
                    if line.hasPrefix("event: ") { type = String(line.dropFirst(7)) }
                    if line.isEmpty, let current = id {
                        lock.withLock { seen.append((current, type, Date())) }
                        id = nil
                    }
                }
            }
        }
    }

    @Test func aMarkOnOneInstanceReachesViewersOfAnotherAndSurvivesAKilledListener() async throws {
        guard let liftoff = ProcessRunner.liftoff else { Issue.record("the built liftoff binary is missing"); return }
        try await StoreKind.postgres.withDatabase { database in
            let db = database.location.description
            let dir = try TestEnvironment.temporaryDirectory()
            let e = TestEnvironment.example("go-live")
            let create = try TestEnvironment.run(liftoff, ["launch", "create", e.runbook, "--vars", e.vars, "--at", "2026-12-01T09:00",
                                                          "--tz", "Europe/Oslo", "--name", "go-live", "--db", db])
            try #require(create.status == 0, "\(create.stderr)")
            let token = try TestEnvironment.run(liftoff, ["user", "add", "ada", "--admin", "--db", db]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let a = try await Self.serve(liftoff, db: db, logs: dir)
            let b = try await Self.serve(liftoff, db: db, logs: dir)
            defer { a.process.stop(); b.process.stop(); try? FileManager.default.removeItem(at: dir) }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            defer { _ = client.shutdown() }

            let health = try await Self.json(client, a.base + "/healthz").json as? [String: Any]
            #expect(health?["store"] as? String == "postgres")
            #expect(try await Self.leader(client, [a, b], within: 15) != nil, "one leader, one standby")

            let state = try await Self.json(client, a.base + "/api/v1/launches/1", token: token).json as? [String: Any]
            let steps = (state?["steps"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            try #require(steps.count >= 6)
            let head = (try await Self.json(client, a.base + "/api/v1/launches/1/log", token: token).json as? [String: Any])?["events"] as? [[String: Any]]
            let from = (head?.last?["seq"] as? Int) ?? 1

            let stream = Stream()
            let reader = Task { try await stream.read(client, url: b.base + "/api/v1/launches/1/events?from=\(from + 1)", token: token) }
            defer { reader.cancel() }
            try await Task.sleep(for: .milliseconds(500))

            func mark(_ step: String) async throws -> Date {
                let sent = Date()
                let reply = try await Self.json(client, a.base + "/api/v1/launches/1/marks", token: token, post: #"{"step":"\#(step)","mark":"done"}"#)
                #expect(reply.status == 201, "\(String(describing: reply.json))")
                return sent
            }
            func waitFor(count: Int, seconds: Double) async throws {
                let deadline = Date().addingTimeInterval(seconds)
                while stream.events.filter({ $0.type == "step.marked" }).count < count, Date() < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }

            let sent = try await mark(steps[0])
            try await waitFor(count: 1, seconds: 5)
            let arrived = try #require(stream.events.first { $0.type == "step.marked" })
            let latency = arrived.at.timeIntervalSince(sent)
            print("mark through A → B's SSE: \(Int(latency * 1000)) ms")
            #expect(latency < 1, "a mark through A reaches B's viewers within 1 s (\(latency) s)")

            // Kill every LISTEN connection: B reconnects with backoff and catches up from its last seq.
            guard case .postgres(let url) = database.location else { return }
            let killed = try await TestPostgres.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(url.database)' AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()",
                on: try #require(TestPostgres.adminURL))
            #expect(!killed.isEmpty, "the instances' listener connections were found")
            for step in steps[1..<4] { _ = try await mark(step) }
            try await waitFor(count: 4, seconds: 20)
            let ids = stream.events.map(\.id)
            #expect(ids == Array((from + 1)...(from + ids.count)), "in order, no gap, no duplicate: \(ids)")
            #expect(stream.events.filter { $0.type == "step.marked" }.count == 4)
        }
    }

    @Test func whenTheLeaderDiesTheStandbyTakesOverAndThePendingTriggerFiresOnce() async throws {
        guard let liftoff = ProcessRunner.liftoff else { Issue.record("the built liftoff binary is missing"); return }
        // A Prometheus stand-in: one series above the threshold, always.
        let router = Router()
        router.get("/api/v1/query") { _, _ -> Response in
            let body = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"service":"checkout"},"value":[1,"0.05"]}]}}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        try await TestHTTPServer.with(router) { port in
            try await StoreKind.postgres.withDatabase { database in
                let db = database.location.description
                let dir = try TestEnvironment.temporaryDirectory()
                let runbook = dir.appendingPathComponent("runbook.md")
                try "# Checkout\n\n## T-0: Deploy\n\n- [ ] Deploy\n\n<!-- liftoff: trigger error rate: error rate > 1% for 12s every 1s then alert -->\n"
                    .write(to: runbook, atomically: true, encoding: .utf8)
                let vars = dir.appendingPathComponent("vars.yaml")
                try "prometheus: http://127.0.0.1:\(port)\nsignals:\n  error rate: sum(errors)\n".write(to: vars, atomically: true, encoding: .utf8)
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "UTC")
                formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
                let at = formatter.string(from: Date().addingTimeInterval(-120))
                let create = try TestEnvironment.run(liftoff, ["launch", "create", runbook.path, "--vars", vars.path, "--at", at, "--tz", "UTC", "--name", "failover", "--db", db])
                try #require(create.status == 0, "\(create.stderr)")
                let servers = [try await Self.serve(liftoff, db: db, logs: dir), try await Self.serve(liftoff, db: db, logs: dir)]
                defer { servers.forEach { $0.process.stop() }; try? FileManager.default.removeItem(at: dir) }
                let client = HTTPClient(eventLoopGroupProvider: .singleton)
                defer { _ = client.shutdown() }
                let first = try #require(try await Self.leader(client, servers, within: 15), "one leader, one standby")

                // One handle for all the polling below: a new pool per poll would open hundreds of connections.
                try await database.withStore { store in
                    func changes() async throws -> [TriggerChanged] {
                        try await store.read(1, from: 1).filter { $0.type == "trigger.changed" }.map { try $0.decode(TriggerChanged.self) }
                    }
                    var seen: [TriggerChanged] = []
                    for _ in 0..<150 where !seen.contains(where: { $0.state == .pending }) {
                        try await Task.sleep(for: .milliseconds(100))
                        seen = try await changes()
                    }
                    try #require(seen.map(\.state) == [.pending], "the leader saw the trigger pending: \(seen.map(\.state))")

                    kill(servers[first].process.pid, SIGKILL)
                    let killedAt = Date()
                    let other = servers[1 - first]
                    var role: String?
                    while Date().timeIntervalSince(killedAt) < 15, role != "leader" {
                        try await Task.sleep(for: .milliseconds(100))
                        role = await Self.watcherRole(client, other)
                    }
                    let takeover = Date().timeIntervalSince(killedAt)
                    print("standby took over after \(Int(takeover * 1000)) ms")
                    #expect(role == "leader" && takeover < 10, "the standby leads within 10 s (\(takeover) s)")

                    for _ in 0..<300 where !seen.contains(where: { $0.state == .firing }) {
                        try await Task.sleep(for: .milliseconds(100))
                        seen = try await changes()
                    }
                    #expect(seen.map(\.state) == [.pending, .firing], "the window continued and the trigger fired once")
                    if seen.count == 2 {
                        let held = seen[1].observedAt.timeIntervalSince(seen[0].observedAt)
                        // Not before the window; the exact deadline after a restart is pinned by the
                        // single-process restart test — here a loaded machine may delay the new
                        // leader's first passes by a few seconds.
                        print("fired \(held) s after the first pending observation")
                        #expect(held >= 12, "not before the original 12 s window (\(held) s)")
                    }
                    let events = try await store.read(1, from: 1)
                    #expect(EventChain.verify(events) == nil)
                }
            }
        }
    }
}
