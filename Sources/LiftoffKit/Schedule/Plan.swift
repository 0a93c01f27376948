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

    package static func local(_ date: Date, _ zone: TimeZone, withDate: Bool) -> String {
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

    package static func sameDay(_ a: Date, _ b: Date, _ zone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.isDate(a, inSameDayAs: b)
    }
}
