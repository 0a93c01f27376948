import Foundation

/// Where one success criterion stands, folded from its `criterion.changed` and
/// `criterion.confirmed` events (criteria with no event are `waiting`).
public struct CriterionProgress: Codable, Hashable, Sendable {
    public var status: CriterionStatus = .waiting
    /// Verifying: since when it has held (its window counts from here).
    public var since: Date?
    /// The last observed value (on entering verifying, verified or broken).
    public var value: Double?
    /// Verified: when; for a confirmation, by whom and with what note.
    public var verifiedAt: Date?
    public var confirmedBy: String?
    public var note: String?
    /// The last breach: when and what was observed.
    public var brokenAt: Date?
    public var brokenValue: Double?
    /// How many times it broke (each one restarted its window).
    public var breaches: Int = 0
    /// The last evaluation, changes or not (kept by the watcher like a trigger's; not in events).
    public var lastEvaluatedAt: Date?
    public var message: String?

    public init() {}

    /// Verified by its window or confirmed by a person.
    public var isMet: Bool { status == .verified }

    mutating func apply(_ change: CriterionChanged) {
        status = change.state
        value = change.value
        message = change.message
        lastEvaluatedAt = change.observedAt
        switch change.state {
        case .waiting:
            since = nil
        case .verifying:
            since = change.observedAt
        case .verified:
            verifiedAt = change.observedAt
        case .broken:
            since = nil
            brokenAt = change.observedAt
            brokenValue = change.value
            breaches += 1
        }
    }

    mutating func apply(_ confirmation: CriterionConfirmed, by who: String, at time: Date) {
        status = .verified
        verifiedAt = time
        confirmedBy = who
        note = confirmation.note
    }

    /// Seconds of the window still to hold at `now`, while verifying.
    public func remaining(of check: SuccessCheck, now: Date) -> Int? {
        guard status == .verifying, let since else { return nil }
        return max(0, check.windowSeconds - Int(now.timeIntervalSince(since).rounded(.down)))
    }
}
