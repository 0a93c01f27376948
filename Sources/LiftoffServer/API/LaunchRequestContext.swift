import Hummingbird
import LiftoffStore

/// The context of every route under /api/v1/launches/{id}. Hummingbird makes it from the
/// server's context before the route runs (a child context of a transforming group), and making
/// it is the access check: `{id}` must be a launch number (404) and the caller must be signed in
/// (401) and allowed near that launch (403). A route in the group starts from `launch` and `user`.
struct LaunchRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The context this one was made from: the caller's identity, address and request log line.
    let server: ServerContext
    let launch: Int64
    /// The caller, allowed near `launch`.
    let user: StoredUser

    init(context: ServerContext) throws {
        let launch = try APIAccess.launchID(context)
        user = try APIAccess.user(context, launch: launch)
        self.launch = launch
        server = context
        coreContext = context.coreContext
    }

    var identity: Identity? { server.identity }

    /// As the server's context: routes read bodies with their own limits (`RequestBodyLimit`).
    var maxUploadSize: Int { server.maxUploadSize }
}

/// The routes of one launch, registered once under their common path and listed for the OpenAPI
/// check (`OpenAPIDocument.routes`).
struct LaunchRouteGroup {
    static let path = "/api/v1/launches/{id}"
    typealias Handler = @Sendable (Request, LaunchRequestContext) async throws -> Response

    private let group: RouterGroup<LaunchRequestContext>
    private(set) var keys: [RouteKey] = []

    init(router: Router<ServerContext>) {
        group = router.group(RouterPath(Self.path), context: LaunchRequestContext.self)
    }

    /// `suffix` below the launch ("log", "events"); empty for the launch itself.
    mutating func get(_ suffix: String = "", _ handler: @escaping Handler) {
        group.get(RouterPath(suffix), use: handler)
        keys.append(RouteKey("GET", Self.fullPath(suffix)))
    }

    mutating func post(_ suffix: String, _ handler: @escaping Handler) {
        group.post(RouterPath(suffix), use: handler)
        keys.append(RouteKey("POST", Self.fullPath(suffix)))
    }

    static func fullPath(_ suffix: String) -> String {
        suffix.isEmpty ? path : path + "/" + suffix
    }
}
