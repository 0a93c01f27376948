import AsyncHTTPClient
import Foundation
import LiftoffKit
import NIOCore

/// `prometheus`: an instant query against the launch's Prometheus (`prometheus:` in the vars
/// file or `--prometheus`).
struct PrometheusProbe: Sendable {
    let client: HTTPClient

    func observe(query: String, baseURL: String?, timeout: Double) async throws -> PrometheusObservation {
        guard let baseURL, !baseURL.isEmpty else {
            throw ProbeError("no Prometheus URL: set `prometheus: http://…` in the vars file or pass --prometheus")
        }
        guard let url = PrometheusAPIURL.make(base: baseURL, endpoint: "query", query: query) else { throw ProbeError("cannot encode query") }
        let request = HTTPClientRequest(url: url)
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await client.execute(request, deadline: .now() + .milliseconds(Int64(timeout * 1000)))
            body = try await response.body.collect(upTo: 8 << 20)
        } catch {
            throw ProbeError(HTTPProbe.describe(error, url: PrometheusAPIURL.trimmed(baseURL)))
        }
        return try PrometheusResponse.parse(status: Int(response.status.code), body: String(buffer: body))
    }
}
