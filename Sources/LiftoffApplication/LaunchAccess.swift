import LiftoffStore

/// Who may come near which launch, before the launch's own rules (`LaunchDecider`: roles, gate
/// rules, quorum) have their say. The same for the CLI (`--token`) and the API (docs/server.md,
/// "Access").
public enum LaunchAccess {
    public enum Denial: Error, Sendable, Equatable, CustomStringConvertible {
        /// A token scoped to one launch, used on another.
        case scopedElsewhere(user: String, scope: Int64, launch: Int64)
        /// Creating launches takes an admin.
        case notAdmin(user: String)
        /// A token scoped to one launch cannot create others.
        case scopedCannotCreate(user: String, scope: Int64)

        public var description: String {
            switch self {
            case .scopedElsewhere(let user, let scope, let launch): "\(user)'s token is for launch \(scope) only, not launch \(launch)"
            case .notAdmin(let user): "only an admin can create launches; \(user) is not an admin"
            case .scopedCannotCreate(let user, let scope): "\(user)'s token is for launch \(scope) only and cannot create launches"
            }
        }
    }

    /// `user` may read and act on `launch` (what the launch then allows is the decider's call).
    public static func check(_ user: StoredUser, near launch: Int64) throws(Denial) {
        if !maySee(user, launch), let scope = user.launch {
            throw .scopedElsewhere(user: user.name, scope: scope, launch: launch)
        }
    }

    /// Whether `user` may see `launch` at all (lists show only these).
    public static func maySee(_ user: StoredUser, _ launch: Int64) -> Bool {
        user.launch == nil || user.launch == launch
    }

    /// `user` may create launches: an admin whose token is not scoped to one launch.
    public static func checkCreator(_ user: StoredUser) throws(Denial) {
        guard user.admin else { throw .notAdmin(user: user.name) }
        if let scope = user.launch { throw .scopedCannotCreate(user: user.name, scope: scope) }
    }
}
