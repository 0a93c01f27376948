import Foundation

/// The small part of PromQL the sandbox answers from its own series, so the demo needs no
/// Prometheus: `sum|max|min|avg [by (l,…)] (…)`, `rate|increase(selector[5s])`, selectors with
/// `=`, `!=`, `=~`, `!~` matchers, `histogram_quantile(q, …)`, numbers, and `/ * + -` between
/// them. Anything else is refused with a hint to run a real Prometheus (`--prometheus`).
public struct SandboxQuery {
    public struct Series: Sendable, Hashable {
        public var labels: [String: String]
        public var value: Double
    }

    /// One series of a range query: its value at each step (Unix seconds).
    public struct RangeSeries: Sendable {
        public var labels: [String: String]
        public var values: [(at: Double, value: Double)]
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    indirect enum Node {
        case number(Double)
        case selector(name: String, matchers: [Matcher])
        case range(function: String, selector: Node, seconds: Double)
        case aggregate(op: String, by: [String]?, Node)
        case quantile(Double, Node)
        case binary(Character, Node, Node)
    }

    struct Matcher {
        var label: String
        var op: String
        var value: String
        /// Compiled once when the query is read, not per sample (immutable after init).
        let pattern: Regex<AnyRegexOutput>?

        init(label: String, op: String, value: String) {
            self.label = label
            self.op = op
            self.value = value
            pattern = op.hasSuffix("~") ? try? Regex("^(?:\(value))$") : nil
        }

        func matches(_ labels: [String: String]) -> Bool {
            let actual = labels[label] ?? ""
            switch op {
            case "=": return actual == value
            case "!=": return actual != value
            case "=~", "!~":
                let full = pattern.map { actual.wholeMatch(of: $0) != nil } ?? false
                return op == "=~" ? full : !full
            default: return false
            }
        }
    }

    let root: Node

    public init(_ text: String) throws(Failure) {
        var parser = Parser(text)
        root = try parser.parse()
    }

    /// Evaluates against snapshots of the sandbox's series: `(seconds, samples)`, oldest first.
    public func evaluate(history: [(seconds: Double, samples: [SandboxSample])]) -> [Series] {
        guard let latest = history.last else { return [] }
        return Self.eval(root, history: history, latest: latest)
    }

    static func eval(_ node: Node, history: [(seconds: Double, samples: [SandboxSample])], latest: (seconds: Double, samples: [SandboxSample])) -> [Series] {
        switch node {
        case .number(let v):
            return [Series(labels: [:], value: v)]
        case .selector(let name, let matchers):
            return latest.samples.filter { sample in sample.name == name && matchers.allSatisfy { $0.matches(sample.labels) } }
                .map { Series(labels: $0.labels.merging(["__name__": name]) { $1 }, value: $0.value) }
        case .range(let function, let selector, let seconds):
            guard case .selector(let name, let matchers) = selector else { return [] }
            let start = latest.seconds - seconds
            guard let first = history.first(where: { $0.seconds >= start - 0.0001 }), latest.seconds - first.seconds > 0.05 else { return [] }
            let span = latest.seconds - first.seconds
            let old = Dictionary(first.samples.filter { $0.name == name }.map { ($0.labels, $0.value) }, uniquingKeysWith: { a, _ in a })
            return latest.samples.filter { sample in sample.name == name && matchers.allSatisfy { $0.matches(sample.labels) } }.compactMap { sample in
                guard let before = old[sample.labels] else { return nil }
                let delta = max(sample.value - before, 0)
                // Extrapolated to the whole window, as Prometheus does for a window it sees part of.
                let increase = delta * seconds / span
                return Series(labels: sample.labels, value: function == "rate" ? increase / seconds : increase)
            }
        case .aggregate(let op, let by, let inner):
            let input = eval(inner, history: history, latest: latest)
            var groups: [[String: String]: [Double]] = [:]
            for series in input {
                let key = by.map { names in series.labels.filter { names.contains($0.key) } } ?? [:]
                groups[key, default: []].append(series.value)
            }
            if input.isEmpty, by == nil, op == "sum" { return [] }
            return groups.map { key, values in
                let value: Double = switch op {
                case "max": values.max() ?? .nan
                case "min": values.min() ?? .nan
                case "avg": values.reduce(0, +) / Double(values.count)
                default: values.reduce(0, +)
                }
                return Series(labels: key, value: value)
            }
        case .quantile(let q, let inner):
            let input = eval(inner, history: history, latest: latest)
            var groups: [[String: String]: [(bound: Double, count: Double)]] = [:]
            for series in input {
                guard let le = series.labels["le"], let bound = le == "+Inf" ? Double.infinity : Double(le) else { continue }
                groups[series.labels.filter { $0.key != "le" && $0.key != "__name__" }, default: []].append((bound, series.value))
            }
            return groups.map { key, buckets in Series(labels: key, value: histogramQuantile(q, buckets)) }
        case .binary(let op, let left, let right):
            let l = eval(left, history: history, latest: latest)
            let r = eval(right, history: history, latest: latest)
            func apply(_ a: Double, _ b: Double) -> Double {
                switch op {
                case "/": return a / b
                case "*": return a * b
                case "+": return a + b
                default: return a - b
                }
            }
            if r.count == 1, r[0].labels.isEmpty || l.count == 1 { return l.map { Series(labels: $0.labels, value: apply($0.value, r[0].value)) } }
            if l.count == 1, l[0].labels.isEmpty { return r.map { Series(labels: $0.labels, value: apply(l[0].value, $0.value)) } }
            let right = Dictionary(r.map { (strip($0.labels), $0.value) }, uniquingKeysWith: { a, _ in a })
            return l.compactMap { s in right[strip(s.labels)].map { Series(labels: strip(s.labels), value: apply(s.value, $0)) } }
        }
    }

    static func strip(_ labels: [String: String]) -> [String: String] { labels.filter { $0.key != "__name__" } }

    /// Prometheus's `histogram_quantile`: linear interpolation inside the bucket holding the rank.
    static func histogramQuantile(_ q: Double, _ buckets: [(bound: Double, count: Double)]) -> Double {
        let sorted = buckets.sorted { $0.bound < $1.bound }
        guard q >= 0, q <= 1, let total = sorted.last?.count, sorted.last?.bound == .infinity, total > 0, sorted.count >= 2 else { return .nan }
        let rank = q * total
        var lowerBound = 0.0
        var lowerCount = 0.0
        for bucket in sorted {
            if bucket.count >= rank {
                if bucket.bound == .infinity { return lowerBound }
                let inBucket = bucket.count - lowerCount
                return inBucket <= 0 ? bucket.bound : lowerBound + (bucket.bound - lowerBound) * (rank - lowerCount) / inBucket
            }
            lowerBound = bucket.bound
            lowerCount = bucket.count
        }
        return lowerBound
    }
}
