import Foundation

/// Numbers with units in checks: `200`, `0.01`, `200ms`, `2s`, `5m`, `1h`, `90d`, `1%`.
/// Durations become seconds; `%` divides by 100.
package enum CheckQuantity {
    package static func parse(_ text: String) -> (value: Double, unit: String?)? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("%", 0.01)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            let number = String(text.dropLast(unit.count))
            // "ms" must not be read as "m" + "s": the number part has to be a plain number.
            if let value = Double(number), value.isFinite { return (value * factor, unit) }
        }
        if let value = Double(text), value.isFinite { return (value, nil) }
        return nil
    }

    /// Seconds as a short duration: `180ms`, `2.5s`, `30d`.
    package static func duration(_ seconds: Double) -> String {
        let a = abs(seconds)
        if a >= 86400 { return trimmed(seconds / 86400) + "d" }
        if a >= 3600 { return trimmed(seconds / 3600) + "h" }
        if a >= 60 { return trimmed(seconds / 60) + "m" }
        if a >= 10 { return trimmed((seconds * 10).rounded() / 10) + "s" }
        if a >= 1 { return trimmed((seconds * 100).rounded() / 100) + "s" }
        // Whole milliseconds, with one decimal below 10ms.
        let ms = seconds * 1000
        return trimmed(abs(ms) < 10 ? (ms * 10).rounded() / 10 : ms.rounded()) + "ms"
    }

    /// A number written back in the unit the user chose.
    package static func display(_ value: Double, unit: String?) -> String {
        switch unit {
        case "ms": trimmed(value * 1000) + "ms"
        case "s": trimmed(value) + "s"
        case "m": trimmed(value / 60) + "m"
        case "h": trimmed(value / 3600) + "h"
        case "d": trimmed(value / 86400) + "d"
        case "%": trimmed(value * 100) + "%"
        default: trimmed(value)
        }
    }

    package static func trimmed(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let s = String(format: "%.3f", value)
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return String(t)
    }
}
