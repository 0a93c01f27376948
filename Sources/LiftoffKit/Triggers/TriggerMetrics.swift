import Foundation

/// The Metrics line from the log alone: the latest value each trigger saw, from `trigger.changed`.
/// A watcher with richer live values can pass its own list to `StatusMessage` instead.
public struct TriggerMetrics: Hashable, Sendable {
    private var latest: [String: TriggerChanged] = [:]
    private var order: [String] = []

    public init() {}

    public mutating func observe(_ event: LaunchEvent) {
        guard event.eventType == .triggerChanged, let change = try? event.decode(TriggerChanged.self) else { return }
        let key = change.trigger + (change.series ?? "")
        if latest[key] == nil { order.append(key) }
        latest[key] = change
    }

    /// `(trigger[series], "0.0123 (firing)")`, in the order the triggers first reported.
    public var values: [(name: String, value: String)] {
        order.compactMap { key in
            guard let c = latest[key] else { return nil }
            let name = c.trigger + (c.series ?? "")
            let value = c.value.map(Self.format) ?? "no value"
            return (name, "\(value) (\(c.state.rawValue))")
        }
    }

    /// Up to four significant digits, no exponent for everyday magnitudes.
    package static func format(_ v: Double) -> String {
        guard v.isFinite else { return "no value" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let magnitude = abs(v)
        let decimals = magnitude >= 100 ? 1 : magnitude >= 1 ? 3 : magnitude >= 0.001 ? 4 : 6
        var text = String(format: "%.\(decimals)f", v)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
