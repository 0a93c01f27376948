import Foundation
import Hummingbird
import NIOCore

/// A Prometheus stand-in on 127.0.0.1 for the trigger charts: `/api/v1/query_range` answers a
/// matrix with one value per step from `start` to `end`, each series' value from its function of
/// the Unix time (nil: no sample at that step; `.nan` is written `NaN`, as Prometheus does). It
/// counts the range queries it answered and can answer late.
public enum FakePrometheusRange {
    public struct Series: Sendable {
        public var labels: [String: String]
        public var value: @Sendable (Double) -> Double?

        public init(labels: [String: String] = [:], value: @escaping @Sendable (Double) -> Double?) {
            self.labels = labels
            self.value = value
        }
    }

    public actor Requests {
        public private(set) var count = 0
        public private(set) var last: [String: String] = [:]

        public init() {}

        func record(_ parameters: [String: String]) {
            count += 1
            last = parameters
        }
    }

    public static func router(_ series: [Series], requests: Requests, delay: Duration = .zero) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/api/v1/query_range") { request, _ -> Response in
            var parameters: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
            await requests.record(parameters)
            if delay > .zero { try await Task.sleep(for: delay) }
            guard let start = parameters["start"].flatMap(Double.init), let end = parameters["end"].flatMap(Double.init),
                  let step = parameters["step"].flatMap(Double.init), step > 0 else {
                return json(#"{"status":"error","errorType":"bad_data","error":"start, end and step are required"}"#, status: .badRequest)
            }
            let result = series.map { s -> String in
                var values: [String] = []
                var t = start
                while t <= end + 1e-9 {
                    if let v = s.value(t) { values.append("[\(t),\"\(v.isNaN ? "NaN" : v.isInfinite ? (v > 0 ? "+Inf" : "-Inf") : String(v))\"]") }
                    t += step
                }
                let metric = s.labels.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
                return "{\"metric\":{\(metric)},\"values\":[\(values.joined(separator: ","))]}"
            }
            return json("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[\(result.joined(separator: ","))]}}")
        }
        return router
    }

    public static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
