import Foundation

/// The typed payload of one event type.
public protocol EventPayload: Codable, Hashable, Sendable {
    static var type: EventType { get }
}

public enum LaunchMode: String, Hashable, Sendable, Codable, CaseIterable {
    case rehearsal, live
}

/// `launch.created`: everything needed to rebuild the launch without the original file.
public struct LaunchCreated: EventPayload {
    public static let type = EventType.launchCreated
    public var name: String
    public var runbookFile: String
    /// The runbook text as it was at creation; later edits to the file do not change the launch.
    public var runbookSource: String
    /// Lowercase hex SHA-256 of `runbookSource` (UTF-8).
    public var runbookSHA256: String
    public var t0: Date
    public var timeZone: String
    public var mode: LaunchMode
    /// Variables as written; secrets stay `env:NAME` references, never values.
    public var variables: [String: String]
    public var prometheus: String?
    public var signals: [String: String]
    /// Absent in launches created before notifications existed.
    public var channels: [NotifyChannel]?
    public var rollbackPolicy: RollbackPolicy?
    public var statusCadence: String?
    /// The vars file's `env:` names; absent when it lists none (and in older launches).
    public var environment: [String]?
    /// The vars file's freeze windows as written; absent when it has none (and in older launches).
    public var freeze: [String]?
    /// `--rehearsal-of`: the launch this one rehearses (linked whatever the runbook's path or title).
    public var rehearsalOf: Int64?

    public init(name: String, runbookFile: String, runbookSource: String, t0: Date, timeZone: String, mode: LaunchMode, variables: LaunchVariables?) {
        self.name = name
        self.runbookFile = runbookFile
        self.runbookSource = runbookSource
        runbookSHA256 = EventChain.sha256Hex(runbookSource)
        self.t0 = CanonicalTime.rounded(t0)
        self.timeZone = timeZone
        self.mode = mode
        self.variables = variables?.values ?? [:]
        prometheus = variables?.prometheus
        signals = variables?.signals ?? [:]
        channels = variables.flatMap { $0.channels.isEmpty ? nil : $0.channels }
        rollbackPolicy = variables?.rollbackPolicy
        statusCadence = variables?.statusCadence
        environment = variables.flatMap { $0.passEnvironment.isEmpty ? nil : $0.passEnvironment }
        freeze = variables.flatMap { $0.freeze.isEmpty ? nil : $0.freeze }
    }

    /// The variables as stored (secrets as `env:NAME`), to rebuild the runbook and its bindings.
    public var launchVariables: LaunchVariables {
        var v = LaunchVariables(values: variables, prometheus: prometheus, signals: signals)
        v.channels = channels ?? []
        v.rollbackPolicy = rollbackPolicy
        v.statusCadence = statusCadence
        v.passEnvironment = environment ?? []
        v.freeze = freeze ?? []
        return v
    }
}

/// `participant.added`: a person joins the launch, or their roles change (the latest grant wins).
public struct ParticipantAdded: EventPayload {
    public static let type = EventType.participantAdded
    public var participant: String
    public var roles: [String]
    public var admin: Bool

    public init(participant: String, roles: [String], admin: Bool) {
        self.participant = participant
        self.roles = roles
        self.admin = admin
    }
}

public enum StepMark: String, Hashable, Sendable, Codable, CaseIterable {
    case done, skipped, failed, blocked, reopened
}

/// `step.marked`: the actor of the event is who marked it.
public struct StepMarked: EventPayload {
    public static let type = EventType.stepMarked
    public var step: String
    public var mark: StepMark
    public var note: String?

    public init(step: String, mark: StepMark, note: String?) {
        self.step = step
        self.mark = mark
        self.note = note
    }
}

public struct NoteAdded: EventPayload {
    public static let type = EventType.noteAdded
    public var text: String

    public init(text: String) { self.text = text }
}

public enum DefectSeverity: String, Hashable, Sendable, Codable, CaseIterable {
    case low, medium, high, critical
}

public struct DefectLogged: EventPayload {
    public static let type = EventType.defectLogged
    public var text: String
    public var severity: DefectSeverity

    public init(text: String, severity: DefectSeverity) {
        self.text = text
        self.severity = severity
    }
}

public enum LaunchOutcome: String, Hashable, Sendable, Codable, CaseIterable {
    case success
    case rolledBack = "rolled-back"
    case aborted
}

public struct LaunchEnded: EventPayload {
    public static let type = EventType.launchEnded
    public var outcome: LaunchOutcome
    public var note: String?
    /// `launch complete --override`: the admin's reason for completing with criteria unmet.
    /// Absent otherwise (and in logs written before it existed).
    public var override: String?
    /// With an override: the ids of the criteria that were not verified or confirmed.
    public var unmet: [String]?

    public init(outcome: LaunchOutcome, note: String?, override: String? = nil, unmet: [String]? = nil) {
        self.outcome = outcome
        self.note = note
        self.override = override
        self.unmet = unmet
    }
}
