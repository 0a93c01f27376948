import AsyncHTTPClient
import Foundation
import LiftoffKit
import NIOCore

/// Trigger signals from the launch's Prometheus (`/api/v1/query_range`) for the charts of the
/// war room and the report (docs/war-room.md, docs/report.md).
///
/// Answers are kept for a few seconds per (Prometheus, query, window), and a request under way is
/// shared: fifty open pages make one upstream query. A slow or unreachable Prometheus costs a
/// page at most `timeout`; the failure is kept for as long as an answer, so the next pages do not
/// wait again (the chart falls back to recorded values and says why).
public struct PrometheusSignalHistory: SignalHistory {
    private let client: HTTPClient
    private let timeout: Double
    private let cache: SignalCache
    private let toSource: @Sendable (Date) -> Date
    private let fromSource: @Sendable (Date) -> Date

    /// - Parameters:
    ///   - timeout: the longest a query (and so a page render) may wait, in seconds.
    ///   - freshFor: how long an answer is reused, in seconds of `wallClock`.
    ///   - capacity: answers kept at most; the oldest leave first.
    ///   - toSource / fromSource: launch time to Prometheus' (wall-clock) time and back; the
    ///     demo's launch clock runs faster than the wall clock (`DemoClock`).
    public init(timeout: Double = 2, freshFor: TimeInterval = 5, capacity: Int = 256, client: HTTPClient = .shared,
                wallClock: @escaping @Sendable () -> Date = { Date() },
                toSource: @escaping @Sendable (Date) -> Date = { $0 }, fromSource: @escaping @Sendable (Date) -> Date = { $0 }) {
        self.client = client
        self.timeout = timeout
        self.toSource = toSource
        self.fromSource = fromSource
        cache = SignalCache(freshFor: freshFor, capacity: capacity, clock: wallClock)
    }

    /// Queries made upstream so far (not answered from the cache).
    public var upstreamQueries: Int {
        get async { await cache.misses }
    }

    public func signal(query: String, prometheus: String?, from: Date, to: Date) async -> SignalFetch {
        guard let prometheus, !prometheus.isEmpty else { return .unavailable("no Prometheus URL for this launch") }
        let sourceFrom = toSource(from), sourceTo = toSource(to)
        let step = SignalStep.seconds(from: sourceFrom, to: sourceTo)
        // Aligned to the step, so pages rendered within one step ask for the same window.
        let end = (sourceTo.timeIntervalSince1970 / step).rounded(.down) * step
        let start = end - (sourceTo.timeIntervalSince(sourceFrom) / step).rounded(.up) * step
        let key = SignalCache.Key(prometheus: prometheus, query: query, start: start, end: end, step: step)
        return await cache.answer(key) { [self] in
            await fetch(query: query, prometheus: prometheus, start: start, end: end, step: step)
        }
    }

    func fetch(query: String, prometheus: String, start: Double, end: Double, step: Double) async -> SignalFetch {
        let window = "start=\(Self.seconds(start))&end=\(Self.seconds(end))&step=\(Self.seconds(step))"
        guard let url = PrometheusAPIURL.make(base: prometheus, endpoint: "query_range", query: query, extra: window) else {
            return .unavailable("the query cannot be encoded")
        }
        let status: Int
        let body: ByteBuffer
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), deadline: .now() + .milliseconds(Int64(timeout * 1000)))
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: 8 << 20)
        } catch {
            return .unavailable("Prometheus did not answer (\(HTTPProbe.describe(error, url: PrometheusAPIURL.trimmed(prometheus))))")
        }
        // Seconds of Prometheus time are this many seconds of launch time (the demo runs faster).
        let launchStep = fromSource(Date(timeIntervalSince1970: step)).timeIntervalSince(fromSource(Date(timeIntervalSince1970: 0)))
        do throws(ProbeError) {
            let series = try PrometheusRangeResponse.parse(status: status, body: String(buffer: body), step: launchStep, toLaunch: fromSource)
            return .series(series)
        } catch {
            return .unavailable(error.message)
        }
    }

    static func seconds(_ v: Double) -> String { String(format: "%.3f", v) }
}

/// The answers of `PrometheusSignalHistory`, each kept `freshFor` seconds; a query under way is
/// awaited by every page that asks for the same window meanwhile.
actor SignalCache {
    struct Key: Hashable {
        var prometheus: String
        var query: String
        var start: Double
        var end: Double
        var step: Double
    }

    let freshFor: TimeInterval
    let capacity: Int
    let clock: @Sendable () -> Date
    private var entries: [Key: (answer: Task<SignalFetch, Never>, at: Date)] = [:]
    private(set) var misses = 0

    init(freshFor: TimeInterval, capacity: Int, clock: @escaping @Sendable () -> Date) {
        self.freshFor = freshFor
        self.capacity = max(1, capacity)
        self.clock = clock
    }

    func answer(_ key: Key, fetch: @escaping @Sendable () async -> SignalFetch) async -> SignalFetch {
        let now = clock()
        if let hit = entries[key], now.timeIntervalSince(hit.at) < freshFor { return await hit.answer.value }
        misses += 1
        // Owned by the cache entry and awaited by every asker; it ends within the query's timeout.
        let task = Task { await fetch() }
        entries = entries.filter { now.timeIntervalSince($0.value.at) < freshFor }
        while entries.count >= capacity, let oldest = entries.min(by: { $0.value.at < $1.value.at })?.key {
            entries[oldest] = nil
        }
        entries[key] = (task, now)
        return await task.value
    }
}
