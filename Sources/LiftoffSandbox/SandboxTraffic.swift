import Foundation

/// The sandbox's make-believe production: two environments behind a weighted load balancer,
/// with synthetic requests counted the way a real service exports them (request counters by
/// status code, a latency histogram). Deterministic for a given seed, so tests can rely on it.
public struct SandboxTraffic: Sendable {
    /// Upper bounds of the latency histogram, in seconds (Prometheus `le`).
    public static let buckets: [Double] = [0.025, 0.05, 0.1, 0.25, 0.5, 0.8, 1, 2.5, 5]

    public struct Environment: Sendable, Hashable {
        public var name: String
        public var sha: String
        /// Share of requests answered 500.
        public var errorRatio: Double
        /// Median latency in seconds.
        public var medianLatency: Double
        /// Requests by status code.
        public var requests: [String: Double] = [:]
        /// Cumulative counts per bucket of `SandboxTraffic.buckets`, plus +Inf last.
        public var bucketCounts: [Double] = Array(repeating: 0, count: SandboxTraffic.buckets.count + 1)
        public var latencySum: Double = 0

        public var requestCount: Double { requests.values.reduce(0, +) }
    }

    public var environments: [Environment]
    /// Percent of traffic the load balancer sends to green (the idle environment being released).
    public var greenWeight: Int = 0
    /// Requests per second across both environments.
    public var requestsPerSecond: Double
    private var carry: Double = 0
    private var random: SplitMix64

    public init(blueSHA: String, greenSHA: String, requestsPerSecond: Double = 200, seed: UInt64 = 42) {
        environments = [
            Environment(name: "blue", sha: blueSHA, errorRatio: 0.001, medianLatency: 0.12),
            Environment(name: "green", sha: greenSHA, errorRatio: 0.001, medianLatency: 0.11),
        ]
        self.requestsPerSecond = requestsPerSecond
        random = SplitMix64(seed: seed)
    }

    public func environment(_ name: String) -> Environment? { environments.first { $0.name == name } }

    public mutating func set(_ name: String, _ change: (inout Environment) -> Void) {
        guard let i = environments.firstIndex(where: { $0.name == name }) else { return }
        change(&environments[i])
    }

    /// Serves `seconds` worth of requests, split by the weight.
    public mutating func advance(by seconds: Double) {
        guard seconds > 0 else { return }
        let due = requestsPerSecond * seconds + carry
        let count = Int(due)
        carry = due - Double(count)
        for _ in 0..<count {
            let toGreen = random.unit() * 100 < Double(greenWeight)
            let index = toGreen ? 1 : 0
            guard environments.indices.contains(index) else { continue }
            var env = environments[index]
            let failed = random.unit() < env.errorRatio
            env.requests[failed ? "500" : "200", default: 0] += 1
            // Log-normal latency around the median; failures tend to be slow.
            let latency = env.medianLatency * exp(0.45 * random.gaussian()) * (failed ? 2.5 : 1)
            env.latencySum += latency
            for (i, bound) in Self.buckets.enumerated() where latency <= bound { env.bucketCounts[i] += 1 }
            env.bucketCounts[Self.buckets.count] += 1
            environments[index] = env
        }
    }
}

/// A small, fast, seedable generator (Steele et al.), so a sandbox run is reproducible.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    mutating func gaussian() -> Double {
        let u = max(unit(), .leastNonzeroMagnitude)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * unit())
    }
}
