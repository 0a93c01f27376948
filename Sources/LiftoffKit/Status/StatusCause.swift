import Foundation

/// Why a status update went out, typed: which trigger fired or resolved, a hold or resume, a step
/// of the rollback, the launch starting or ending. Recorded in `status.posted` when Liftoff posts
/// the update itself, so every delivery of it (PagerDuty, GitHub) acts on the same cause however
/// late it is retried (docs/notifications.md, "Why an update went out").
public struct StatusCause: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The first phase at or after T-0 started: the launch is under way.
        case launchStarted = "launch.started"
        case phaseStarted = "phase.started"
        /// A gate's time came while it is still open: its voters are asked (Slack buttons).
        case gateAwaitingVotes = "gate.awaiting-votes"
        case gateDecided = "gate.decided"
        case triggerFiring = "trigger.firing"
        case triggerResolved = "trigger.resolved"
        case triggerError = "trigger.error"
        case rollbackRequested = "rollback.requested"
        /// The rollback was not confirmed within the authority's response window.
        case rollbackEscalated = "rollback.escalated"
        case rollbackConfirmed = "rollback.confirmed"
        /// A rollback step failed; an admin decides what happens next.
        case rollbackStopped = "rollback.stopped"
        case trafficShift = "traffic.shift"
        case forecastOverrun = "forecast.overrun"
        case held = "launch.held"
        case resumed = "launch.resumed"
        case rescheduled = "launch.rescheduled"
        case launchEnded = "launch.ended"
        case cadence = "cadence"
    }

    public var kind: Kind
    /// The trigger for `trigger.*` and for a rollback a trigger requested.
    public var trigger: String?
    /// The trigger's action (`rollback`, `alert`, `halt`) for `trigger.firing`.
    public var action: String?
    /// How the launch ended, for `launch.ended`.
    public var outcome: LaunchOutcome?

    public init(_ kind: Kind, trigger: String? = nil, action: String? = nil, outcome: LaunchOutcome? = nil) {
        self.kind = kind
        self.trigger = trigger
        self.action = action
        self.outcome = outcome
    }

    /// The cause of an update posted before causes were recorded, read from its milestone and the
    /// launch as it stood at that update. Coarser (no trigger names), but stable: the same log
    /// always gives the same answer.
    public static func inferred(milestone: String?, state: LaunchState) -> StatusCause? {
        switch milestone {
        case StatusMilestones.gateDecided?: return StatusCause(.gateDecided)
        case StatusMilestones.gateAwaitingVotes?: return StatusCause(.gateAwaitingVotes)
        case StatusMilestones.phaseStarted?: return StatusCause(.phaseStarted)
        case StatusMilestones.triggerFiring?: return StatusCause(.triggerFiring)
        case StatusMilestones.triggerResolved?: return StatusCause(.triggerResolved)
        case StatusMilestones.triggerError?: return StatusCause(.triggerError)
        case StatusMilestones.rollbackEscalated?: return StatusCause(.rollbackEscalated)
        case StatusMilestones.rollback?:
            guard let rollback = state.rollback else { return nil }
            if rollback.stopped { return StatusCause(.rollbackStopped) }
            return rollback.started ? StatusCause(.rollbackConfirmed) : StatusCause(.rollbackRequested, trigger: rollback.request.trigger)
        case StatusMilestones.trafficShift?: return StatusCause(.trafficShift)
        case StatusMilestones.forecastOverrun?: return StatusCause(.forecastOverrun)
        case StatusMilestones.hold?: return StatusCause(state.hold == nil ? .resumed : .held)
        case StatusMilestones.rescheduled?: return StatusCause(.rescheduled)
        case StatusMilestones.launchEnded?: return StatusCause(.launchEnded, outcome: state.ended?.outcome)
        case StatusMilestones.cadence?: return StatusCause(.cadence)
        default: return nil
        }
    }
}
