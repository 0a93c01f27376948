import Hummingbird

/// The HTML pages, their assets and the public status page (owned by the server-web branch,
/// which replaces this file). Called by `LiftoffServerApp.router` after the API routes, behind
/// the same middleware (security headers, auth, CSRF).
public enum WebRoutes {
    public static func register(on router: Router<ServerContext>, services: ServerServices) {}
}
