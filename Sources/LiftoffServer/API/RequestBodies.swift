import LiftoffKit

// The JSON bodies of the state-changing endpoints. Step and gate ids contain '/', which is why
// they travel here and not in paths. Every body is read by `StrictJSON` (unknown fields → 400).

struct MarkBody: StrictBody {
    static let fields = ["step", "mark", "note"]
    var step: String
    var mark: StepMark
    var note: String?
}

struct StartBody: StrictBody {
    static let fields = ["step"]
    var step: String
}

struct HoldBody: StrictBody {
    static let fields = ["reason"]
    var reason: String
}

struct ResumeBody: StrictBody {
    static let fields = ["note"]
    var note: String?
}

struct VoteBody: StrictBody {
    static let fields = ["gate", "role", "vote", "comment"]
    var gate: String
    var role: String
    var vote: Vote
    var comment: String?
}

struct OverrideBody: StrictBody {
    static let fields = ["gate", "reason"]
    var gate: String
    var reason: String
}

struct NoteBody: StrictBody {
    static let fields = ["text"]
    var text: String
}

struct DefectBody: StrictBody {
    static let fields = ["text", "severity"]
    var text: String
    var severity: DefectSeverity
}

struct StatusBody: StrictBody {
    static let fields = ["status", "message"]
    var status: StatusLevel
    var message: String
}

struct ParticipantBody: StrictBody {
    static let fields = ["name", "roles", "admin"]
    var name: String
    var roles: [String]?
    var admin: Bool?
}

struct EndBody: StrictBody {
    static let fields = ["outcome", "note"]
    var outcome: LaunchOutcome
    var note: String?
}

/// `launch complete`: `override` is the admin's reason for completing with criteria unmet.
struct CompleteBody: StrictBody {
    static let fields = ["note", "override"]
    var note: String?
    var override: String?
}

/// Confirms a judged success criterion (its owner or an admin), with the evidence.
struct ConfirmationBody: StrictBody {
    static let fields = ["criterion", "note"]
    var criterion: String
    var note: String
}

/// One retrospective item; action items carry `owner` and `due` (`YYYY-MM-DD`).
struct RetroBody: StrictBody {
    static let fields = ["kind", "text", "owner", "due"]
    var kind: RetroKind
    var text: String
    var owner: String?
    var due: String?
}

/// `POST /api/v1/launches`: the runbook is either uploaded (`runbookSource`, named by
/// `runbookFile`) or a file on the server (`runbookPath`, admins only).
struct CreateLaunchBody: StrictBody {
    static let fields = ["name", "runbookPath", "runbookSource", "runbookFile", "at", "tz", "mode", "vars"]
    var name: String
    var runbookPath: String?
    var runbookSource: String?
    var runbookFile: String?
    var at: String
    var tz: String?
    var mode: LaunchMode?
    /// The vars file's YAML text.
    var vars: String?
}
