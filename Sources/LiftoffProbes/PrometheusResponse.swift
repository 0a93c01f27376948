import Foundation
import LiftoffKit

/// Reads an instant query answer of the Prometheus HTTP API (`/api/v1/query`):
/// `{"status":"success","data":{"resultType":"vector","result":[{"metric":{…},"value":[t,"1.5"]}]}}`.
/// Values are strings and may be `NaN`, `+Inf`, `-Inf`; those stay in the observation and the
/// evaluator treats them as no data.
enum PrometheusResponse {
    static func parse(status: Int, body: String) throws(ProbeError) -> PrometheusObservation {
        let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        if let json, json["status"] as? String == "error" {
            let kind = json["errorType"] as? String ?? "error"
            throw ProbeError("query failed (\(kind)): \(json["error"] as? String ?? "no message")")
        }
        guard (200..<300).contains(status) else {
            throw ProbeError("HTTP \(status) from Prometheus" + excerpt(body))
        }
        guard let json else { throw ProbeError("malformed answer from Prometheus (not JSON)" + excerpt(body)) }
        guard json["status"] as? String == "success", let data = json["data"] as? [String: Any], let type = data["resultType"] as? String else {
            throw ProbeError("malformed answer from Prometheus (no status/data/resultType)" + excerpt(body))
        }
        switch type {
        case "scalar":
            guard let pair = data["result"] as? [Any] else { throw ProbeError("malformed scalar result" + excerpt(body)) }
            return PrometheusObservation(resultType: type, samples: [.init(labels: [:], value: try value(pair))])
        case "vector":
            guard let series = data["result"] as? [[String: Any]] else { throw ProbeError("malformed vector result" + excerpt(body)) }
            let samples = try series.map { item throws(ProbeError) in
                guard let pair = item["value"] as? [Any] else { throw ProbeError("malformed vector sample" + excerpt(body)) }
                return PrometheusObservation.Sample(labels: item["metric"] as? [String: String] ?? [:], value: try value(pair))
            }
            return PrometheusObservation(resultType: type, samples: samples)
        default:
            throw ProbeError("the query returned a \(type); a check needs an instant vector or a scalar (wrap a range in an aggregation such as max_over_time)")
        }
    }

    private static func value(_ pair: [Any]) throws(ProbeError) -> Double {
        guard pair.count == 2, let text = pair[1] as? String else { throw ProbeError("malformed sample \(pair)") }
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            guard let v = Double(text) else { throw ProbeError("sample value '\(text)' is not a number") }
            return v
        }
    }

    private static func excerpt(_ body: String) -> String {
        let flat = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return flat.isEmpty ? "" : ": " + String(flat.prefix(160))
    }
}
