/// One prefixed anchor endpoint as written (`T-7 days`, `H+0:15`, `D-Day`), before a unitless
/// number is given its unit.
struct RawPoint {
    enum Prefix { case t, h, d }

    var prefix: Prefix
    var negative: Bool
    /// nil for `D-Day`.
    var number: ScannedNumber?
    /// Minutes of an `h:mm` form.
    var clockMinutes: Int?
    var unit: TimeUnit?
    /// Spaces between the prefix letter and the sign (`T - 7`).
    var spacedSign: Bool
    var end: Int

    /// A spaced sign with nothing else that marks it as time (`D - 2024`).
    var isWeak: Bool { spacedSign && unit == nil && clockMinutes == nil }

    /// The unit implied by the form: written unit, hours for `H` and `h:mm`, days for `D`.
    var effectiveUnit: TimeUnit? {
        if clockMinutes != nil { return .hour }
        if let unit { return unit }
        switch prefix {
        case .t: return nil
        case .h: return .hour
        case .d: return .day
        }
    }

    /// The offset, using `unitless` when neither a unit is written nor implied.
    func resolve(unitless: TimeUnit) -> TimeOffset? {
        guard let number else { return .zero }
        if let m = clockMinutes {
            guard !number.hasFraction, number.integer <= maxAnchorDays * 24 else { return nil }
            let s = number.integer * 3600 + m * 60
            return TimeOffset(seconds: negative ? -s : s)
        }
        return number.offset(unit: effectiveUnit ?? unitless, negative: negative)
    }

    /// Parses a prefixed endpoint starting exactly at `i`.
    static func parse(_ sc: AnchorScanner, at i: Int) -> RawPoint? {
        let prefix: Prefix
        switch sc[i] {
        case "t", "l": prefix = .t
        case "h": prefix = .h
        case "d": prefix = .d
        default: return nil
        }
        var j = sc.skipSpaces(i + 1)
        var spaced = j > i + 1
        var spelled = false
        let negative: Bool
        if let sign = sc[j], sign == "-" || sign == "+" {
            negative = sign == "-"
            j = sc.skipSpaces(j + 1)
            // "T-minus 30 minutes": the sign said twice.
            if sc[i] == "t", negative, case let (w, e) = sc.word(j), w == "minus", sc.isBoundary(e) {
                j = sc.skipSpaces(e)
                spaced = true
                spelled = true
            }
        } else if sc[i] == "t", j > i + 1, case let (w, e) = sc.word(j), w == "minus" || w == "plus", sc.isBoundary(e) {
            // "T minus 30 minutes", "T plus 2 hours".
            negative = w == "minus"
            j = sc.skipSpaces(e)
            spaced = true
            spelled = true
        } else {
            return nil
        }
        if prefix == .d, negative {
            let (w, e) = sc.word(j)
            if w == "day" {
                guard sc.isBoundary(e) else { return nil }
                return RawPoint(prefix: .d, negative: true, number: nil, clockMinutes: nil, unit: nil,
                                spacedSign: spaced, end: e)
            }
        }
        guard let num = sc.number(j) else { return nil }
        j = num.end
        var clock: Int?
        if prefix != .d, !num.hasFraction, sc[j] == ":",
           AnchorScanner.isDigit(sc[j + 1]), AnchorScanner.isDigit(sc[j + 2]), !AnchorScanner.isDigit(sc[j + 3]),
           let mm = sc.number(j + 1) {
            guard mm.integer < 60 else { return nil }
            clock = mm.integer
            j += 3
        }
        var unit: TimeUnit?
        if clock == nil {
            let (w, e) = sc.word(sc.skipSpaces(j))
            if let u = TimeUnit(word: w) {
                guard sc.isBoundary(e) else { return nil }
                unit = u
                j = e
            }
        }
        guard sc.isBoundary(j) else { return nil }
        // A sign in words names its unit: "T minus 3" could be minutes, hours or days.
        if spelled, unit == nil, clock == nil { return nil }
        return RawPoint(prefix: prefix, negative: negative, number: num, clockMinutes: clock, unit: unit,
                        spacedSign: spaced, end: j)
    }
}
