import AsyncHTTPClient
import Foundation
import Hummingbird
import LiftoffKit
import LiftoffRuntime
import LiftoffServer
import LiftoffStore
import LiftoffTestSupport
import LiftoffWatcher
import Testing

/// The one runtime `serve`, `watch` and `demo` run: its watcher delivers status posts, its
/// server answers with the watcher's role, and a watcher alone ends once its launches end.
@Suite struct LiftoffRuntimeTests {
    static let runbook = "# Checkout\n\n## T-0: Deploy\n\n- [ ] Deploy the release\n"

    @Test func serverAndWatcherDeliverAStatusPost() async throws {
        let received = Box<[String]>([])
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            received.value.append(String(buffer: body))
            return Response(status: .noContent)
        }
        try await TestHTTPServer.with(router) { hookPort in
            let vars = "notify:\n  ops:\n    kind: webhook\n    url: http://127.0.0.1:\(hookPort)/hook\n"
            let launch = try await WatchedLaunch(runbook: Self.runbook, vars: vars, t0: Date().addingTimeInterval(3600), now: nil)
            let (listening, address) = AsyncStream.makeStream(of: String.self)
            let server = LiftoffRuntime.Server(host: "127.0.0.1", port: 0, version: "test", storeKind: "sqlite") { url in
                address.yield(url)
                address.finish()
            }
            let watcher = LiftoffRuntime.Watcher(launches: .only([launch.launch]), interval: .milliseconds(50))
            let runtime = LiftoffRuntime(store: launch.store, server: server, watcher: watcher, signals: [])
            let (stop, stopNow) = AsyncStream.makeStream(of: Void.self)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await runtime.run(stopWhen: { for await _ in stop {} }) }
                var base = ""
                for await url in listening { base = url }
                let lead = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)
                try await launch.act(.postStatus(status: .yellow, message: "canary at 10%"), as: lead)
                for _ in 0..<200 where received.value.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
                #expect(received.value.first?.contains("canary at 10%") == true, "the runtime's watcher delivered the post")
                let health = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/healthz"), timeout: .seconds(10))
                let text = String(buffer: try await health.body.collect(upTo: 1 << 16))
                #expect(text.contains("leader"), "the server reports the watcher's role: \(text)")
                stopNow.finish()
                try await tasks.waitForAll()
            }
            let events = try await launch.events()
            #expect(events.contains { $0.type == "notification.delivered" })
            await launch.close()
        }
    }

    @Test func aWatcherAloneEndsWhenItsLaunchesHaveEnded() async throws {
        let launch = try await WatchedLaunch(runbook: Self.runbook, t0: Date().addingTimeInterval(3600), now: nil)
        try await launch.act(.end(outcome: .aborted, note: "called off"), as: LaunchActor(name: "ada", roles: [], admin: true))
        let watcher = LiftoffRuntime.Watcher(launches: .only([launch.launch]), interval: .milliseconds(50), exitWhenEnded: true)
        let runtime = LiftoffRuntime(store: launch.store, server: nil, watcher: watcher, signals: [])
        try await withThrowingTaskGroup(of: Bool.self) { tasks in
            tasks.addTask {
                try await runtime.run()
                return true
            }
            tasks.addTask {
                try await Task.sleep(for: .seconds(30))
                return false
            }
            let endedByItself = try await tasks.next()
            tasks.cancelAll()
            #expect(endedByItself == true, "the runtime returned once the watched launch had ended")
        }
        await launch.close()
    }
}
