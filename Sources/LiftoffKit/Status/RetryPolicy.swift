import Foundation

/// Exponential backoff with jitter for notification delivery. With the defaults a delivery is
/// retried for roughly one to two hours (delays 2 s, 4 s, … capped at 5 minutes, 30 attempts)
/// before Liftoff gives up and records a final failure.
public struct RetryPolicy: Hashable, Sendable {
    public var initialDelay: TimeInterval
    public var multiplier: Double
    public var maximumDelay: TimeInterval
    /// The attempt that, failing, is final.
    public var maxAttempts: Int
    /// The share of each delay that is random: 0.5 waits between half and all of it, so retries
    /// of many launches against one receiver do not arrive in lock-step.
    public var jitter: Double

    public init(initialDelay: TimeInterval = 2, multiplier: Double = 2, maximumDelay: TimeInterval = 300, maxAttempts: Int = 30, jitter: Double = 0.5) {
        self.initialDelay = max(initialDelay, 0)
        self.multiplier = max(multiplier, 1)
        self.maximumDelay = max(maximumDelay, self.initialDelay)
        self.maxAttempts = max(maxAttempts, 1)
        self.jitter = min(max(jitter, 0), 1)
    }

    public static let standard = RetryPolicy()

    /// The wait after failed attempt `attempt` (1-based). `unit` in [0, 1) draws the jitter.
    public func delay(afterAttempt attempt: Int, unit: Double) -> TimeInterval {
        let exponent = Double(max(attempt - 1, 0))
        let full = min(initialDelay * pow(multiplier, min(exponent, 64)), maximumDelay)
        let u = unit.isFinite ? min(max(unit, 0), 1) : 0
        return full * (1 - jitter * u)
    }

    /// The delay with its jitter drawn from `generator` (inject a seeded one in tests).
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> TimeInterval {
        delay(afterAttempt: attempt, unit: Double.random(in: 0..<1, using: &generator))
    }

    /// Whether failing attempt `attempt` ends the retries.
    public func isFinal(attempt: Int) -> Bool { attempt >= maxAttempts }
}
