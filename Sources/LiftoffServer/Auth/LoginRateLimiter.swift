import Foundation

/// Login attempts per client address in a sliding minute; beyond the limit the caller waits.
actor LoginRateLimiter {
    let perMinute: Int
    let clock: @Sendable () -> Date
    var attempts: [String: [Date]] = [:]

    init(perMinute: Int, clock: @escaping @Sendable () -> Date) {
        self.perMinute = perMinute
        self.clock = clock
    }

    /// Records an attempt; returns nil when allowed, else the seconds until the next one is.
    func attempt(from address: String) -> Int? {
        let now = clock()
        let windowStart = now.addingTimeInterval(-60)
        var recent = (attempts[address] ?? []).filter { $0 > windowStart }
        if attempts.count > 10_000 { attempts = attempts.filter { $0.value.contains { $0 > windowStart } } }
        guard recent.count < perMinute else {
            attempts[address] = recent
            let wait = (recent.first ?? now).addingTimeInterval(60).timeIntervalSince(now)
            return max(1, Int(wait.rounded(.up)))
        }
        recent.append(now)
        attempts[address] = recent
        return nil
    }
}
