/// Reads counters out of Prometheus' own /metrics page (text exposition format).
enum MetricsText {
    /// The sum of every sample of `name` whose labels contain all of `labels` (e.g.
    /// `handler="/api/v1/query"`); 0 when there is none.
    static func sum(_ text: String, _ name: String, labels: [String] = [], excluding: [String] = []) -> Double {
        var total = 0.0
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let rest = line.dropFirst(name.count)
            guard let first = rest.first, first == "{" || first == " " else { continue }
            guard labels.allSatisfy({ line.contains($0) }), !excluding.contains(where: { line.contains($0) }) else { continue }
            let afterLabels = rest.lastIndex(of: "}").map { rest[rest.index(after: $0)...] } ?? rest
            if let value = afterLabels.split(separator: " ").first.flatMap({ Double($0) }) { total += value }
        }
        return total
    }
}
