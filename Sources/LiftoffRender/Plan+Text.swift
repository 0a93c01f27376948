import Foundation
import LiftoffKit

extension Plan {
    /// A table for the terminal: absolute local time, offset from T-0, what, owner.
    public func text() -> String {
        var out = "\(runbook.title ?? runbook.file) — T-0 \(Self.local(t0, timeZone, withDate: true)) (\(timeZone.identifier))\n\n"
        let rows = entries.map { e -> (String, String, String, String) in
            let when = Self.local(e.startAt, timeZone, withDate: true) + (e.endAt != e.startAt ? " → " + Self.local(e.endAt, timeZone, withDate: !Self.sameDay(e.startAt, e.endAt, timeZone)) : "")
            let what = e.kind == .phase ? "▸ \(e.title)" : (e.kind == .gate ? "◆ \(e.title)" : "  \(e.title)")
            return (when, Self.offsetText(e.window.start), what, e.owner ?? "")
        }
        let w0 = max(4, rows.map(\.0.count).max() ?? 0)
        let w1 = max(8, rows.map(\.1.count).max() ?? 0)
        let w2 = min(70, max(4, rows.map(\.2.count).max() ?? 0))
        out += "WHEN".padded(w0) + "  " + "T-OFFSET".padded(w1) + "  " + "WHAT".padded(w2) + "  OWNER\n"
        for r in rows {
            out += r.0.padded(w0) + "  " + r.1.padded(w1) + "  " + String(r.2.prefix(70)).padded(w2) + "  " + r.3 + "\n"
        }
        if !untimedSteps.isEmpty {
            out += "\n\(untimedSteps.count) steps have no time (they are done when their section is reached).\n"
        }
        return out
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
