import LiftoffApplication
import LiftoffStore

/// The API's face of `LaunchAccess`: the caller from the request, denials as 401/403.
enum APIAccess {
    /// The caller, or 401.
    static func user(_ context: ServerContext) throws -> StoredUser {
        guard let identity = context.identity else { throw APIError.unauthenticated }
        return identity.user
    }

    /// The caller, allowed near `launch`: a token scoped to another launch gets 403.
    static func user(_ context: ServerContext, launch: Int64) throws -> StoredUser {
        let user = try user(context)
        do throws(LaunchAccess.Denial) {
            try LaunchAccess.check(user, near: launch)
        } catch {
            throw APIError.forbidden(error.description)
        }
        return user
    }

    /// Creating launches: admins whose token is not scoped to one launch.
    static func creator(_ context: ServerContext) throws -> StoredUser {
        let user = try user(context)
        do throws(LaunchAccess.Denial) {
            try LaunchAccess.checkCreator(user)
        } catch {
            throw APIError.forbidden(error.description)
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
