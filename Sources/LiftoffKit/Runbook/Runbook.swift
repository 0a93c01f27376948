import LiftoffMarkdown

/// What Liftoff reads out of one Markdown runbook: its structure, its schedule relative to T-0,
/// who owns what, and everything a launch will later act on. A pure value; see `RunbookExtractor`.
public struct Runbook: Sendable {
    /// The name used in diagnostics (usually the path given on the command line).
    public var file: String
    public var title: String?
    /// Raw YAML of the front matter, if any.
    public var frontMatter: String?
    public var sections: [Section]
    public var steps: [Step]
    public var placeholders: [Placeholder]
    public var possiblePlaceholders: [PossiblePlaceholder]
    public var commands: [Command]
    public var gates: [Gate]
    public var triggers: [TriggerCandidate]
    /// Sentences of trigger lists that name alerts ("Any SEV1 or SEV2 alert fires"), bound to
    /// Alertmanager label matchers by the vars file (docs/alerts.md).
    public var alertCandidates: [AlertCandidate] = []
    /// Statements of the healthy side (GO and success criteria, targets, baselines): read,
    /// never evaluated as triggers.
    public var healthy: [HealthyStatement] = []
    /// What must hold (or be confirmed) before the launch is complete: the criteria of its
    /// success, exit, acceptance and "launch complete" sections (see `SuccessCriteriaReader`).
    public var successCriteria: [SuccessCriterion] = []
    /// The work that closes a launch (documentation, hand-off, retrospective), read from its
    /// closure sections; a launch makes the items that are not steps already its last phase.
    public var closureItems: [ClosureItem] = []
    /// Who to call: the contacts and escalation tables (see `ContactsReader`).
    public var contacts: [Contact] = []
    public var annotations: [Annotation]
    public var guidance: [Guidance]
    public var raci: [RACIEntry]
    /// Items read as something other than a step (contacts, criteria, …), for `lint --explain`.
    public var readAs: [ReadAs]
    public var diagnostics: [Diagnostic]
    /// The launch's time of day in minutes after midnight, as the runbook states it
    /// ("Launch: 09:00 CET") or as `plan --at` gives it; wall-clock times are placed against it.
    public var launchMinute: Int?
    /// The launch's calendar date (days since 1970-01-01) where the runbook states it; its
    /// calendar dates are placed against it (see `LaunchDateFinder`).
    public var launchDay: Int?

    public init(file: String) {
        self.file = file
        sections = []
        steps = []
        placeholders = []
        possiblePlaceholders = []
        commands = []
        gates = []
        triggers = []
        annotations = []
        guidance = []
        raci = []
        readAs = []
        diagnostics = []
    }

    /// Sections whose heading (or outline key) carries a time anchor.
    public var phases: [Section] { sections.filter { $0.anchor != nil } }

    public func section(_ id: String) -> Section? { sections.first { $0.id == id } }
    public func step(_ id: String) -> Step? { steps.first { $0.id == id } }
}

/// A time window relative to T-0. `start == end` for a point in time.
public struct TimeWindow: Hashable, Sendable, Codable {
    public var start: TimeOffset
    public var end: TimeOffset

    /// A time of day not yet placed against the launch's own (see `WallClock`).
    public var wallClock: WallClock?

    public init(start: TimeOffset, end: TimeOffset) {
        self.start = start
        self.end = end
    }

    public init(_ anchor: TimeAnchor) {
        self.init(start: anchor.start, end: anchor.end)
        wallClock = anchor.wallClock
    }
}

/// A heading and everything under it. Outline keys that carry a time anchor inside plain code
/// blocks (`L-14d (2 weeks before):`) are sections too, nested under the heading that holds them.
public struct Section: Hashable, Sendable {
    public var id: String
    /// The heading text as a reader sees it, without numbering such as `2.` or `3.1`.
    public var title: String
    /// Heading level (1–6); outline sections get their parent's level + 1.
    public var level: Int
    public var position: SourcePosition
    public var endLine: Int
    /// Index into `Runbook.sections` of the enclosing section.
    public var parent: Int?
    /// The anchor written on this section itself, if any (makes it a phase).
    public var anchor: TimeAnchor?
    /// The window the section's steps inherit: its own anchor, a `**Due:**` line, or its parent's.
    public var window: TimeWindow?
    public var owner: String?
    public var roles: SectionRoles
    public var help: [String]

    public init(id: String, title: String, level: Int, position: SourcePosition, endLine: Int, parent: Int?) {
        self.id = id
        self.title = title
        self.level = level
        self.position = position
        self.endLine = endLine
        self.parent = parent
        roles = []
        help = []
    }
}

/// What a section's name says it is for; a section can be several at once ("Rollback Steps").
public struct SectionRoles: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// "Steps", "Procedure", "Checklist", "Smoke Tests": plain bullets here are steps.
    public static let procedure = SectionRoles(rawValue: 1 << 0)
    /// "Rollback", "Rollback Procedure", "Rollback Steps".
    public static let rollback = SectionRoles(rawValue: 1 << 1)
    /// "Go/No-Go", "Sign-off", "Approval".
    public static let gate = SectionRoles(rawValue: 1 << 2)
    /// "Rollback Triggers", "Decision Criteria", "No-Go": sentences here are trigger candidates.
    public static let triggers = SectionRoles(rawValue: 1 << 3)
    /// "Contacts", "Escalation", "Team": lists here are people, not steps.
    public static let contacts = SectionRoles(rawValue: 1 << 4)
    /// "Monitoring", "Metrics", "Thresholds": lists here are metrics to watch.
    public static let metrics = SectionRoles(rawValue: 1 << 5)
    /// "Success Criteria", "GO Criteria", "Targets", "SLOs": statements of health, consumed
    /// (never steps, never triggers as written).
    public static let healthy = SectionRoles(rawValue: 1 << 6)
    /// "Principles", "Best Practices", "Overview", "Template fields": content, never steps.
    public static let content = SectionRoles(rawValue: 1 << 7)
}

public enum StepKind: String, Hashable, Sendable, Codable {
    /// `- [ ]` / `- [x]` task item.
    case task
    /// A numbered item (a procedure).
    case numbered
    /// A plain bullet under a timed phase or a procedure/checklist section.
    case item
    /// A row of a timed table (`| H+0:20 | Run migrations | DB owner |`).
    case tableRow
    /// A heading that names an action and holds its commands ("### Step 3: Flip the CNAME").
    case heading
    /// An item of a YAML-like outline in a plain code block.
    case outline
}

/// One unit of work.
public struct Step: Hashable, Sendable {
    public var id: String
    /// The step text as a reader sees it (markup removed, owner prefix removed).
    public var text: String
    public var kind: StepKind
    public var position: SourcePosition
    /// Index into `Runbook.sections`.
    public var section: Int
    /// Id of the enclosing step for sub-steps.
    public var parent: String?
    public var owner: String?
    /// Own due time (a table row's time cell, a bold time lead-in), else the section's window.
    public var window: TimeWindow?
    /// `[x]` at import, or a table `Status` cell that says done.
    public var done: Bool
    /// Whether this step belongs to a rollback procedure.
    public var rollback: Bool
    /// Indexes into `Runbook.commands` attached to this step.
    public var commands: [Int]
    /// Raw `<!-- liftoff: … -->` texts attached to this step.
    public var annotations: [Int]
    /// An explicit `id=` was given.
    public var explicitID: Bool
    /// Seconds the runbook says the step takes: a `Duration` column, `duration=` on the step.
    /// Prose ("~15 min") is read later, by `RunbookDurations`.
    public var duration: Int?

    public init(id: String, text: String, kind: StepKind, position: SourcePosition, section: Int) {
        self.id = id
        self.text = text
        self.kind = kind
        self.position = position
        self.section = section
        done = false
        rollback = false
        commands = []
        annotations = []
        explicitID = false
    }
}

/// A `{{NAME}}` variable and every place it occurs.
public struct Placeholder: Hashable, Sendable {
    public var name: String
    public var positions: [SourcePosition]

    public init(name: String, positions: [SourcePosition]) {
        self.name = name
        self.positions = positions
    }
}

/// Text that looks like a placeholder in another style (`[Name]`, `<feature-flag-name>`, `{environment}`, `NAME_OF_TEAM`).
public struct PossiblePlaceholder: Hashable, Sendable {
    public var text: String
    public var style: String
    public var position: SourcePosition

    public init(text: String, style: String, position: SourcePosition) {
        self.text = text
        self.style = style
        self.position = position
    }
}

/// A runnable shell command: a fenced block with a shell info string, inline code that is plainly
/// a command, or a `command: |` key of an outline.
public struct Command: Hashable, Sendable {
    public var position: SourcePosition
    public var language: String
    public var code: String
    /// `# Expected: X` right after the command.
    public var expected: String?
    /// Index into `Runbook.sections`.
    public var section: Int
    public var step: String?

    public init(position: SourcePosition, language: String, code: String, expected: String?, section: Int, step: String?) {
        self.position = position
        self.language = language
        self.code = code
        self.expected = expected
        self.section = section
        self.step = step
    }
}

public enum ComparisonOperator: String, Hashable, Sendable, Codable, CaseIterable {
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
    case equal = "=="
    case notEqual = "!="
}

/// Explicit Liftoff markup, kept raw here; its languages are parsed by the checks and triggers code.
public struct Annotation: Hashable, Sendable {
    public enum Form: String, Hashable, Sendable, Codable {
        /// `<!-- liftoff: … -->`
        case comment
        /// A fenced block with info string `liftoff`.
        case block
        /// The `liftoff:` key of the front matter.
        case frontMatter
    }

    public var form: Form
    public let text: String
    /// The text's YAML, decoded once for every reader (AnnotationNode.swift). Empty for an
    /// inline comment, whose `key=value` form is not YAML and is read by its own readers.
    public let document: AnnotationDocument
    /// Where the annotation text starts.
    public var position: SourcePosition
    public var section: Int
    public var step: String?

    public init(form: Form, text: String, position: SourcePosition, section: Int, step: String?) {
        self.form = form
        self.text = text
        self.document = form == .comment ? AnnotationDocument(root: nil, problem: nil) : AnnotationDocument.decode(text)
        self.position = position
        self.section = section
        self.step = step
    }
}

/// `<!-- GUIDANCE: … -->` help text.
public struct Guidance: Hashable, Sendable {
    public var text: String
    public var position: SourcePosition
    public var section: Int

    public init(text: String, position: SourcePosition, section: Int) {
        self.text = text
        self.position = position
        self.section = section
    }
}

/// One activity of a RACI matrix and who is Responsible / Accountable / Consulted / Informed.
public struct RACIEntry: Hashable, Sendable {
    public var activity: String
    public var assignments: [String: String]
    public var position: SourcePosition

    public init(activity: String, assignments: [String: String], position: SourcePosition) {
        self.activity = activity
        self.assignments = assignments
        self.position = position
    }

    /// The role that is Responsible (or Accountable when none is marked R).
    public var responsible: String? {
        let sorted = assignments.sorted { $0.key < $1.key }
        return sorted.first { $0.value.uppercased().contains("R") }?.key
            ?? sorted.first { $0.value.uppercased().contains("A") }?.key
    }
}
