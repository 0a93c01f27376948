/// What one evaluation of a trigger's query saw: the observers (LiftoffProbes) produce it, the
/// evaluator consumes it.
public enum TriggerObservation: Sendable {
    /// An instant vector: one value per series. Empty means no data.
    case vector([(labels: [String: String], value: Double)])
    case scalar(Double)
    /// The query failed (unreachable Prometheus, bad query, timeout).
    case error(String)

    /// `{a="b",c="d"}` with labels sorted by name; nil for no labels (a scalar or a lone series).
    public static func seriesKey(_ labels: [String: String]) -> String? {
        let named = labels.filter { $0.key != "__name__" }
        guard !named.isEmpty else { return nil }
        let pairs = named.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}
