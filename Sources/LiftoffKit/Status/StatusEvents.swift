import Foundation

// Payloads of the events a live launch records: checks, triggers, rollbacks, shifts, status
// updates and their delivery (DESIGN §6, §7, §9).

public enum CheckOutcome: String, Hashable, Sendable, Codable {
    case pass, fail, error
}

/// `check.ran`: evidence for a step or a gate.
public struct CheckRan: EventPayload {
    public static let type = EventType.checkRan
    public var check: String
    public var gate: String?
    public var step: String?
    public var result: CheckOutcome
    public var expected: String?
    public var observed: String?

    public init(check: String, gate: String?, step: String?, result: CheckOutcome, expected: String?, observed: String?) {
        self.check = check
        self.gate = gate
        self.step = step
        self.result = result
        self.expected = expected
        self.observed = observed
    }
}

/// Where a trigger stands (Prometheus alerting semantics, plus no data and query errors).
public enum TriggerStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case ok, pending, firing, nodata, error
}

/// `trigger.changed`: one series of one trigger moved to a new state, with what was observed.
public struct TriggerChanged: EventPayload {
    public static let type = EventType.triggerChanged
    /// The trigger's id in the runbook.
    public var trigger: String
    public var state: TriggerStatus
    public var previous: TriggerStatus?
    /// The observed value; nil when there was none (no data, NaN, a query error).
    public var value: Double?
    /// The series' labels as `{a="b",…}`; nil for a scalar or a single unlabelled series.
    public var series: String?
    /// When the evaluation that saw the change ran (the `for` window counts from here).
    public var observedAt: Date
    /// Why: the query error, "no data", or the condition in words.
    public var message: String?
    /// What kind of change this is when the state alone does not say (firing → firing, error → …);
    /// absent in logs written before it existed, where the message's wording tells.
    public var transition: TriggerTransition?
    /// On entering `error`: how many queries failed in a row.
    public var consecutiveErrors: Int?
    /// For a trigger bound to alerts: the alert that moved it (docs/alerts.md).
    public var alert: ReceivedAlert?

    public init(trigger: String, state: TriggerStatus, previous: TriggerStatus?, value: Double?, series: String?, observedAt: Date, message: String?,
                transition: TriggerTransition? = nil, consecutiveErrors: Int? = nil, alert: ReceivedAlert? = nil) {
        self.alert = alert
        self.trigger = trigger
        self.state = state
        self.previous = previous
        self.value = value.flatMap { $0.isFinite ? $0 : nil }
        self.series = series
        self.observedAt = CanonicalTime.rounded(observedAt)
        self.message = message
        self.transition = transition
        self.consecutiveErrors = consecutiveErrors
    }
}

/// The changes of a trigger that its states alone do not tell apart (docs/watching.md).
public enum TriggerTransition: String, Hashable, Sendable, Codable, CaseIterable {
    /// Firing, the condition cleared: firing is kept for `keep`, counted from now.
    case keepStarted = "keep-started"
    /// Firing under `keep`, the condition holds again: the keep window is void.
    case keepReset = "keep-reset"
    /// The query answers again after the `error` state.
    case recovered
}

/// Who decides that a requested rollback runs: the rollback authority (`manual`) or nobody (`auto`).
public enum RollbackPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    case manual, auto
}

/// `rollback.requested`: a firing rollback trigger or a person asks for the rollback procedure.
public struct RollbackRequested: EventPayload {
    public static let type = EventType.rollbackRequested
    public var reason: String
    public var trigger: String?
    /// The evidence: the value that fired the trigger.
    public var value: Double?
    public var policy: RollbackPolicy

    public init(reason: String, trigger: String?, value: Double?, policy: RollbackPolicy) {
        self.reason = reason
        self.trigger = trigger
        self.value = value.flatMap { $0.isFinite ? $0 : nil }
        self.policy = policy
    }
}

/// `rollback.confirmed`: a participant holding the rollback authority (or an admin) confirms;
/// with policy `auto` the system confirms at once.
public struct RollbackConfirmed: EventPayload {
    public static let type = EventType.rollbackConfirmed
    public var role: String?
    public var comment: String?

    public init(role: String?, comment: String?) {
        self.role = role
        self.comment = comment
    }
}

/// Why a command of the runbook ran.
public enum ActionPurpose: String, Hashable, Sendable, Codable {
    case rollback, shift, step
}

/// `action.ran`: a runbook command was run (output size-capped, secrets masked).
public struct ActionRan: EventPayload {
    public static let type = EventType.actionRan
    public var purpose: ActionPurpose
    public var step: String?
    /// The command as written in the runbook, before secrets were resolved.
    public var command: String
    /// nil when the command could not be started or timed out.
    public var exitCode: Int?
    public var output: String?
    public var durationMS: Int?
    public var error: String?

    public init(purpose: ActionPurpose, step: String?, command: String, exitCode: Int?, output: String?, durationMS: Int?, error: String?) {
        self.purpose = purpose
        self.step = step
        self.command = command
        self.exitCode = exitCode
        self.output = output
        self.durationMS = durationMS
        self.error = error
    }

    public var succeeded: Bool { exitCode == 0 && error == nil }
}

public enum ShiftStageState: String, Hashable, Sendable, Codable {
    /// The weight was set; the pause and its analysis begin.
    case started
    /// The analysis held for the whole pause.
    case passed
    /// The command or the analysis failed; the rollback starts.
    case aborted
}

/// `shift.stage`: one stage of a traffic shift step.
public struct ShiftStage: EventPayload {
    public static let type = EventType.shiftStage
    public var step: String
    public var weight: Int
    public var state: ShiftStageState
    public var reason: String?

    public init(step: String, weight: Int, state: ShiftStageState, reason: String?) {
        self.step = step
        self.weight = weight
        self.state = state
        self.reason = reason
    }
}

public enum StatusLevel: String, Hashable, Sendable, Codable, CaseIterable {
    case green, yellow, red

    public var label: String { rawValue.uppercased() }
}

/// `status.posted`: a status update. It is also the outbox entry: every channel named here gets it
/// delivered (see `NotificationDelivered`), however long that takes.
public struct StatusPosted: EventPayload {
    public static let type = EventType.statusPosted
    public var status: StatusLevel
    public var message: String
    /// What made Liftoff post it (`gate decided`, `trigger firing`, `rollback`, `launch ended`,
    /// `cadence`); nil when a person posted it.
    public var milestone: String?
    /// Names of the launch's notification channels to deliver to.
    public var channels: [String]
    /// Set when the communications owner published it for customers (the public page's content).
    public var notice: PublicNotice?
    /// Why Liftoff posted it (which trigger, hold, rollback step); nil when a person posted it
    /// and in logs written before causes were recorded.
    public var cause: StatusCause?
    /// The decision the update asks people for (a gate awaiting votes, a rollback awaiting
    /// confirmation): its Slack message carries buttons for it (docs/slack.md).
    public var decision: StatusDecision?

    public init(status: StatusLevel, message: String, milestone: String?, channels: [String], notice: PublicNotice? = nil, cause: StatusCause? = nil,
                decision: StatusDecision? = nil) {
        self.status = status
        self.message = message
        self.milestone = milestone
        self.channels = channels
        self.notice = notice
        self.cause = cause
        self.decision = decision
    }
}

public struct NotificationDelivered: EventPayload {
    public static let type = EventType.notificationDelivered
    /// The seq of the event that asked for the notification (the outbox entry).
    public var notification: Int
    public var channel: String
    public var attempt: Int
    /// What the receiver named for the launch and later deliveries refer to: the GitHub
    /// deployment id. Never a secret.
    public var reference: String?
    /// True when the channel had nothing to send for this update (docs/notifications.md).
    public var skipped: Bool?

    public init(notification: Int, channel: String, attempt: Int, reference: String? = nil, skipped: Bool? = nil) {
        self.notification = notification
        self.channel = channel
        self.attempt = attempt
        self.reference = reference
        self.skipped = skipped
    }
}

/// `notification.failed`: one delivery attempt failed. `final` when Liftoff gave up retrying.
public struct NotificationFailed: EventPayload {
    public static let type = EventType.notificationFailed
    public var notification: Int
    public var channel: String
    public var attempt: Int
    public var error: String
    public var final: Bool
    /// What the receiver named before the attempt failed (a GitHub deployment created before its
    /// status was refused), so a retry does not create a second one.
    public var reference: String?

    public init(notification: Int, channel: String, attempt: Int, error: String, final: Bool, reference: String? = nil) {
        self.notification = notification
        self.channel = channel
        self.attempt = attempt
        self.error = error
        self.final = final
        self.reference = reference
    }
}
