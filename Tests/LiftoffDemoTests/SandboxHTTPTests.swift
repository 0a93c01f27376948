import AsyncHTTPClient
import Foundation
import LiftoffSandbox
import LiftoffTestSupport
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Testing

/// The sandbox over real HTTP on 127.0.0.1, driven by the `liftoff sandbox` commands the
/// example runbooks run.
@Suite struct SandboxHTTPTests {
    static func withSandbox(_ body: @Sendable (SandboxAddresses, Sandbox) async throws -> Void) async throws {
        let (ready, continuation) = AsyncStream.makeStream(of: SandboxAddresses.self)
        let sandbox = Sandbox()
        let service = SandboxService(sandbox: sandbox, tick: .milliseconds(50)) { continuation.yield($0); continuation.finish() }
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ready.makeAsyncIterator()
            guard let urls = await iterator.next() else { throw TestServerError("the sandbox did not start") }
            do {
                try await body(urls, sandbox)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func get(_ url: String, method: HTTPMethod = .GET, headers: [String: String] = [:]) async throws -> (Int, [String: Any], String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        return (Int(response.status.code), json, body)
    }

    @Test func theEnvironmentsAnswerHealthTokensAndMetrics() async throws {
        try await Self.withSandbox { urls, _ in
            let (status, health, _) = try await Self.get(urls.green + "/healthz")
            #expect(status == 200 && health["sha"] as? String == "4f2a9c1e")
            let (_, blue, _) = try await Self.get(urls.blue + "/healthz")
            #expect(blue["sha"] as? String == "1c9d03b7")
            let (tokenStatus, token, _) = try await Self.get(urls.green + "/api/v2/auth/token", method: .POST)
            let jwt = try #require(token["access_token"] as? String)
            #expect(tokenStatus == 200 && jwt.split(separator: ".").count == 3)
            let (meStatus, me, _) = try await Self.get(urls.green + "/api/v2/users/me", headers: ["Authorization": "Bearer \(jwt)"])
            #expect(meStatus == 200 && me["id"] as? String == "smoke")
            let (forged, _, _) = try await Self.get(urls.green + "/api/v2/users/me", headers: ["Authorization": "Bearer \(jwt.dropLast(2))xx"])
            #expect(forged == 401)
            let (_, _, metrics) = try await Self.get(urls.green + "/metrics")
            #expect(metrics.contains(#"http_requests_total{code="200",env="green",service="acme-api"}"#))
        }
    }

    @Test func theCommandsSetTheWeightAndVerifyTheRollback() async throws {
        guard let binary = ProcessRunner.liftoff else {
            if Tools.inCI { Issue.record("the built liftoff binary is missing in CI") }
            print("skipped: the built liftoff binary is missing (swift build first)")
            return
        }
        try await Self.withSandbox { urls, sandbox in
            let set = try await ProcessRunner.runOffPool(binary, ["sandbox", "weight", "50", "--sandbox", urls.control])
            #expect(set.status == 0, "\(set.stderr)")
            #expect(set.stdout.contains("green 50%"))
            #expect(await sandbox.greenWeight == 50)
            let split = try await ProcessRunner.runOffPool(binary, ["sandbox", "status", "--sandbox", urls.control, "--expect-serving", "blue"])
            #expect(split.status == 1 && split.stderr.contains("split"))
            let bad = try await ProcessRunner.runOffPool(binary, ["sandbox", "weight", "150", "--sandbox", urls.control])
            #expect(bad.status == 2)
            _ = try await ProcessRunner.runOffPool(binary, ["sandbox", "weight", "0", "--sandbox", urls.control])
            let verified = try await ProcessRunner.runOffPool(binary, ["sandbox", "status", "--sandbox", urls.control, "--expect-serving", "blue", "--expect-sha", "1c9d03b7"])
            #expect(verified.status == 0, "\(verified.stderr)")
            let wrong = try await ProcessRunner.runOffPool(binary, ["sandbox", "status", "--sandbox", urls.control, "--expect-sha", "4f2a9c1e"])
            #expect(wrong.status == 1 && wrong.stderr.contains("reports release 1c9d03b7"))
            let nowhere = try await ProcessRunner.runOffPool(binary, ["sandbox", "status"], removing: ["LIFTOFF_SANDBOX"])
            #expect(nowhere.status == 2)
        }
    }

    @Test func theQueryEndpointSpeaksThePrometheusAPIAndSaysWhoAnswers() async throws {
        try await Self.withSandbox { urls, sandbox in
            try await sandbox.setGreenWeight(100)
            try await sandbox.setFault("green", errorRatio: 0.5)
            // The window fills with faulty traffic as time passes (slowly on a loaded machine).
            let query = #"sum(rate(http_requests_total{code=~"5.."}[2s])) / sum(rate(http_requests_total[2s]))"#
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            var value = -1.0
            var json: [String: Any] = [:]
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                try await Task.sleep(for: .milliseconds(500))
                let (status, answer, _) = try await Self.get(urls.prometheus + "/api/v1/query?query=" + encoded)
                #expect(status == 200 && answer["status"] as? String == "success")
                json = answer
                let data = answer["data"] as? [String: Any]
                let result = (data?["result"] as? [[String: Any]])?.first
                value = Double(((result?["value"] as? [Any])?.last as? String) ?? "") ?? -1
                if value > 0.3 { break }
            }
            #expect(value > 0.3 && value < 0.7, "about half of green's requests fail: \(value)")
            #expect((json["infos"] as? [String])?.first?.contains("Liftoff sandbox") == true)
            let (refused, error, _) = try await Self.get(urls.prometheus + "/api/v1/query?query=topk(1,up)")
            #expect(refused == 400 && error["errorType"] as? String == "bad_data")
        }
    }

    @Test func theRangeEndpointAnswersAMatrixFromTheHistorySoTheChartsSeeTheClimb() async throws {
        try await Self.withSandbox { urls, sandbox in
            try await sandbox.setGreenWeight(100)
            let start = Date().timeIntervalSince1970
            let query = #"sum(rate(http_requests_total{code=~"5.."}[1s])) / sum(rate(http_requests_total[1s]))"#
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            // Healthy for two seconds, then half of green's requests fail; the history is recorded
            // at each tick (as each query of the watcher makes one).
            for second in 0..<5 {
                if second == 2 { try await sandbox.setFault("green", errorRatio: 0.5) }
                for _ in 0..<10 {
                    try await Task.sleep(for: .milliseconds(100))
                    await sandbox.tick()
                }
            }
            let end = Date().timeIntervalSince1970
            let range = "&start=\(start)&end=\(end)&step=0.25"
            let (status, answer, _) = try await Self.get(urls.prometheus + "/api/v1/query_range?query=" + encoded + range)
            #expect(status == 200 && answer["status"] as? String == "success")
            let data = answer["data"] as? [String: Any]
            #expect(data?["resultType"] as? String == "matrix")
            let values = ((data?["result"] as? [[String: Any]])?.first?["values"] as? [[Any]]) ?? []
            let numbers = values.compactMap { ($0.last as? String).flatMap(Double.init) }.filter(\.isFinite)
            #expect(numbers.count > 8, "a value at most steps: \(values.count)")
            #expect(numbers.contains { $0 < 0.1 } && numbers.contains { $0 > 0.3 }, "low before the fault, high after: \(numbers)")
            let (refused, error, _) = try await Self.get(urls.prometheus + "/api/v1/query_range?query=up&start=2&end=1&step=1")
            #expect(refused == 400 && error["errorType"] as? String == "bad_data")
        }
    }
}
