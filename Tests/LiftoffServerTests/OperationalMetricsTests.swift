import Foundation
import LiftoffServer
import Testing

/// The metrics packaging/prometheus/liftoff-rules.yml alerts on, as /metrics serves them.
@Suite struct OperationalMetricsTests {
    @Test func appendsAreTimedAndAWatcherlessServerSaysNothingAboutLeading() async throws {
        try await TestServer.with { server in
            for i in 0..<3 {
                let note = try await server.request(.POST, "/api/v1/launches/\(server.launch)/notes", token: server.tokens.lead,
                                                    json: .object(["text": .string("note \(i)")]))
                #expect(note.status == 201, "\(note.body)")
            }
            let metrics = try await server.request(.GET, "/metrics").body
            #expect(metrics.contains("liftoff_event_append_duration_seconds_count 3"), "\(metrics)")
            #expect(metrics.contains("liftoff_event_append_duration_seconds_bucket{le=\"+Inf\"} 3"), "\(metrics)")
            // This test server runs no watcher (role "off"): no gauge, rather than a false 0.
            #expect(!metrics.contains("liftoff_watcher_leading"), "\(metrics)")
        }
    }

    @Test func deliveryOutcomesAreCounted() {
        let metrics = ServerMetrics()
        metrics.deliveries(failed: 2, abandoned: 0)
        metrics.deliveries(failed: 1, abandoned: 1)
        let text = metrics.text()
        #expect(text.contains("liftoff_deliveries_failed_total 3"), "\(text)")
        #expect(text.contains("liftoff_deliveries_abandoned_total 1"), "\(text)")
    }
}
