import Foundation

/// Turns offsets from T-0 into absolute instants in the launch time zone. Pure: no clock reads.
///
/// Days are calendar days in the zone: the wall-clock time of T-0 is kept on the target day
/// (Gregorian calendar), then the exact seconds are added. When that wall-clock time does not
/// exist on the target day (a spring-forward gap), it moves forward by the length of the gap
/// (02:30 on the Oslo spring-forward day becomes 03:30 CEST), as Foundation's `Calendar` and
/// java.time do. When it occurs twice (fall-back), the earlier instant is used.
public enum Schedule {
    /// Instants beyond this many seconds from 1970 (about ±3 million years) are not resolved in a zone.
    static let limit = 100_000_000_000_000.0

    /// The instant `offset` after `t0`, with days added as calendar days in `timeZone`.
    public static func instant(of offset: TimeOffset, t0: Date, timeZone: TimeZone) -> Date {
        let t = t0.timeIntervalSince1970
        guard t.isFinite, abs(t) < limit,
              offset.days.magnitude <= 100_000_000, offset.seconds.magnitude <= 100_000_000_000_000 else {
            return Date(timeIntervalSince1970: t + Double(offset.days) * 86_400 + Double(offset.seconds))
        }
        let whole = t.rounded(.down)
        let fraction = t - whole
        var utc = Int(whole)
        if offset.days != 0 {
            let local = utc + timeZone.secondsFromGMT(for: t0)
            utc = utcSeconds(forLocal: local + offset.days * 86_400, in: timeZone)
        }
        return Date(timeIntervalSince1970: Double(utc + offset.seconds) + fraction)
    }

    /// The UTC seconds for a local wall-clock time (seconds since 1970 as if the zone were UTC),
    /// applying the gap and overlap rules above.
    static func utcSeconds(forLocal local: Int, in zone: TimeZone) -> Int {
        func offset(_ s: Int) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(s))) }
        let before = offset(local - 86_400)
        var best: Int?
        for probe in [local - 86_400, local, local + 86_400] {
            let candidate = local - offset(probe)
            if candidate + offset(candidate) == local, best.map({ candidate < $0 }) ?? true {
                best = candidate
            }
        }
        return best ?? local - before
    }
}
