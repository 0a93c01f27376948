import AsyncHTTPClient
import Foundation
import LiftoffTestSupport
import NIOCore
import NIOPosix
import Testing

/// `liftoff serve` and the CLI as separate processes on one SQLite file: a `note add` in a
/// terminal reaches an open event stream, and a restarted server (starting from its snapshot)
/// answers the same state as before (docs/architecture.md).
@Suite struct ServeLiveProcessTests {
    @Test func aCLIAppendReachesAViewerAndStateSurvivesARestart() async throws {
        guard let liftoff = ProcessRunner.liftoff else { return print("skipped: the liftoff binary is not built") }
        let directory = try Repository.temporaryDirectory("liftoff-serve-live")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = "sqlite:" + directory.appendingPathComponent("l.db").path
        func cli(_ arguments: [String], token: String? = nil) throws -> ProcessOutput {
            var environment = ["LIFTOFF_DB": db]
            if let token { environment["LIFTOFF_TOKEN"] = token }
            return try ProcessRunner.run(liftoff, arguments, environment: environment, removing: token == nil ? ["LIFTOFF_TOKEN"] : [])
        }
        let example = Repository.example("go-live")
        let created = try cli(["launch", "create", example.runbook, "--vars", example.vars, "--at", "2026-12-01T09:00", "--tz", "Europe/Oslo", "--name", "live"])
        #expect(created.status == 0, "\(created.stderr)")
        let added = try cli(["user", "add", "ada", "--admin"])
        let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(added.status == 0 && !token.isEmpty, "\(added.stderr)")

        guard let server = try await ServeProcess.start(db: db, arguments: ["--no-watcher"]) else { return }
        // An event loop of its own and a patient connect: the suites beside it load the shared
        // event loops (hundreds of in-process viewers), and a connect queued behind them for the
        // default 10 s is not this server's delay.
        let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let http = HTTPClient(eventLoopGroup: loop, configuration: .init(timeout: .init(connect: .seconds(60), read: .seconds(120))))
        do {
            func get(_ path: String) async throws -> String {
                var request = HTTPClientRequest(url: server.address + path)
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let response = try await http.execute(request, timeout: .seconds(60))
                #expect(response.status.code == 200, "GET \(path)")
                return String(buffer: try await response.body.collect(upTo: 8 << 20))
            }
            for i in 0..<12 { #expect(try cli(["note", "add", "1", "before \(i)"], token: token).status == 0) }
            let head = try cli(["log", "1", "--format", "json"]).stdout.components(separatedBy: "\"seq\"").count - 1
            // A viewer from the current head on; the CLI's note must reach it.
            var request = HTTPClientRequest(url: server.address + "/api/v1/launches/1/events?from=\(head + 1)")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let response = try await http.execute(request, timeout: .seconds(120))
            #expect(response.status.code == 200)
            let received = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask {
                    var text = ""
                    for try await chunk in response.body {
                        text += String(buffer: chunk)
                        if text.contains("from the terminal") { return text }
                    }
                    return nil
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(300))
                    _ = try cli(["note", "add", "1", "from the terminal"], token: token)
                    try await Task.sleep(for: .seconds(60))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
            #expect(received?.contains("event: note.added") == true, "the CLI's append reached the open stream")
            let before = try await get("/api/v1/launches/1")
            #expect(before.contains("\"seq\""))
            server.stop()
            guard let again = try await ServeProcess.start(db: db, arguments: ["--no-watcher"]) else { return }
            defer { again.stop() }
            var request2 = HTTPClientRequest(url: again.address + "/api/v1/launches/1")
            request2.headers.add(name: "Authorization", value: "Bearer \(token)")
            let after = String(buffer: try await http.execute(request2, timeout: .seconds(60)).body.collect(upTo: 8 << 20))
            #expect(Self.withoutClock(after) == Self.withoutClock(before), "the state after a restart is the state before")
        } catch {
            server.stop()
            try? await http.shutdown()
            try? await loop.shutdownGracefully()
            throw error
        }
        try await http.shutdown()
        try await loop.shutdownGracefully()
    }

    /// The state JSON names the time it was asked at, and its forecast is computed from that
    /// time (slack and instants move with it); everything else must be equal.
    static func withoutClock(_ json: String) -> String {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return json }
        object["now"] = nil
        object["forecast"] = nil
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return json }
        return String(decoding: data, as: UTF8.self)
    }
}
