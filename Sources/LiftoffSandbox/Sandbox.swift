import Foundation

/// The state of a running sandbox: synthetic traffic advanced in real time, the load balancer
/// weight that the runbook's shift command sets, injected faults, and a short history of every
/// series so rates can be computed the way Prometheus computes them.
public actor Sandbox {
    public struct Configuration: Sendable {
        /// The release the blue (active) environment runs before the launch.
        public var blueSHA = "1c9d03b7"
        /// The release being launched, deployed to green (idle).
        public var greenSHA = "4f2a9c1e"
        public var requestsPerSecond: Double = 200
        public var seed: UInt64 = 42
        /// How much history the query endpoint keeps (the longest rate window it can answer).
        /// Range queries (the war room's and the report's trigger charts) reach back as far.
        public var retention: Double = 1800

        public init() {}
    }

    public struct WeightChange: Sendable, Hashable, Codable {
        public var green: Int
        public var at: Date
    }

    public let configuration: Configuration
    private var traffic: SandboxTraffic
    private var history: [(seconds: Double, samples: [SandboxSample])] = []
    private let started: ContinuousClock.Instant
    /// The wall-clock time of `started`, to place range queries' timestamps on the history.
    private let startedAt: Date
    private var lastTick: ContinuousClock.Instant
    public private(set) var weightChanges: [WeightChange] = []
    let signingKey: [UInt8]

    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
        traffic = SandboxTraffic(blueSHA: configuration.blueSHA, greenSHA: configuration.greenSHA,
                                 requestsPerSecond: configuration.requestsPerSecond, seed: configuration.seed)
        started = .now
        startedAt = Date()
        lastTick = started
        var generator = SystemRandomNumberGenerator()
        signingKey = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        history.append((0, traffic.samples(at: 0)))
    }

    var elapsed: Double { Self.seconds(ContinuousClock.now - started) }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Serves the requests due since the last tick and records a snapshot.
    public func tick() {
        let now = ContinuousClock.now
        traffic.advance(by: Self.seconds(now - lastTick))
        lastTick = now
        let at = elapsed
        history.append((at, traffic.samples(at: at)))
        if let first = history.first, at - first.seconds > configuration.retention {
            history.removeFirst(history.prefix { at - $0.seconds > configuration.retention }.count)
        }
    }

    public var greenWeight: Int { traffic.greenWeight }

    public func setGreenWeight(_ weight: Int) throws(SandboxError) {
        guard (0...100).contains(weight) else { throw SandboxError("a weight is a percentage from 0 to 100, not \(weight)") }
        tick()
        traffic.greenWeight = weight
        weightChanges.append(WeightChange(green: weight, at: Date()))
    }

    /// Makes an environment fail a share of its requests and answer slower (1 = normal).
    public func setFault(_ environment: String, errorRatio: Double, latencyFactor: Double = 1) throws(SandboxError) {
        guard traffic.environment(environment) != nil else { throw SandboxError("no environment '\(environment)'; the sandbox has blue and green") }
        guard (0...1).contains(errorRatio), latencyFactor > 0, latencyFactor < 100 else {
            throw SandboxError("an error ratio is from 0 to 1 (8% = 0.08) and a latency factor from 0 to 100")
        }
        tick()
        let normal = environment == "green" ? 0.11 : 0.12
        traffic.set(environment) {
            $0.errorRatio = errorRatio
            $0.medianLatency = normal * latencyFactor
        }
    }

    public func environment(_ name: String) -> SandboxTraffic.Environment? { traffic.environment(name) }

    /// The exposition of one environment's `/metrics`.
    public func metrics(of environment: String) -> String {
        tick()
        return SandboxExposition.text(traffic.samples(of: environment, at: elapsed))
    }

    /// Answers a query from the recorded history (ticking first, so it sees the present).
    public func query(_ text: String) throws(SandboxQuery.Failure) -> [SandboxQuery.Series] {
        let query = try SandboxQuery(text)
        tick()
        return query.evaluate(history: history)
    }

    /// A range query as Prometheus' `/api/v1/query_range` answers it: the query evaluated at
    /// each step from `start` to `end` (Unix seconds) on the history recorded up to that instant.
    /// Steps before the history (or beyond its retention) have no value.
    public func queryRange(_ text: String, start: Double, end: Double, step: Double) throws(SandboxQuery.Failure) -> [SandboxQuery.RangeSeries] {
        let query = try SandboxQuery(text)
        tick()
        var byLabels: [[String: String]: [(at: Double, value: Double)]] = [:]
        var order: [[String: String]] = []
        let origin = startedAt.timeIntervalSince1970
        var at = start
        var taken = 0
        while at <= end + 1e-9, taken < 11_000 {
            let seconds = at - origin
            let known = history.prefix { $0.seconds <= seconds + 1e-6 }
            if let first = known.first, seconds >= first.seconds {
                for series in query.evaluate(history: Array(known)) {
                    if byLabels[series.labels] == nil { order.append(series.labels) }
                    byLabels[series.labels, default: []].append((at, series.value))
                }
            }
            at += step
            taken += 1
        }
        return order.map { SandboxQuery.RangeSeries(labels: $0, values: byLabels[$0] ?? []) }
    }
}

public struct SandboxError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
