import Foundation
import Metrics
import Prometheus

/// The server's own metrics registry (not the process-global one, so several servers can run in
/// one test process): requests by route and status, their latency, SSE viewers, appends.
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    let sseViewers: Metrics.Meter
    let appends: Metrics.Counter

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                                   .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                                                   .seconds(1), .seconds(5)]
        self.factory = factory
        sseViewers = Metrics.Meter(label: "liftoff_sse_subscribers", factory: factory)
        appends = Metrics.Counter(label: "liftoff_events_appended_total", factory: factory)
    }

    func request(route: String, method: String, status: Int, duration: Duration) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Metrics.Counter(label: "liftoff_http_requests_total", dimensions: dimensions, factory: factory).increment()
        Metrics.Timer(label: "liftoff_http_request_duration_seconds", dimensions: [("route", route), ("method", method)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    func viewerJoined() { sseViewers.increment() }
    func viewerLeft() { sseViewers.decrement() }
    func appended(_ count: Int) { appends.increment(by: count) }

    public func text() -> String { registry.emitToString() }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
