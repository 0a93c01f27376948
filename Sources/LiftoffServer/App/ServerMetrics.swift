import Foundation
import Metrics
import Prometheus

/// The server's own metrics registry (not the process-global one, so several servers can run in
/// one test process): requests by route and status, their latency, SSE viewers, appends, and
/// what packaging/prometheus/liftoff-rules.yml alerts on (watcher leadership, failed deliveries,
/// dropped live streams, append latency).
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

    /// A write to the event log through the API, from request to stored.
    func appendTook(_ duration: Duration) {
        Metrics.Timer(label: "liftoff_event_append_duration_seconds", factory: factory).recordNanoseconds(duration.nanoseconds)
    }

    /// A live stream cut off for falling more than its buffer behind.
    func viewerDropped() {
        Metrics.Counter(label: "liftoff_sse_dropped_total", factory: factory).increment()
    }

    /// Status posts of the watcher's delivery pass that failed (retried later) or were given up.
    public func deliveries(failed: Int, abandoned: Int) {
        Metrics.Counter(label: "liftoff_deliveries_failed_total", factory: factory).increment(by: failed)
        Metrics.Counter(label: "liftoff_deliveries_abandoned_total", factory: factory).increment(by: abandoned)
    }

    /// 1 while this process's watcher leads, 0 while it stands by; not exported without a watcher.
    func watcher(role: String) {
        guard role != "off" else { return }
        Metrics.Gauge(label: "liftoff_watcher_leading", factory: factory).record(role == "leader" ? 1 : 0)
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
