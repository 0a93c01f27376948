import Foundation

/// A launch's progress at one event, to start a projection there instead of folding from the
/// first event. The plan is not in it: it is compiled again from `created` (or shared from the
/// plan cache). A snapshot is only trusted at the event whose seq and chain hash it names, and
/// only in the `version` this code writes (docs/architecture.md, "Snapshots").
public struct LaunchSnapshot: Codable, Hashable, Sendable {
    /// Bumped whenever the shape or the meaning of the progress changes; older snapshots are ignored
    /// (3: a posted status keeps its cause and the decision it asks for; 4: a reschedule keeps
    /// its seq).
    public static let version = 4

    public struct Ended: Codable, Hashable, Sendable {
        public var outcome: LaunchOutcome
        public var by: String
        public var at: Date
    }

    public var launch: Int64
    public var seq: Int
    public var lastHash: String
    public var created: LaunchCreated
    public var createdAt: Date
    public var createdBy: String
    public var participants: [String: LaunchParticipant]
    public var steps: [String: StepProgress]
    public var gates: [String: GateProgress]
    public var activity: [ActivityItem]
    public var defects: [ActivityItem]
    public var reminded: [ReminderKind: Set<String>]
    public var statuses: [PostedStatus]
    public var deliveries: [DeliveryKey: DeliveryProgress]
    public var ended: Ended?
    public var triggers: [String: TriggerRuleState]
    public var rollback: RollbackState?
    public var shifts: [String: [ShiftStageRecord]]
    public var interrupted: [String: InterruptedAction]
    public var checkResults: [String: CheckEvidence]
    public var facts: LaunchFacts
    public var criteria: [String: CriterionProgress]
    public var retrospective: [RetroItem]
    public var completionOverride: CompletionOverride?
    /// Absent in snapshots written before holds and forecasts existed (their logs had neither).
    public var hold: LaunchHold?
    public var forecastOverrun: ForecastOverrun?
    public var reschedules: [LaunchReschedule]?

    public init(_ state: LaunchState) {
        launch = state.launch
        seq = state.seq
        lastHash = state.lastHash
        created = state.created
        createdAt = state.createdAt
        createdBy = state.createdBy
        participants = state.participants
        steps = state.steps
        gates = state.gates
        activity = Array(state.activity)
        defects = state.defects
        reminded = state.reminded
        statuses = state.statuses
        deliveries = state.deliveries
        ended = state.ended.map { Ended(outcome: $0.outcome, by: $0.by, at: $0.at) }
        triggers = state.triggers
        rollback = state.rollback
        shifts = state.shifts
        interrupted = state.interrupted
        checkResults = state.checkResults
        facts = state.facts
        criteria = state.criteria
        retrospective = state.retrospective
        completionOverride = state.completionOverride
        hold = state.hold
        forecastOverrun = state.forecastOverrun
        reschedules = state.reschedules.isEmpty ? nil : state.reschedules
    }

    /// The state this snapshot describes, with its plan from `plans`.
    public func state(plans: LaunchPlanCache = .shared) -> LaunchState {
        var state = LaunchState(launch: launch, created: created, at: createdAt, by: createdBy, plans: plans)
        state.seq = seq
        state.lastHash = lastHash
        state.participants = participants
        state.steps = steps
        state.gates = gates
        state.activity = ActivityLog(activity)
        state.defects = defects
        state.reminded = reminded
        state.statuses = statuses
        state.deliveries = deliveries
        state.ended = ended.map { ($0.outcome, $0.by, $0.at) }
        state.triggers = triggers
        state.rollback = rollback
        state.shifts = shifts
        state.interrupted = interrupted
        state.checkResults = checkResults
        state.facts = facts
        state.criteria = criteria
        state.retrospective = retrospective
        state.completionOverride = completionOverride
        state.hold = hold
        state.forecastOverrun = forecastOverrun
        state.reschedules = reschedules ?? []
        return state
    }

    /// The stored form: JSON with canonical times and sorted keys.
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(CanonicalTime.string(date))
        }
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ body: String) throws -> LaunchSnapshot {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = EventCoding.decoder.dateDecodingStrategy
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return try decoder.decode(LaunchSnapshot.self, from: Data(body.utf8))
    }
}
