import Foundation

/// How often status updates are due, as a runbook says it (DESIGN §9): `15 minutes`,
/// `every 15 minutes`, `hourly`, `every 30 min for the first 4h, then hourly for 24h, then normal`.
///
/// Bounds count from the anchor (H+0), as the go-live template's table reads that sentence
/// (H+0 to H+4 every 30 min, H+4 to H+24 every 60 min). A bound that does not reach past the
/// previous one (`every 5 min for 1h, then every 15 min for 1h`) counts from where that one ended.
/// A cadence whose last period is bounded stops there ("then normal" says the same).
///
/// ```swift
/// let cadence = try StatusCadence.parse("every 30 min for the first 4h, then hourly for 24h")
/// let schedule = StatusSchedule(cadence: cadence, anchor: state.t0)
/// let next = schedule.nextDue(after: now)     // nil once the cadence has run out
/// ```
public struct StatusCadence: Hashable, Sendable {
    public struct Period: Hashable, Sendable {
        /// Seconds between updates.
        public var interval: Int
        /// Seconds after the anchor at which this period ends; nil: it never ends.
        public var until: Int?

        public init(interval: Int, until: Int?) {
            self.interval = interval
            self.until = until
        }
    }

    /// In order; every period but the last is bounded.
    public var periods: [Period]

    public init(periods: [Period]) {
        self.periods = periods
    }

    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var text: String
        public var message: String
        public var hint: String { "write e.g. 'every 15 minutes' or 'every 30 min for the first 4h, then hourly for 24h'" }
        public var description: String { "cannot read the status cadence '\(text)': \(message)\nhint: \(hint)" }
    }

    /// Words that stand for an interval on their own.
    private static let intervalWords: [String: Int] = [
        "hourly": 3600, "daily": 86_400, "half-hourly": 1800, "half hourly": 1800, "weekly": 604_800,
        "twice daily": 43_200, "twice a day": 43_200, "twice weekly": 302_400, "twice a week": 302_400,
        "minute": 60, "hour": 3600, "day": 86_400, "half hour": 1800, "half an hour": 1800, "quarter hour": 900, "quarter of an hour": 900,
    ]

    /// Words that end the cadence: after them no updates are due.
    private static let stopWords = ["normal", "standard", "stop", "none", "no more", "as needed", "on demand"]

    public static func parse(_ text: String) throws(ParseError) -> StatusCadence {
        let cleaned = text.lowercased()
            .replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ".")))
        guard !cleaned.isEmpty else { throw ParseError(text: text, message: "it is empty") }
        var periods: [Period] = []
        var stopped = false
        for rawPart in split(cleaned) {
            let part = rawPart.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            if stopWords.contains(where: { part.hasPrefix($0) }) {
                stopped = true
                continue
            }
            guard !stopped else { throw ParseError(text: text, message: "'\(part)' comes after the cadence ended") }
            if let last = periods.last, last.until == nil {
                throw ParseError(text: text, message: "'\(part)' follows a period without an end; say how long it lasts ('for 4h')")
            }
            let (interval, bound) = try period(part, in: text)
            let start = periods.last?.until ?? 0
            var until: Int?
            if let bound {
                // From the anchor when that reaches further, else from the previous period's end.
                until = bound > start ? bound : start + bound
            }
            periods.append(Period(interval: interval, until: until))
        }
        guard !periods.isEmpty else { throw ParseError(text: text, message: "it names no interval") }
        return StatusCadence(periods: periods)
    }

    /// Splits at `then`, commas and semicolons.
    private static func split(_ s: String) -> [String] {
        s.replacingOccurrences(of: ";", with: ",")
            .replacingOccurrences(of: " then ", with: ",")
            .replacingOccurrences(of: "and then", with: ",")
            .split(separator: ",")
            .map { part in
                var p = part.trimmingCharacters(in: .whitespaces)
                for prefix in ["then ", "and "] where p.hasPrefix(prefix) { p = String(p.dropFirst(prefix.count)) }
                return p
            }
    }

    /// One `[every] INTERVAL [for [the] [first|next] DURATION]`.
    private static func period(_ part: String, in text: String) throws(ParseError) -> (interval: Int, bound: Int?) {
        var body = part
        var bound: Int?
        if let range = body.range(of: " for ") ?? (body.hasPrefix("for ") ? body.range(of: "for ") : nil) {
            var duration = String(body[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            for word in ["the ", "first ", "next "] where duration.hasPrefix(word) { duration = String(duration.dropFirst(word.count)) }
            for word in ["the ", "first ", "next "] where duration.hasPrefix(word) { duration = String(duration.dropFirst(word.count)) }
            guard let seconds = DurationParser.parse(duration) ?? intervalWords[duration], seconds > 0 else {
                throw ParseError(text: text, message: "cannot read the duration '\(duration)'")
            }
            bound = seconds
            body = String(body[..<range.lowerBound])
        }
        body = body.trimmingCharacters(in: .whitespaces)
        for word in ["status updates ", "status update ", "updates ", "update "] where body.hasPrefix(word) { body = String(body.dropFirst(word.count)) }
        if body.hasPrefix("every ") { body = String(body.dropFirst("every ".count)).trimmingCharacters(in: .whitespaces) }
        if body.hasPrefix("an ") || body.hasPrefix("a ") { body = String(body.drop { $0 != " " }).trimmingCharacters(in: .whitespaces) }
        if body.hasPrefix("real-time") || body.hasPrefix("realtime") || body.hasPrefix("continuous") || body.hasPrefix("live") {
            throw ParseError(text: text, message: "'\(body)' is not a cadence of status updates; say how often")
        }
        // "daily updates", "hourly check-ins": the interval word, then what happens.
        let leading = intervalWords.keys.sorted { $0.count > $1.count }.first { body.hasPrefix($0 + " ") }
        guard let interval = intervalWords[body] ?? DurationParser.parse(body) ?? leading.flatMap({ intervalWords[$0] }) else {
            throw ParseError(text: text, message: "cannot read the interval '\(body)'")
        }
        guard interval >= 60 else { throw ParseError(text: text, message: "an update more often than every minute ('\(body)') is noise") }
        return (interval, bound)
    }
}

/// A cadence placed on the clock: period boundaries and update times count from `anchor`
/// (T-0 of the launch, or when it started). Updates fall on a grid (anchor + k × interval),
/// so a manual post in between does not shift the next one.
public struct StatusSchedule: Hashable, Sendable {
    public var cadence: StatusCadence
    public var anchor: Date

    public init(cadence: StatusCadence, anchor: Date) {
        self.cadence = cadence
        self.anchor = anchor
    }

    /// The first update strictly after `date`; nil when the cadence has ended by then. Before
    /// the anchor the first update is the anchor itself.
    public func nextDue(after date: Date) -> Date? {
        let elapsed = date.timeIntervalSince(anchor)
        guard elapsed.isFinite else { return nil }
        if elapsed < 0 { return anchor }
        var start = 0
        for (index, period) in cadence.periods.enumerated() {
            let end = period.until.map(Double.init) ?? .infinity
            defer { start = period.until ?? start }
            guard elapsed < end else { continue }
            let offset = max(elapsed - Double(start), 0)
            let steps = (offset / Double(period.interval)).rounded(.down) + 1
            let next = Double(start) + steps * Double(period.interval)
            if next <= end { return anchor.addingTimeInterval(next) }
            // Where the next period starts is an update time; after the last one there is none.
            guard index + 1 < cadence.periods.count else { return nil }
            return anchor.addingTimeInterval(end)
        }
        return nil
    }

    /// Every update time in `[from, to]`, for a plan or a test.
    public func dueTimes(from: Date, to: Date, limit: Int = 10_000) -> [Date] {
        var out: [Date] = []
        var cursor = from.addingTimeInterval(-0.001)
        while out.count < limit, let next = nextDue(after: cursor), next <= to {
            out.append(next)
            cursor = next
        }
        return out
    }
}
