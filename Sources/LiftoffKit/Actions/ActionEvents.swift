import Foundation

/// `action.started`: the watcher is about to run a runbook command (a rollback step, a shift
/// stage). Recorded before it runs, so a crash between the two leaves a started-but-unfinished
/// command that is never re-run blindly (docs/launches.md "Interrupted commands").
public struct ActionStarted: EventPayload {
    public static let type = EventType.actionStarted
    public var purpose: ActionPurpose
    public var step: String?
    /// The command as written, as `action.ran` records it.
    public var command: String
    /// The stage's weight, for a shift.
    public var weight: Int?

    public init(purpose: ActionPurpose, step: String?, command: String, weight: Int? = nil) {
        self.purpose = purpose
        self.step = step
        self.command = command
        self.weight = weight
    }

    /// One identity per command of a step: what `action.ran` and `action.resolved` match.
    public var key: String { ActionStarted.key(purpose, step, command) }

    public static func key(_ purpose: ActionPurpose, _ step: String?, _ command: String) -> String {
        "\(purpose.rawValue)\n\(step ?? "")\n\(command)"
    }
}

/// What the rollback authority chose for an interrupted command.
public enum ActionResolution: String, Hashable, Sendable, Codable, CaseIterable {
    /// Run it again.
    case rerun
    /// It finished (someone checked): go on as if it succeeded.
    case done
    /// Leave it undone and go on.
    case skip
}

/// `action.resolved`: the rollback authority (or an admin) decided what becomes of a command
/// that was started and never finished.
public struct ActionResolved: EventPayload {
    public static let type = EventType.actionResolved
    public var purpose: ActionPurpose
    public var step: String?
    public var command: String
    public var resolution: ActionResolution
    public var comment: String?

    public init(purpose: ActionPurpose, step: String?, command: String, resolution: ActionResolution, comment: String?) {
        self.purpose = purpose
        self.step = step
        self.command = command
        self.resolution = resolution
        self.comment = comment
    }

    public var key: String { ActionStarted.key(purpose, step, command) }
}

/// A command whose `action.started` has no `action.ran` (nor `action.resolved`) after it.
public struct InterruptedAction: Hashable, Sendable, Codable {
    public var started: ActionStarted
    public var by: String
    public var at: Date

    public init(started: ActionStarted, by: String, at: Date) {
        self.started = started
        self.by = by
        self.at = at
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
