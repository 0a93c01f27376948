import Foundation
import Hummingbird
import LiftoffKit
import LiftoffTestSupport
import LiftoffWatcher
import Testing

/// The watcher runs a gate's checks against a real HTTP server and the gate decides on them.
@Suite struct GateCheckWatchTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_112_000)

    static func runbook(port: Int) -> String {
        """
        # Checkout

        ## T-1h: Go/No-Go

        <!-- liftoff: check http GET http://127.0.0.1:\(port)/healthz expect status == 200 and body ~ "ok" -->

        Required approvals from:

        - Engineering Lead

        ## T-0: Deploy

        - [ ] Deploy the release
        """
    }

    @Test func gateChecksRunFromTheFreshnessWindowAndDecideTheGate() async throws {
        let healthy = Flag(false)
        let router = Router()
        router.get("/healthz") { _, _ -> Response in
            healthy.value ? Response(status: .ok, body: .init(byteBuffer: .init(string: "ok"))) : Response(status: .serviceUnavailable)
        }
        try await TestHTTPServer.with(router) { port in
            let launch = try await WatchedLaunch(runbook: Self.runbook(port: port), t0: Self.t0, now: Self.t0.addingTimeInterval(-3 * 3600))
            let watcher = launch.watcher(WatcherEnvironment())
            let lead = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)
            try await launch.act(.vote(gate: "t-1h-go-no-go", role: "Engineering Lead", vote: .go, comment: nil), as: lead)
            #expect(try await launch.state().gates["t-1h-go-no-go"]?.decision == .open, "the check has not run")

            await watcher.pass()
            #expect(try await launch.events().filter { $0.type == "check.ran" }.isEmpty, "3 h before the gate nothing runs")

            launch.advance(2 * 3600 - 10 * 60) // 10 minutes before the gate
            await watcher.pass()
            var ran = try await launch.events().filter { $0.type == "check.ran" }
            #expect(ran.count == 1)
            #expect(try ran.first?.decode(CheckRan.self).result == .fail)
            #expect(try await launch.state().gates["t-1h-go-no-go"]?.decision == .open)

            healthy.value = true
            await watcher.pass()
            #expect(try await launch.events().filter { $0.type == "check.ran" }.count == 1, "not again within the re-run interval")

            launch.advance(5 * 60)
            await watcher.pass()
            ran = try await launch.events().filter { $0.type == "check.ran" }
            #expect(ran.count == 2)
            let state = try await launch.state()
            #expect(state.gates["t-1h-go-no-go"]?.decision == .go)
            #expect(try await launch.events().suffix(2).map(\.type) == ["gate.decided", "status.posted"], "the decision is posted as a milestone")

            launch.advance(10 * 60)
            await watcher.pass()
            #expect(try await launch.events().filter { $0.type == "check.ran" }.count == 2, "a decided gate needs no more checks")
            await launch.close()
        }
    }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Bool
    init(_ value: Bool) { stored = value }
    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
