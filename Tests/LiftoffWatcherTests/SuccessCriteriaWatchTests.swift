import Foundation
import Hummingbird
import LiftoffKit
import LiftoffRender
import LiftoffTestSupport
import LiftoffWatcher
import Testing

/// A fake Prometheus on 127.0.0.1 answers the launch's error rate; the watcher verifies the
/// runbook's success criterion over its (short) window, restarts it on a breach, never verifies
/// on no data, and never requests a rollback for a healthy system.
@Suite struct SuccessCriteriaWatchTests {
    static let runbook = """
    # Checkout

    **Rollback Authority:** Engineering Lead

    ## T-0: Deploy

    - [ ] Deploy the release

    ## Rollback Triggers

    - Error rate > 5% for 1 minute

    ## Success Criteria

    - Error rate < 1% for 30 seconds
    - **Engineering Lead**: No critical bugs reported

    ## Rollback Procedure

    1. Revert the deploy
    """

    /// Serves `/api/v1/query` with the box's value as one series, or an empty vector for nil.
    static func withPrometheus(_ value: Box<Double?>, _ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.get("/api/v1/query") { _, _ -> Response in
            let result = value.value.map { "[{\"metric\":{\"service\":\"checkout\"},\"value\":[1796112000,\"\($0)\"]}]" } ?? "[]"
            let json = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":\(result)}}"
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
        }
        try await TestHTTPServer.with(router) { port in try await body("http://127.0.0.1:\(port)") }
    }

    static func launch(_ url: String) async throws -> WatchedLaunch {
        let start = Date(timeIntervalSince1970: 1_796_112_000)
        let vars = """
        prometheus: \(url)
        signals:
          error rate: sum(rate(checkout_errors_total[1m])) / sum(rate(checkout_requests_total[1m]))
        """
        return try await WatchedLaunch(runbook: runbook, vars: vars, t0: start.addingTimeInterval(-60), now: start)
    }

    func criterionStates(_ launch: WatchedLaunch) async throws -> [CriterionStatus] {
        try await launch.events().filter { $0.type == EventType.criterionChanged.rawValue }.map { try $0.decode(CriterionChanged.self).state }
    }

    func rollbackRequests(_ launch: WatchedLaunch) async throws -> Int {
        try await launch.events().filter { $0.type == EventType.rollbackRequested.rawValue }.count
    }

    @Test func healthyValueVerifiesAfterTheWindowAndNeverRollsBack() async throws {
        let value = Box<Double?>(0.002)
        try await Self.withPrometheus(value) { url in
            let launch = try await Self.launch(url)
            do {
                let watcher = launch.watcher(WatcherEnvironment(variables: [:]))
                let check = try #require(try await launch.state().successChecks.first { $0.isMetric })
                #expect(check.windowSeconds == 30)
                #expect(try await launch.state().criterion(check.id).status == .waiting)
                await watcher.pass()
                #expect(try await launch.state().criterion(check.id).status == .verifying)
                for _ in 0..<5 {
                    launch.advance(5)
                    await watcher.pass()
                }
                #expect(try await launch.state().criterion(check.id).status == .verifying, "25 s of a 30 s window")
                launch.advance(6)
                await watcher.pass()
                let state = try await launch.state()
                #expect(state.criterion(check.id).status == .verified && state.criterion(check.id).value == 0.002)
                #expect(try await criterionStates(launch) == [.verifying, .verified])
                #expect(try await rollbackRequests(launch) == 0)
                #expect(LaunchStatusReport(state: state, now: launch.now).text(all: false).contains("[verified] \(check.id)"))

                // The judged criterion is still open: complete refuses and says which; its owner confirms; complete succeeds.
                let admin = LaunchActor(name: "ada", roles: [], admin: true)
                await #expect(throws: (any Error).self) { try await launch.act(.complete(note: nil, override: nil), as: admin) }
                let judged = try #require(state.successChecks.first { !$0.isMetric })
                try await launch.act(.confirmCriterion(criterion: judged.id, note: "bug tracker: 0 P1"), as: LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false))
                try await launch.act(.complete(note: "landed", override: nil), as: admin)
                #expect(try await launch.state().ended?.outcome == .success)
                launch.advance(60)
                await watcher.pass()
                #expect(try await rollbackRequests(launch) == 0)
            } catch {
                await launch.close()
                throw error
            }
            await launch.close()
        }
    }

    @Test func aBreachMidWindowRestartsIt() async throws {
        let value = Box<Double?>(0.002)
        try await Self.withPrometheus(value) { url in
            let launch = try await Self.launch(url)
            do {
                let watcher = launch.watcher(WatcherEnvironment(variables: [:]))
                await watcher.pass()
                launch.advance(20)
                value.value = 0.03   // breaks the criterion (< 1%), far from the trigger (> 5% for 1m)
                await watcher.pass()
                launch.advance(5)
                value.value = 0.002
                await watcher.pass()
                launch.advance(20)
                await watcher.pass()
                #expect(try await criterionStates(launch) == [.verifying, .broken, .verifying], "45 s after T+60 but only 20 s since the breach")
                launch.advance(11)
                await watcher.pass()
                #expect(try await criterionStates(launch) == [.verifying, .broken, .verifying, .verified])
                let broken = try await launch.events().compactMap { try? $0.decode(CriterionChanged.self) }.first { $0.state == .broken }
                #expect(broken?.value == 0.03)
                #expect(try await rollbackRequests(launch) == 0)
            } catch {
                await launch.close()
                throw error
            }
            await launch.close()
        }
    }

    @Test func noDataNeverVerifies() async throws {
        let value = Box<Double?>(nil)
        try await Self.withPrometheus(value) { url in
            let launch = try await Self.launch(url)
            do {
                let watcher = launch.watcher(WatcherEnvironment(variables: [:]))
                for _ in 0..<20 {
                    await watcher.pass()
                    launch.advance(5)
                }
                let state = try await launch.state()
                #expect(state.successChecks.filter(\.isMetric).allSatisfy { state.criterion($0.id).status == .waiting })
                #expect(try await criterionStates(launch).isEmpty)
                #expect(try await rollbackRequests(launch) == 0)
                await #expect(throws: (any Error).self) {
                    try await launch.act(.complete(note: nil, override: nil), as: LaunchActor(name: "ada", roles: [], admin: true))
                }
                try await launch.act(.complete(note: nil, override: "metrics pipeline down; verified by hand in Grafana"), as: LaunchActor(name: "ada", roles: [], admin: true))
                #expect(try await launch.state().completionOverride?.reason == "metrics pipeline down; verified by hand in Grafana")
            } catch {
                await launch.close()
                throw error
            }
            await launch.close()
        }
    }
}
