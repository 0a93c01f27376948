import Foundation

/// Where a trigger's signal over a span of time comes from: for a rule bound to PromQL, the
/// launch's Prometheus (`/api/v1/query_range`). The core only asks; LiftoffProbes answers, and
/// the runtime and the CLI wire it (docs/war-room.md, docs/report.md: the trigger charts).
///
/// ```swift
/// let fetch = await history.signal(query: rule.query, prometheus: state.created.prometheus, from: now - 900, to: now)
/// ```
public protocol SignalHistory: Sendable {
    /// The signal between `from` and `to` (the launch's clock). Never throws: a source that cannot
    /// answer in time is `.unavailable` with why, and the chart falls back to recorded values.
    func signal(query: String, prometheus: String?, from: Date, to: Date) async -> SignalFetch
}

/// The answer of a `SignalHistory`.
public enum SignalFetch: Sendable, Hashable {
    /// Every series the query returned over the span (none: the source holds no data for it).
    case series([SignalSeries])
    /// Why there is no answer: `Prometheus did not answer`, `HTTP 503 from Prometheus`, …
    case unavailable(String)

    /// The series a chart draws: the one named `seriesKey` (a per-series trigger card), else the
    /// only one, else the one nearest to firing (highest for `>`/`>=`, lowest for `<`/`<=`), with
    /// how many there were so the chart can say which one it shows.
    public func pick(seriesKey: String?, op: ComparisonOperator) -> (series: SignalSeries, of: Int)? {
        guard case .series(let all) = self, !all.isEmpty else { return nil }
        if let seriesKey, !seriesKey.isEmpty {
            return all.first { $0.key == seriesKey }.map { (series: $0, of: all.count) }
        }
        if all.count == 1 { return (series: all[0], of: 1) }
        let rising = op == .greater || op == .greaterOrEqual
        let ranked = all.max { a, b in
            let x = a.peak(rising: rising) ?? (rising ? -.infinity : .infinity)
            let y = b.peak(rising: rising) ?? (rising ? -.infinity : .infinity)
            return rising ? x < y : x > y
        }
        return ranked.map { (series: $0, of: all.count) }
    }
}

/// One series of a range query: its labels and its values at each step. A value that is NaN or
/// infinite, or a step with no value, is a gap: the chart breaks its line there.
public struct SignalSeries: Sendable, Hashable {
    public struct Point: Sendable, Hashable {
        public var at: Date
        public var value: Double

        public init(at: Date, value: Double) {
            self.at = at
            self.value = value
        }
    }

    /// The trigger's series key (`{instance="a",job="api"}`, as `trigger.changed` records it); empty for one unlabelled series.
    public var key: String
    public var points: [Point]
    /// Seconds between the query's steps.
    public var step: TimeInterval

    public init(key: String, points: [Point], step: TimeInterval) {
        self.key = key
        self.points = points
        self.step = step
    }

    /// Runs of finite values with no step missing between them.
    public var segments: [[Point]] {
        var out: [[Point]] = []
        var run: [Point] = []
        for p in points {
            guard p.value.isFinite else {
                if !run.isEmpty { out.append(run) }
                run = []
                continue
            }
            if let last = run.last, p.at.timeIntervalSince(last.at) > step * 1.5 {
                out.append(run)
                run = []
            }
            run.append(p)
        }
        if !run.isEmpty { out.append(run) }
        return out
    }

    public var finite: [Point] { points.filter { $0.value.isFinite } }

    /// The highest value (`rising`) or the lowest.
    func peak(rising: Bool) -> Double? {
        let values = finite.map(\.value)
        return rising ? values.max() : values.min()
    }
}

/// How finely to ask for a span: a chart wants about 120–300 points.
public enum SignalStep {
    /// Whole seconds, at least one, so that `span / step` is at most `points`.
    public static func seconds(from: Date, to: Date, points: Int = 200) -> TimeInterval {
        let span = max(to.timeIntervalSince(from), 1)
        return max(1, (span / Double(max(points, 1))).rounded(.up))
    }
}
