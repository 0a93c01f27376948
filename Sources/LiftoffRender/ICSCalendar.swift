import Foundation
import LiftoffKit

/// RFC 5545 calendar of a plan: one VEVENT per phase, gate or timed step, with stable UIDs
/// (the same runbook and T-0 give the same UIDs, so re-importing updates instead of duplicating).
public enum ICSCalendar {
    /// `stamp` is the DTSTAMP (the time the file is written), injected to keep this pure.
    /// A launch that was rescheduled keys its UIDs on the T-0 it was created with (`uidT0`) and
    /// counts its moves in `sequence`, so calendars update each event in place (RFC 5545 §3.8.7.4).
    public static func make(_ plan: Plan, stamp: Date, uidT0: Date? = nil, sequence: Int = 0) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Liftoff//Liftoff runbook plan//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escape(plan.runbook.title ?? plan.runbook.file))",
        ]
        let t0Key = utc(uidT0 ?? plan.t0)
        let scope = Slug.make(plan.runbook.title ?? plan.runbook.file)
        for entry in plan.entries {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:\(entry.kind.rawValue)-\(entry.id.replacingOccurrences(of: "/", with: "."))-\(t0Key)@\(scope).liftoff")
            lines.append("DTSTAMP:\(utc(stamp))")
            if sequence > 0 { lines.append("SEQUENCE:\(sequence)") }
            lines.append("DTSTART:\(utc(entry.startAt))")
            if entry.endAt > entry.startAt {
                lines.append("DTEND:\(utc(entry.endAt))")
            }
            let prefix = entry.kind == .phase ? "" : (entry.kind == .gate ? "" : "☐ ")
            lines.append("SUMMARY:\(escape(prefix + entry.title))")
            var description = "\(Plan.offsetText(entry.window.start)) · line \(entry.line)"
            if let owner = entry.owner, !owner.isEmpty { description += "\nOwner: \(owner)" }
            if let phase = entry.phase, !phase.isEmpty { description += "\nSection: \(phase)" }
            lines.append("DESCRIPTION:\(escape(description))")
            lines.append("CATEGORIES:\(entry.kind == .phase ? "PHASE" : (entry.kind == .gate ? "GATE" : "STEP"))")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT escaping of RFC 5545 §3.3.11.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default:
                // Control characters are not allowed in TEXT values.
                if let a = c.asciiValue, a < 0x20 || a == 0x7F { continue }
                out.append(c)
            }
        }
        return out
    }

    /// Folds lines longer than 75 octets (§3.1) without splitting a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = ""
        var current = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if current + size > limit {
                out += "\r\n "
                current = 0
                limit = 74
            }
            out.unicodeScalars.append(scalar)
            current += size
        }
        return out
    }

    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
