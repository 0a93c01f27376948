import Foundation

extension Schedule {
    /// `2026-03-23T09:00:00+01:00`: whole seconds, with the zone's UTC offset at that instant
    /// (`+00:00` for UTC; `+hh:mm:ss` only for historical second-precision offsets).
    public static func iso8601(_ date: Date, timeZone: TimeZone) -> String {
        let t = date.timeIntervalSince1970
        guard t.isFinite, abs(t) < limit else { return "invalid-date" }
        let offset = timeZone.secondsFromGMT(for: date)
        let (day, sec) = CivilTime.split(Int(t.rounded(.down)) + offset)
        let (y, mo, d) = CivilTime.date(days: day)
        let year = y >= 0 && y <= 9999 ? pad(y, 4) : String(y)
        var out = "\(year)-\(pad(mo, 2))-\(pad(d, 2))T\(pad(sec / 3600, 2)):\(pad(sec / 60 % 60, 2)):\(pad(sec % 60, 2))"
        let mag = offset.magnitude
        out += (offset < 0 ? "-" : "+") + "\(pad(Int(mag / 3600), 2)):\(pad(Int(mag / 60 % 60), 2))"
        if mag % 60 != 0 { out += ":\(pad(Int(mag % 60), 2))" }
        return out
    }

    /// Parses an `--at` value: `2026-12-01T09:00`, `2026-12-01T09:00:00[.fff]`, `2026-12-01 09:00`,
    /// or a bare date (midnight), optionally followed by `Z` or an offset (`+01:00`, `+0100`, `+01`).
    /// Without an offset the wall-clock time is read in `timeZone` (gap/overlap rules of `Schedule`).
    public static func parseLocalDateTime(_ s: String, timeZone: TimeZone) -> Date? {
        var p = DigitCursor(Array(s.trimmingCharacters(in: .whitespaces)))
        guard let year = p.digits(4), p.take("-"), let month = p.digits(2), p.take("-"), let day = p.digits(2),
              (1...12).contains(month), day >= 1, day <= CivilTime.daysInMonth(year: year, month: month)
        else { return nil }
        var second = 0
        var fraction = 0.0
        if p.take("T") || p.take("t") || p.take(" ") {
            while p.take(" ") {}
            guard let h = p.digits(2), p.take(":"), let mi = p.digits(2), h <= 23, mi <= 59 else { return nil }
            second = h * 3600 + mi * 60
            if p.take(":") {
                guard let sec = p.digits(2), sec <= 59 else { return nil }
                second += sec
                if p.take(".") || p.take(",") {
                    guard let f = p.fraction() else { return nil }
                    fraction = f
                }
            }
            while p.take(" ") {}
        }
        let local = CivilTime.days(year: year, month: month, day: day) * 86_400 + second
        var utc: Int
        if p.atEnd {
            utc = utcSeconds(forLocal: local, in: timeZone)
        } else if p.take("Z") || p.take("z") {
            utc = local
        } else if let negative = p.sign() {
            guard let oh = p.digits(2), oh <= 23 else { return nil }
            var om = 0
            if p.take(":") {
                guard let m = p.digits(2) else { return nil }
                om = m
            } else if let m = p.digits(2) {
                om = m
            }
            guard om <= 59 else { return nil }
            let off = oh * 3600 + om * 60
            utc = local - (negative ? -off : off)
        } else {
            return nil
        }
        guard p.atEnd else { return nil }
        return Date(timeIntervalSince1970: Double(utc) + fraction)
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n.magnitude)
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }
}

/// A cursor over characters for fixed-width date parsing.
struct DigitCursor {
    let c: [Character]
    var i = 0

    init(_ c: [Character]) { self.c = c }

    var atEnd: Bool { i >= c.count }

    mutating func take(_ ch: Character) -> Bool {
        guard i < c.count, c[i] == ch else { return false }
        i += 1
        return true
    }

    /// Exactly `n` ASCII digits.
    mutating func digits(_ n: Int) -> Int? {
        guard i + n <= c.count else { return nil }
        var v = 0
        for k in i..<(i + n) {
            guard let a = c[k].asciiValue, a >= 48, a <= 57 else { return nil }
            v = v * 10 + Int(a - 48)
        }
        i += n
        return v
    }

    /// 1–9 digits after a decimal point, as a fraction of a second.
    mutating func fraction() -> Double? {
        var v = 0.0, scale = 0.1, n = 0
        while i < c.count, let a = c[i].asciiValue, a >= 48, a <= 57 {
            n += 1
            if n > 9 { return nil }
            v += Double(a - 48) * scale
            scale /= 10
            i += 1
        }
        return n > 0 ? v : nil
    }

    /// `+` → false, `-` or `−` → true, else nil (not consumed).
    mutating func sign() -> Bool? {
        if take("+") { return false }
        if take("-") || take("\u{2212}") { return true }
        return nil
    }
}
