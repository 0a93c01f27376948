import LiftoffMarkdown

/// A go/no-go decision point.
public struct Gate: Hashable, Sendable {
    public var id: String
    public var title: String
    public var position: SourcePosition
    /// Roles (or names) whose GO is required.
    public var roles: [String]
    public var section: Int
    public var window: TimeWindow?

    public init(id: String, title: String, position: SourcePosition, roles: [String], section: Int, window: TimeWindow?) {
        self.id = id
        self.title = title
        self.position = position
        self.roles = roles
        self.section = section
        self.window = window
    }
}
