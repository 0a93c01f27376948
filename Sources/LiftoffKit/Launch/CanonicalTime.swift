import Foundation

/// Event times: whole milliseconds, written as RFC 3339 UTC with exactly three fraction digits
/// (`2026-12-01T08:00:00.000Z`), so a stored time reads back to the same instant and bytes.
public enum CanonicalTime {
    /// The instant rounded to the millisecond (what an event keeps).
    public static func rounded(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    public static func milliseconds(_ date: Date) -> Int64 {
        let ms = (date.timeIntervalSince1970 * 1000).rounded()
        guard ms.isFinite, abs(ms) < 1e17 else { return 0 }
        return Int64(ms)
    }

    public static func string(_ date: Date) -> String {
        let ms = Int(milliseconds(date))
        let seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000)
        let fraction = ms - seconds * 1000
        let (day, sec) = CivilTime.split(seconds)
        let (y, mo, d) = CivilTime.date(days: day)
        return "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))T\(pad(sec / 3600, 2)):\(pad(sec / 60 % 60, 2)):\(pad(sec % 60, 2)).\(pad(fraction, 3))Z"
    }

    /// Reads exactly the form `string(_:)` writes.
    public static func parse(_ s: String) -> Date? {
        let c = Array(s.utf8)
        guard c.count == 24, c[4] == 0x2D, c[7] == 0x2D, c[10] == 0x54, c[13] == 0x3A, c[16] == 0x3A,
              c[19] == 0x2E, c[23] == 0x5A else { return nil }
        func num(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for b in c[from..<(from + count)] {
                guard b >= 0x30, b <= 0x39 else { return nil }
                v = v * 10 + Int(b - 0x30)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
              let sec = num(17, 2), let ms = num(20, 3), (1...12).contains(mo), d >= 1,
              d <= CivilTime.daysInMonth(year: y, month: mo), h < 24, mi < 60, sec < 60 else { return nil }
        let seconds = CivilTime.days(year: y, month: mo, day: d) * 86_400 + h * 3600 + mi * 60 + sec
        return Date(timeIntervalSince1970: Double(seconds * 1000 + ms) / 1000)
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
