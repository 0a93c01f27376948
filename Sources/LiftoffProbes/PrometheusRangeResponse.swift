import Foundation
import LiftoffKit

/// Reads a range query answer of the Prometheus HTTP API (`/api/v1/query_range`):
/// `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},"values":[[t,"1.5"],…]}]}}`.
/// `NaN` and `±Inf` stay as they are: the chart draws them as gaps (`SignalSeries.segments`).
enum PrometheusRangeResponse {
    /// `toLaunch` turns Prometheus' (wall-clock) timestamps into the launch's clock.
    static func parse(status: Int, body: String, step: TimeInterval, toLaunch: (Date) -> Date) throws(ProbeError) -> [SignalSeries] {
        let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        if let json, json["status"] as? String == "error" {
            let kind = json["errorType"] as? String ?? "error"
            throw ProbeError("range query failed (\(kind)): \(json["error"] as? String ?? "no message")")
        }
        guard (200..<300).contains(status) else { throw ProbeError("HTTP \(status) from Prometheus") }
        guard let json, json["status"] as? String == "success", let data = json["data"] as? [String: Any],
              let type = data["resultType"] as? String else {
            throw ProbeError("malformed answer from Prometheus (no status/data/resultType)")
        }
        // A scalar query over a range is still a matrix in Prometheus; a vector would be a stand-in that cannot do ranges.
        guard type == "matrix", let result = data["result"] as? [[String: Any]] else {
            throw ProbeError("the range query returned a \(type), not a matrix")
        }
        return try result.map { item throws(ProbeError) in
            let labels = item["metric"] as? [String: String] ?? [:]
            guard let values = item["values"] as? [[Any]] else { throw ProbeError("malformed matrix series (no values)") }
            var points: [SignalSeries.Point] = []
            points.reserveCapacity(values.count)
            for pair in values {
                guard pair.count == 2, let time = seconds(pair[0]), let text = pair[1] as? String else {
                    throw ProbeError("malformed matrix sample")
                }
                points.append(.init(at: toLaunch(Date(timeIntervalSince1970: time)), value: number(text)))
            }
            return SignalSeries(key: TriggerObservation.seriesKey(labels) ?? "", points: points, step: step)
        }
    }

    /// A sample's Unix time: a JSON number (fractional seconds).
    static func seconds(_ value: Any) -> Double? {
        if let d = value as? Double { return d }
        if let n = value as? NSNumber { return n.doubleValue }
        if let i = value as? Int { return Double(i) }
        return nil
    }

    /// `NaN`, `+Inf`, `-Inf` as Prometheus writes them; anything unreadable is a gap too.
    static func number(_ text: String) -> Double {
        switch text {
        case "+Inf", "Inf": .infinity
        case "-Inf": -.infinity
        default: Double(text) ?? .nan
        }
    }
}
