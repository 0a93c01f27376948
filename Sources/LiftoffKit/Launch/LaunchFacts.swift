import Foundation

/// What the pages show beside the launch's rules: the latest result of each check with its
/// evidence, and each trigger's recent values. Folded with the state (`LaunchState.facts`), so
/// the page and the audit log cannot disagree.
public struct LaunchFacts: Sendable, Hashable, Codable {
    public struct CheckResult: Sendable, Hashable, Codable {
        public var seq: Int
        public var time: Date
        public var check: String
        public var gate: String?
        public var step: String?
        public var result: CheckOutcome
        public var expected: String?
        public var observed: String?
    }

    public struct TriggerReading: Sendable, Hashable, Codable {
        public var name: String
        public var state: TriggerStatus
        public var lastValue: Double?
        public var since: Date
        /// Recent observed values, oldest first (at most `historyLimit`).
        public var history: [Double]
        /// When each of `history` was observed (same order). Optional: snapshots written before
        /// it have none, and their values are then drawn without a time (the war room's charts).
        public var times: [Date]?
    }

    public static let historyLimit = 30

    /// The latest result per (check, gate, step): bounded by the runbook, not by the log.
    public var latestByCheck: [String: CheckResult] = [:]
    /// In the order each trigger was first seen.
    public var triggers: [TriggerReading] = []

    public init() {}

    public init(events: [LaunchEvent]) {
        for event in events { apply(event) }
    }

    /// Unreadable payloads are skipped here: `LaunchState.fold` already refuses a broken log.
    public mutating func apply(_ event: LaunchEvent) {
        switch event.eventType {
        case .checkRan:
            if let c = try? event.decode(CheckRan.self) { record(c, seq: event.seq, at: event.time) }
        case .triggerChanged:
            if let t = try? event.decode(TriggerChanged.self) { record(t, at: event.time) }
        default:
            return
        }
    }

    /// A check result, with the payload its event was already decoded into.
    mutating func record(_ c: CheckRan, seq: Int, at time: Date) {
        let key = c.check + "\u{0}" + (c.gate ?? "") + "\u{0}" + (c.step ?? "")
        latestByCheck[key] = CheckResult(seq: seq, time: time, check: c.check, gate: c.gate, step: c.step,
                                         result: c.result, expected: c.expected, observed: c.observed)
    }

    /// A trigger change, with the payload its event was already decoded into.
    mutating func record(_ t: TriggerChanged, at time: Date) {
        let name = t.series.map { "\(t.trigger) \($0)" } ?? t.trigger
        let value = t.value.flatMap { $0.isFinite ? $0 : nil }
        if let i = triggers.firstIndex(where: { $0.name == name }) {
            if triggers[i].state != t.state { triggers[i].since = time }
            triggers[i].state = t.state
            triggers[i].lastValue = value ?? triggers[i].lastValue
            if let value {
                triggers[i].history = Array((triggers[i].history + [value]).suffix(Self.historyLimit))
                triggers[i].times = triggers[i].times.map { Array(($0 + [t.observedAt]).suffix(Self.historyLimit)) }
            }
        } else {
            triggers.append(TriggerReading(name: name, state: t.state, lastValue: value, since: time, history: value.map { [$0] } ?? [],
                                           times: value == nil ? [] : [t.observedAt]))
        }
    }

    /// The latest result of each check, newest first.
    public var latestChecks: [CheckResult] {
        latestByCheck.values.sorted { $0.seq > $1.seq }
    }
}
