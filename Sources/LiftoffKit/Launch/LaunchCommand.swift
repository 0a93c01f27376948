import Foundation

/// Something a participant asks of a launch. `LaunchDecider` turns it into events or a refusal.
public enum LaunchCommand: Hashable, Sendable {
    /// Adds a participant or changes their roles (admins only, except the launch's first participant).
    case addParticipant(name: String, roles: [String], admin: Bool)
    case markStep(step: String, mark: StepMark, note: String?)
    /// Says a step has begun (any writer); its duration counts from here.
    case startStep(step: String)
    /// Stops all automated action (any writer: anyone may stop the line) until `resume`.
    case hold(reason: String)
    /// Moves T-0 (a slip), with a reason: admins only.
    case reschedule(t0: Date, reason: String)
    /// Lifts a hold: whoever held it, the rollback authority, or an admin.
    case resume(note: String?)
    case vote(gate: String, role: String, vote: Vote, comment: String?)
    case overrideGate(gate: String, reason: String)
    case addNote(String)
    case logDefect(String, severity: DefectSeverity)
    case end(outcome: LaunchOutcome, note: String?)
    /// A status update by a person; delivered to every channel of the launch.
    case postStatus(status: StatusLevel, message: String)
    /// A notice for customers (the public status page and public channels); also after the end.
    /// `impactGiven: false` keeps an existing incident's impact.
    case publish(PublicNotice, message: String, impactGiven: Bool = true)
    /// Check results as evidence (`check.ran`); gates they belong to are decided again.
    case recordChecks([CheckRan])
    /// Asks for the rollback procedure (any writer). Under policy auto `system` confirms at once.
    case requestRollback(reason: String)
    /// Confirms the requested rollback: a participant holding the rollback authority, or an admin.
    case confirmRollback(comment: String?)
    /// Decides what becomes of a rollback or shift command that was started and never finished
    /// (a crash): the rollback authority or an admin.
    case resolveAction(ActionResolution, comment: String?)
    /// Confirms a success criterion that is judged, not measured: its owner or an admin, with a note.
    case confirmCriterion(criterion: String, note: String)
    /// Ends the launch as a success once every criterion is verified or confirmed; with
    /// `override` (an admin's reason) even when some are not, and says which.
    case complete(note: String?, override: String?)
    /// Adds an item to the retrospective (also after the launch ended).
    case addRetro(RetroAdded)
}

/// Who is acting: the user behind the token, with the roles they were given. If they are not yet a
/// participant of the launch, acting adds them with these roles (an audited `participant.added`).
public struct LaunchActor: Hashable, Sendable {
    public var name: String
    public var roles: [String]
    public var admin: Bool

    public init(name: String, roles: [String], admin: Bool) {
        self.name = name
        self.roles = roles
        self.admin = admin
    }

    /// Liftoff itself: the watcher evaluating triggers, running checks and procedures.
    public static let system = LaunchActor(name: "system", roles: [], admin: true)
}

/// Why a command was not recorded: what is wrong and what to do. Nothing is written.
public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case notFound, forbidden, invalid, blockedByGate, alreadyInState, ended
        /// `launch complete` with success criteria not yet verified or confirmed.
        case unmetCriteria
    }

    public var kind: Kind
    public var message: String
    public var hint: String?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String { message + (hint.map { "\nhint: \($0)" } ?? "") }
}
