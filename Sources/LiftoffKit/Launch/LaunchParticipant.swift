/// A person in a launch and the roles they hold there (roles are per launch).
public struct LaunchParticipant: Hashable, Sendable, Codable {
    public var name: String
    public var roles: [String]
    public var admin: Bool

    public init(name: String, roles: [String], admin: Bool) {
        self.name = name
        self.roles = roles
        self.admin = admin
    }

    /// Read-only: the `viewer` role, or no role at all, and not an admin.
    public var isViewer: Bool {
        !admin && (roles.isEmpty || roles.allSatisfy { RoleName.same($0, "viewer") })
    }

    public func holds(_ role: String) -> Bool {
        roles.contains { RoleName.same($0, role) }
    }
}

/// Role names compare case-insensitively with spaces collapsed ("engineering lead" = "Engineering  Lead").
public enum RoleName {
    public static func key(_ role: String) -> String {
        role.lowercased().split(whereSeparator: \.quickIsWhitespace).joined(separator: " ")
    }

    public static func same(_ a: String, _ b: String) -> Bool { key(a) == key(b) }
}
