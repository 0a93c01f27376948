import Foundation
import LiftoffKit

/// The post-launch report (DESIGN §11 `liftoff report`): what a release manager hands round after
/// a launch — header, summary numbers, timeline, steps, gates, checks, triggers, the rollback,
/// traffic shift, commands run, status posts, defects, notes and the integrity of the log.
/// A pure value built from the events (see `LaunchReport.build`); renderers turn it into
/// Markdown, HTML or JSON. Free text in it is already masked; renderers still escape it.
public struct LaunchReport: Sendable, Hashable {
    public var launch: Int64
    public var name: String
    public var runbookTitle: String?
    public var runbookFile: String
    public var runbookSHA256: String
    /// The stored runbook text still hashes to `runbookSHA256`.
    public var runbookIntact: Bool
    public var mode: LaunchMode
    public var t0: Date
    public var timeZone: String
    public var createdAt: Date
    public var createdBy: String
    /// Nil while the launch runs: the report is the story so far.
    public var ending: Ending?
    /// When the report was made.
    public var generatedAt: Date
    public var time: ReportTime

    public var summary: Summary
    public var timeline: [TimelineEntry]
    public var sections: [SectionLine]
    public var gates: [GateLine]
    public var checks: [CheckLine]
    public var triggers: [TriggerLine]
    public var rollbacks: [RollbackLine]
    public var shifts: [ShiftLine]
    public var actions: [ActionLine]
    public var statuses: [StatusLine]
    public var defects: [Entry]
    public var notes: [Entry]
    public var participants: [LaunchParticipant]
    public var integrity: Integrity
    /// The success criteria and their evidence (see `LaunchReport+Landing`).
    public var criteria: [CriterionLine] = []
    /// Set when the launch was completed with criteria unmet.
    public var completionOverride: CompletionOverride?
    public var retrospective: [RetroItem] = []
    /// Beside earlier launches of the same runbook (rehearsals), when the caller read them.
    public var comparison: LaunchComparison? = nil
    /// What the HTML report draws (`ReportCharts`).
    public var charts: ReportCharts? = nil

    /// From creation to the end (or to now, while running).
    public var durationSeconds: TimeInterval {
        (ending?.at ?? generatedAt).timeIntervalSince(createdAt)
    }

    public struct Ending: Sendable, Hashable {
        public var outcome: LaunchOutcome
        public var note: String?
        public var by: String
        public var at: Date
    }

    public struct Summary: Sendable, Hashable {
        public var stepsDone = 0, stepsSkipped = 0, stepsFailed = 0, stepsBlocked = 0, stepsPending = 0, stepsTotal = 0
        /// Latest result per check.
        public var checksPass = 0, checksFail = 0, checksError = 0, checksNotRun = 0
        public var checkRuns = 0
        public var gatesTotal = 0, gatesGo = 0, gatesNoGo = 0, gatesOpen = 0, gatesOverridden = 0
        public var triggerRules = 0
        /// Names of the triggers that reached `firing` at least once.
        public var triggersFired: [String] = []
        public var rollbackRequested = false
        public var actionsRun = 0, actionsFailed = 0
        public var defects = 0
        /// Deliveries of status posts to channels.
        public var notificationsDelivered = 0, notificationsFailed = 0, notificationsPending = 0
        public var statusPosts = 0
    }

    /// What a timeline row is about, for colour and icons.
    public enum Tone: String, Sendable, Hashable, Codable {
        case neutral, good, warning, bad
    }

    public struct TimelineEntry: Sendable, Hashable {
        public var seq: Int
        public var at: Date
        public var actor: String
        public var type: String
        public var summary: String
        public var tone: Tone
    }

    public struct SectionLine: Sendable, Hashable {
        public var id: String
        public var title: String
        /// `T-1h`, `T+0 → T+30m`; nil when untimed.
        public var window: String?
        public var rollback: Bool
        public var steps: [StepLine]
    }

    public struct StepLine: Sendable, Hashable {
        public var id: String
        public var text: String
        /// 0 for a top-level step, 1 for its sub-steps…
        public var depth: Int
        public var owner: String?
        public var state: StepState
        public var by: String?
        public var at: Date?
        public var dueStart: Date?
        public var dueEnd: Date?
        public var note: String?

        /// Settled after its window closed: how late, in seconds.
        public var lateSeconds: TimeInterval? {
            guard let at, let dueEnd, at > dueEnd, state.isSettled else { return nil }
            return at.timeIntervalSince(dueEnd)
        }
    }

    public struct VoteLine: Sendable, Hashable {
        public var by: String
        public var role: String
        public var vote: Vote
        public var comment: String?
        public var at: Date
    }

    public struct GateLine: Sendable, Hashable {
        public var id: String
        public var title: String
        public var due: Date?
        public var roles: [String]
        /// Every vote in the order cast (a later vote for a role replaces the earlier one).
        public var votes: [VoteLine]
        public var decision: GateDecision
        public var decidedAt: Date?
        public var reason: String?
        public var override: GateOverride?
        /// Ids of the checks that are the gate's evidence.
        public var checks: [String]
    }

    public struct CheckLine: Sendable, Hashable {
        public var id: String
        /// `http GET https://…`, as defined in the runbook; nil for a check the runbook no longer names.
        public var definition: String?
        public var expected: String?
        public var observed: String?
        /// Nil: never ran.
        public var result: CheckOutcome?
        public var at: Date?
        public var runs: Int
        public var failures: Int
        public var gate: String?
        public var step: String?
    }

    public struct TriggerChange: Sendable, Hashable {
        public var at: Date
        public var previous: TriggerStatus?
        public var state: TriggerStatus
        /// In the rule's unit (`2.4%`), or the raw number.
        public var value: String?
        public var series: String?
        public var message: String?
    }

    public struct TriggerLine: Sendable, Hashable {
        public var id: String
        public var name: String
        /// `error rate > 1% for 1m`; nil for a trigger the runbook no longer names.
        public var condition: String?
        public var action: TriggerAction?
        public var state: TriggerStatus
        public var fired: Bool
        public var changes: [TriggerChange]
    }

    public struct RollbackConfirmationLine: Sendable, Hashable {
        public var by: String
        public var role: String?
        public var comment: String?
        public var at: Date
    }

    /// One rollback request and what followed it.
    public struct RollbackLine: Sendable, Hashable {
        public var attempt: Int
        public var requestedBy: String
        public var requestedAt: Date
        public var reason: String
        public var trigger: String?
        /// The evidence: the value that fired the trigger, in its unit.
        public var value: String?
        public var policy: RollbackPolicy
        public var confirmations: [RollbackConfirmationLine]
        public var authority: String
    }

    public struct ShiftStageLine: Sendable, Hashable {
        public var weight: Int
        public var state: ShiftStageState
        public var at: Date
        public var reason: String?
    }

    public struct ShiftLine: Sendable, Hashable {
        public var step: String
        public var text: String
        public var planned: [Int]
        public var stages: [ShiftStageLine]

        /// The highest weight a stage started at.
        public var reached: Int? { stages.filter { $0.state == .started }.map(\.weight).max() }
        public var aborted: Bool { stages.contains { $0.state == .aborted } }
        public var completed: Bool { !planned.isEmpty && stages.filter { $0.state == .passed }.count >= planned.count }
    }

    public struct ActionLine: Sendable, Hashable {
        public var seq: Int
        public var at: Date
        public var purpose: ActionPurpose
        public var step: String?
        public var stepText: String?
        /// As written in the runbook: placeholders, never secret values.
        public var command: String
        public var exitCode: Int?
        public var durationMS: Int?
        public var error: String?
        /// Masked and size-capped when recorded.
        public var output: String?
        public var succeeded: Bool
    }

    public enum DeliveryState: String, Sendable, Hashable, Codable {
        case delivered, failed, pending
    }

    public struct DeliveryLine: Sendable, Hashable {
        public var channel: String
        public var state: DeliveryState
        public var attempts: Int
        public var error: String?
    }

    public struct StatusLine: Sendable, Hashable {
        public var seq: Int
        public var at: Date
        public var by: String
        public var level: StatusLevel
        public var message: String
        public var milestone: String?
        public var deliveries: [DeliveryLine]
    }

    /// A note or a defect.
    public struct Entry: Sendable, Hashable {
        public var seq: Int
        public var at: Date
        public var by: String
        public var text: String
        public var severity: DefectSeverity?
    }

    public struct Integrity: Sendable, Hashable {
        public var events: Int
        public var lastSeq: Int
        public var lastHash: String
        /// Nil when the chain was not verified for this report.
        public var verified: Bool?
        public var brokenAt: Int?
        public var reason: String?

        /// The chain head this report saw; kept, it proves later that no event was cut off the end
        /// (`liftoff verify LAUNCH --anchor`, docs/launches.md).
        public var anchor: ChainAnchor { ChainAnchor(seq: lastSeq, hash: lastHash) }

        public var sentence: String {
            switch verified {
            case .some(true): "hash chain verified: \(events) events, last hash \(lastHash)"
            case .some(false): "hash chain BROKEN at seq \(brokenAt.map(String.init) ?? "?"): \(reason ?? "")"
            case .none: "hash chain not verified: \(events) events, last hash \(lastHash)"
            }
        }
    }
}

extension LaunchReport {
    /// `completed`, `rolled back`, `aborted`, or `in progress`.
    public var outcomeLabel: String {
        switch ending?.outcome {
        case .success: completionOverride == nil ? "completed" : "completed by override"
        case .rolledBack: "rolled back"
        case .aborted: "aborted"
        case .none: "in progress"
        }
    }

    /// The tone of the outcome badge.
    public var outcomeTone: Tone {
        switch ending?.outcome {
        case .success: .good
        case .rolledBack: .warning
        case .aborted: .bad
        case .none: .neutral
        }
    }
}
