import Foundation

// Payloads of the events that land a launch: success criteria as they are verified or
// confirmed, and the retrospective (docs/launches.md, "Landing the launch").

/// Where a success criterion stands.
public enum CriterionStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Not measured yet, or its signal had no data: not verified.
    case waiting
    /// Holding; verified once it has held for its whole window.
    case verifying
    /// Held for its whole window (metric) or confirmed by its owner.
    case verified
    /// Breached; the window starts again once it holds.
    case broken
}

/// `criterion.changed`: a metric criterion moved to a new state, with what was observed.
public struct CriterionChanged: EventPayload {
    public static let type = EventType.criterionChanged
    public var criterion: String
    public var state: CriterionStatus
    public var previous: CriterionStatus?
    /// The observed value (the worst series); nil with no data or a query error.
    public var value: Double?
    public var observedAt: Date
    /// Why: the breach, "no data", the query error, or how long it held.
    public var message: String?

    public init(criterion: String, state: CriterionStatus, previous: CriterionStatus?, value: Double?, observedAt: Date, message: String?) {
        self.criterion = criterion
        self.state = state
        self.previous = previous
        self.value = value.flatMap { $0.isFinite ? $0 : nil }
        self.observedAt = CanonicalTime.rounded(observedAt)
        self.message = message
    }
}

/// `criterion.confirmed`: a person confirmed a criterion that is judged, not measured.
public struct CriterionConfirmed: EventPayload {
    public static let type = EventType.criterionConfirmed
    public var criterion: String
    /// The evidence, in the confirmer's words.
    public var note: String

    public init(criterion: String, note: String) {
        self.criterion = criterion
        self.note = note
    }
}

/// What a retrospective item is.
public enum RetroKind: String, Hashable, Sendable, Codable, CaseIterable {
    case wentWell = "went-well"
    case wentBadly = "went-badly"
    case action
}

/// `retro.added`: one item of the launch's retrospective; action items carry an owner and a due date.
public struct RetroAdded: EventPayload {
    public static let type = EventType.retroAdded
    public var kind: RetroKind
    public var text: String
    public var owner: String?
    /// A calendar date, `YYYY-MM-DD`.
    public var due: String?

    public init(kind: RetroKind, text: String, owner: String? = nil, due: String? = nil) {
        self.kind = kind
        self.text = text
        self.owner = owner
        self.due = due
    }
}
