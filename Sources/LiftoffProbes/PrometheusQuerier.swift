import AsyncHTTPClient
import LiftoffKit

/// Instant queries for trigger evaluation, on the shared HTTP client (no lifecycle to manage).
///
/// ```swift
/// let observation = try await PrometheusQuerier().query("sum(rate(errors[1m]))", baseURL: "http://127.0.0.1:9090", timeout: 10)
/// ```
public struct PrometheusQuerier: Sendable {
    private let probe: PrometheusProbe

    public init() {
        probe = PrometheusProbe(client: HTTPClient.shared)
    }

    /// Throws `ProbeError` with a readable message when Prometheus cannot answer.
    public func query(_ query: String, baseURL: String?, timeout: Double) async throws -> PrometheusObservation {
        try await probe.observe(query: query, baseURL: baseURL, timeout: timeout)
    }
}
