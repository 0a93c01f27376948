import LiftoffStore

/// Who may do what through the API, before the launch rules (`LaunchDecider`) have their say.
enum APIAccess {
    /// The caller, or 401.
    static func user(_ context: ServerContext) throws -> StoredUser {
        guard let identity = context.identity else { throw APIError.unauthenticated }
        return identity.user
    }

    /// The caller, allowed near `launch`: a token scoped to another launch gets 403.
    static func user(_ context: ServerContext, launch: Int64) throws -> StoredUser {
        let user = try user(context)
        if let scoped = user.launch, scoped != launch {
            throw APIError.forbidden("\(user.name)'s token is for launch \(scoped) only, not launch \(launch)")
        }
        return user
    }

    /// Creating launches: admins whose token is not scoped to one launch.
    static func creator(_ context: ServerContext) throws -> StoredUser {
        let user = try user(context)
        guard user.admin else { throw APIError.forbidden("only an admin can create launches; \(user.name) is not an admin") }
        if let scoped = user.launch {
            throw APIError.forbidden("\(user.name)'s token is for launch \(scoped) only and cannot create launches")
        }
        return user
    }

    /// `{id}` of the path.
    static func launchID(_ context: ServerContext) throws -> Int64 {
        let raw = context.parameters.get("id") ?? ""
        guard let id = Int64(raw), id > 0 else { throw APIError.notFound("no launch '\(raw)': launches are numbered from 1") }
        return id
    }
}
