import HTTPTypes
import Hummingbird
import LiftoffKit
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
/// check (`OpenAPIDocument.routes`). Its only writes are commands: a POST here decides a
/// `LaunchCommand` and appends it, guarded by the caller's credential, which is what lets
/// `AuthMiddleware` answer such a POST from its `CredentialCache` (docs/server.md).
struct LaunchRouteGroup {
    static let path = "/api/v1/launches/{id}"
    typealias Handler = @Sendable (Request, LaunchRequestContext) async throws -> Response

    private let group: RouterGroup<LaunchRequestContext>
    private let services: ServerServices
    private(set) var keys: [RouteKey] = []

    init(router: Router<ServerContext>, services: ServerServices) {
        group = router.group(RouterPath(Self.path), context: LaunchRequestContext.self)
        self.services = services
    }

    /// `suffix` below the launch ("log", "events"); empty for the launch itself.
    mutating func get(_ suffix: String = "", _ handler: @escaping Handler) {
        group.get(RouterPath(suffix), use: handler)
        keys.append(RouteKey("GET", Self.fullPath(suffix)))
    }

    /// `POST …/{suffix}`: the body read strictly as `Body`, made into a command, decided and appended.
    mutating func command<Body: StrictBody>(_ suffix: String, _: Body.Type, _ make: @escaping @Sendable (Body) throws -> LaunchCommand) {
        let services = services
        group.post(RouterPath(suffix)) { request, context in
            try await APIRoutes.act(request, context, services, make)
        }
        keys.append(RouteKey("POST", Self.fullPath(suffix)))
    }

    static func fullPath(_ suffix: String) -> String {
        suffix.isEmpty ? path : path + "/" + suffix
    }

    /// Whether a request is a command of one launch: `POST /api/v1/launches/{number}/{suffix}`.
    /// Every such route is registered by `command`, so its only effect is a guarded append.
    static func isCommand(method: HTTPRequest.Method, path: String) -> Bool {
        guard method == .post, path.hasPrefix("/api/v1/launches/") else { return false }
        let rest = path.dropFirst("/api/v1/launches/".count).split(separator: "/", omittingEmptySubsequences: false)
        guard rest.count == 2, let id = rest.first, !id.isEmpty, id.utf8.allSatisfy({ (48...57).contains($0) }) else { return false }
        return !rest[1].isEmpty
    }
}
