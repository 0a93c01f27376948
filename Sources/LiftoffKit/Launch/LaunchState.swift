import Foundation

/// A launch as its events say it is: a pure fold of the events over the runbook stored in the
/// first one. Questions that depend on time (`due`, `overdue`, `currentPhase`) take `now`.
///
/// ```swift
/// let state = try LaunchState.fold(events)
/// let late = state.overdue(now: clock.now)
/// ```
public struct LaunchState: Sendable {
    public var launch: Int64
    public var created: LaunchCreated
    public var createdAt: Date
    public var createdBy: String
    /// What the runbook and variables say, compiled once and shared (`LaunchPlanCache`).
    public let plan: LaunchPlan
    /// The last applied event.
    public var seq: Int = 0
    public var lastHash: String = EventChain.genesis
    /// Keyed by participant name.
    public var participants: [String: LaunchParticipant] = [:]
    /// Keyed by step id; steps never marked are absent (see `progress(of:)`).
    public var steps: [String: StepProgress] = [:]
    /// Keyed by gate id; every runbook gate is present.
    public var gates: [String: GateProgress] = [:]
    public var activity = ActivityLog()
    public var defects: [ActivityItem] = []
    /// Steps the watcher already reminded their owners of, by kind.
    public var reminded: [ReminderKind: Set<String>] = [:]
    /// Status updates in the order posted; the last one is the launch's current status.
    public var statuses: [PostedStatus] = []
    /// Delivery of each status update to each of its channels (see `LaunchState+Outbox`).
    public var deliveries: [DeliveryKey: DeliveryProgress] = [:]
    public var ended: (outcome: LaunchOutcome, by: String, at: Date)?
    /// Keyed by trigger id; triggers with no recorded change are absent (see `trigger(_:)`).
    public var triggers: [String: TriggerRuleState] = [:]
    /// The current (or last) rollback; nil until one is requested.
    public var rollback: RollbackState?
    /// Keyed by shift step id: its stages in the order recorded.
    public var shifts: [String: [ShiftStageRecord]] = [:]
    /// Commands started and not finished (a crash in between), by `ActionStarted.key`: they
    /// wait for the rollback authority unless their step is idempotent.
    public var interrupted: [String: InterruptedAction] = [:]
    /// The latest result of every check, gate or not, keyed by check id.
    public var checkResults: [String: CheckEvidence] = [:]
    /// Check evidence and recent trigger values, for the pages.
    public var facts = LaunchFacts()
    /// Keyed by success criterion id; criteria with no event are absent (see `criterion(_:)`).
    public var criteria: [String: CriterionProgress] = [:]
    /// The retrospective's items in the order recorded.
    public var retrospective: [RetroItem] = []
    /// Set when the launch was completed with criteria unmet (`launch complete --override`).
    public var completionOverride: CompletionOverride?
    /// Set while the launch is held (`launch.held` until `launch.resumed`).
    public var hold: LaunchHold?
    /// When the forecast end was first seen past the window (`forecast.overrun`); told once.
    public var forecastOverrun: ForecastOverrun?
    /// Every move of T-0, in order (`launch.rescheduled`).
    public var reschedules: [LaunchReschedule] = []

    /// The runbook as extracted, with the stored (non-secret) variables filled in.
    public var runbook: Runbook { plan.runbook }
    public var timeZone: TimeZone { plan.timeZone }
    public var checks: [Check] { plan.checks }
    public var gateChecks: [String: [String]] { plan.gateChecks }
    public var triggerRules: [TriggerRule] { plan.triggerRules }
    public var rollbackProcedure: RollbackProcedure { plan.rollbackProcedure }
    public var rollbackAuthority: RollbackAuthority { plan.rollbackAuthority }
    public var shiftSteps: [ShiftStep] { plan.shiftSteps }

    public var name: String { created.name }
    /// T-0 as last rescheduled, else as created.
    public var t0: Date { reschedules.last?.to ?? created.t0 }
    public var mode: LaunchMode { created.mode }
    public var channels: [NotifyChannel] { created.channels ?? [] }
    public var currentStatus: PostedStatus? { statuses.last }

    /// What `fold` refuses: a log that does not start with `launch.created`, or an unreadable payload.
    public struct ProjectionError: Error, Hashable, Sendable, CustomStringConvertible {
        public var seq: Int
        public var message: String
        public var description: String { "event \(seq): \(message)" }
    }

    public init(launch: Int64, created: LaunchCreated, at: Date, by: String, plans: LaunchPlanCache = .shared) {
        self.launch = launch
        self.created = created
        createdAt = at
        createdBy = by
        plan = plans.plan(for: created)
        for step in plan.runbook.steps where step.done {
            steps[step.id] = StepProgress(state: .done, by: "runbook", at: nil, note: "checked in the runbook")
        }
        for gate in plan.runbook.gates {
            gates[gate.id] = GateProgress(gate: gate.id)
        }
    }

    public static func fold(_ events: [LaunchEvent], plans: LaunchPlanCache = .shared) throws(ProjectionError) -> LaunchState {
        guard let first = events.first else { throw ProjectionError(seq: 0, message: "the launch has no events") }
        guard first.type == EventType.launchCreated.rawValue, let created = try? first.decode(LaunchCreated.self) else {
            throw ProjectionError(seq: first.seq, message: "the first event must be launch.created, found \(first.type)")
        }
        var state = LaunchState(launch: first.launch, created: created, at: first.time, by: first.actor, plans: plans)
        state.seq = first.seq
        state.lastHash = first.hash
        state.activity.append(ActivityItem(event: first, summary: "created launch '\(created.name)' (\(created.mode.rawValue)) at T-0 \(Schedule.iso8601(created.t0, timeZone: state.timeZone))"))
        for event in events.dropFirst() {
            try state.apply(event)
        }
        return state
    }

    public func progress(of step: String) -> StepProgress {
        steps[step] ?? StepProgress()
    }

    public func participant(_ name: String) -> LaunchParticipant? { participants[name] }

    public func gate(_ id: String) -> Gate? { plan.gate(id) }

    /// The latest decision of each gate as the rules see it now (fresh checks matter).
    public func verdict(of gate: Gate, now: Date) -> GateRules.Verdict {
        let progress = gates[gate.id] ?? GateProgress(gate: gate.id)
        return GateRules.evaluate(required: gate.roles, votes: progress.votes, checks: progress.checks, requiredChecks: gateChecks[gate.id] ?? [], now: now)
    }
}
