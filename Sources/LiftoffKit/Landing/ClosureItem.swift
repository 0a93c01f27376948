import LiftoffMarkdown

/// One piece of closing work from a closure, hand-off or retrospective section ("Complete
/// launch timeline", owner Program Manager). A launch makes these its last phase (`Closure`).
public struct ClosureItem: Hashable, Sendable {
    public var text: String
    public var owner: String?
    /// What it belongs to ("Documentation Finalization", "Team Handoff").
    public var group: String?
    public var position: SourcePosition
    /// Index into `Runbook.sections`.
    public var section: Int

    public init(text: String, owner: String?, group: String?, position: SourcePosition, section: Int) {
        self.text = text
        self.owner = owner
        self.group = group
        self.position = position
        self.section = section
    }
}
