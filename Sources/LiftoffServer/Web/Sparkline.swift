import Foundation
import LiftoffRender

/// A small inline SVG line of a trigger's recent values (no script, no styles: CSS colours it).
enum Sparkline {
    static let width = 100.0
    static let height = 24.0

    static func svg(_ values: [Double], label: String) -> HTML {
        let finite = values.filter(\.isFinite)
        let description = finite.isEmpty ? "\(label): no values yet" : "\(label): " + finite.map(format).joined(separator: ", ")
        return .element("svg", [.class("sparkline"), .attr("viewBox", "0 0 \(Int(width)) \(Int(height))"), .attr("preserveAspectRatio", "none"),
                                .attr("role", "img"), .aria("label", description), .attr("focusable", "false")],
                        finite.isEmpty ? [] : [.element("polyline", [.attr("points", points(finite)), .attr("vector-effect", "non-scaling-stroke")])])
    }

    /// `x,y` pairs scaled into the box; a flat series sits in the middle.
    static func points(_ values: [Double]) -> String {
        guard let low = values.min(), let high = values.max() else { return "" }
        let span = high - low
        let step = values.count > 1 ? width / Double(values.count - 1) : 0
        return values.enumerated().map { i, v in
            let x = values.count > 1 ? Double(i) * step : width / 2
            let y = span > 0 ? (height - 2) - (v - low) / span * (height - 4) : height / 2
            return String(format: "%.1f,%.1f", x, y)
        }.joined(separator: " ")
    }

    /// Up to four significant digits without exponent noise: `0.0123`, `812`, `1.5e+06`.
    static func format(_ v: Double) -> String {
        String(format: "%.4g", v)
    }
}
