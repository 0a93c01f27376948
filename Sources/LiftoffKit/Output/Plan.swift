import Foundation

/// A runbook laid out on the calendar: every timed phase and step at its absolute window.
public struct Plan: Sendable {
    public struct Entry: Sendable, Hashable {
        public enum Kind: String, Sendable { case phase, step, gate }
        public var kind: Kind
        public var id: String
        public var title: String
        public var owner: String?
        public var window: TimeWindow
        public var startAt: Date
        public var endAt: Date
        public var line: Int
        /// The enclosing phase title, for steps.
        public var phase: String?
    }

    public var runbook: Runbook
    public var t0: Date
    public var timeZone: TimeZone
    /// Sorted by start, then by place in the file.
    public var entries: [Entry]
    /// Steps with no time anywhere above them.
    public var untimedSteps: [Step]

    public init(runbook: Runbook, t0: Date, timeZone: TimeZone) {
        self.runbook = runbook
        self.t0 = t0
        self.timeZone = timeZone
        var entries: [Entry] = []
        func at(_ o: TimeOffset) -> Date { Schedule.instant(of: o, t0: t0, timeZone: timeZone) }
        for section in runbook.phases {
            guard let w = section.window else { continue }
            entries.append(Entry(kind: .phase, id: section.id, title: section.title, owner: section.owner, window: w, startAt: at(w.start), endAt: at(w.end), line: section.position.line, phase: nil))
        }
        for gate in runbook.gates {
            guard let w = gate.window else { continue }
            entries.append(Entry(kind: .gate, id: gate.id, title: "Go/no-go: \(gate.title)", owner: gate.roles.joined(separator: ", "), window: w, startAt: at(w.start), endAt: at(w.end), line: gate.position.line, phase: nil))
        }
        var untimed: [Step] = []
        for step in runbook.steps {
            guard let w = step.window else {
                untimed.append(step)
                continue
            }
            let phase = runbook.sections.indices.contains(step.section) ? runbook.sections[step.section].title : nil
            entries.append(Entry(kind: .step, id: step.id, title: step.text, owner: step.owner, window: w, startAt: at(w.start), endAt: at(w.end), line: step.position.line, phase: phase))
        }
        self.entries = entries.sorted { ($0.startAt, $0.line, $0.kind == .phase ? 0 : 1) < ($1.startAt, $1.line, $1.kind == .phase ? 0 : 1) }
        untimedSteps = untimed
    }

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

    /// `T-7d`, `T+1h30m`, `T-0`.
    public static func offsetText(_ o: TimeOffset) -> String {
        if o.days == 0, o.seconds == 0 { return "T-0" }
        var parts = ""
        let sign = (o.days < 0 || (o.days == 0 && o.seconds < 0)) ? "-" : "+"
        if o.days != 0 { parts += "\(abs(o.days))d" }
        let s = abs(o.seconds)
        let sameSign = (o.days == 0) || ((o.days < 0) == (o.seconds < 0)) || o.seconds == 0
        if s > 0 {
            let inner = "\(s / 3600 > 0 ? "\(s / 3600)h" : "")\(s % 3600 / 60 > 0 ? "\(s % 3600 / 60)m" : "")\(s % 60 > 0 ? "\(s % 60)s" : "")"
            parts += sameSign ? inner : (o.seconds < 0 ? "-" : "+") + inner
        }
        return "T\(sign)\(parts)"
    }

    static func local(_ date: Date, _ zone: TimeZone, withDate: Bool) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let time = String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
        let abbreviation = ZoneAbbreviation.short(zone, at: date)
        guard withDate else { return "\(time) \(abbreviation)" }
        let weekday = days[((c.weekday ?? 1) - 1) % 7]
        let month = months[((c.month ?? 1) - 1) % 12]
        return "\(weekday) \(c.day ?? 1) \(month) \(c.year ?? 1970) \(time) \(abbreviation)"
    }

    static func sameDay(_ a: Date, _ b: Date, _ zone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.isDate(a, inSameDayAs: b)
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
