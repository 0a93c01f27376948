import Foundation

/// Failed logins in a sliding minute, counted per client address and per token prefix (so a proxy
/// shared by everyone, or one guess tried from many addresses, is each one bucket). Only failures
/// count and only failures are refused: a correct token always logs in (docs/server.md, "Login").
actor LoginRateLimiter {
    let perMinute: Int
    let clock: @Sendable () -> Date
    var failures: [String: [Date]] = [:]

    init(perMinute: Int, clock: @escaping @Sendable () -> Date) {
        self.perMinute = perMinute
        self.clock = clock
    }

    /// Records a failed attempt; returns nil while under the limit, else the seconds until one of
    /// its buckets has room again.
    func failed(address: String, token: String) -> Int? {
        let now = clock()
        let windowStart = now.addingTimeInterval(-60)
        if failures.count > 10_000 { failures = failures.filter { $0.value.contains { $0 > windowStart } } }
        var wait: Int?
        for key in Self.keys(address: address, token: token) {
            var recent = (failures[key] ?? []).filter { $0 > windowStart }
            recent.append(now)
            if recent.count > perMinute {
                recent.removeFirst(recent.count - perMinute)
                let until = (recent.first ?? now).addingTimeInterval(60).timeIntervalSince(now)
                wait = max(wait ?? 1, Int(until.rounded(.up)))
            }
            failures[key] = recent
        }
        return wait
    }

    static func keys(address: String, token: String) -> [String] {
        ["address:" + address, "prefix:" + String(token.prefix(6))]
    }
}
