import Hummingbird
import LiftoffStore
import NIOCore

/// Who is asking: the user behind a bearer token or a session cookie.
public struct Identity: Sendable {
    public enum Via: Sendable, Hashable {
        case bearer
        case session
    }

    public var user: StoredUser
    public var via: Via
    /// The session cookie's value when `via == .session`; the CSRF token is derived from it.
    public var sessionCookie: String?
    /// The session id inside that cookie (logout ends it in the store).
    public var session: String?
    /// The SHA-256 of the bearer token when `via == .bearer` (a live stream re-checks it).
    public var tokenSHA256: String?

    /// The credential as an append must find it still holding (nil only for an identity made
    /// without one, in tests).
    public var credentialCheck: CredentialCheck? {
        switch via {
        case .bearer: tokenSHA256.map { CredentialCheck(kind: .token, sha256: $0, user: user) }
        case .session: session.map { CredentialCheck(kind: .session, sha256: UserToken.sha256($0), user: user) }
        }
    }

    public init(user: StoredUser, via: Via, sessionCookie: String? = nil, session: String? = nil, tokenSHA256: String? = nil) {
        self.user = user
        self.via = via
        self.sessionCookie = sessionCookie
        self.session = session
        self.tokenSHA256 = tokenSHA256
    }
}

/// The request context of every route: Hummingbird's core storage plus the caller's identity
/// (filled by `AuthMiddleware`) and the peer address (for the login rate limit).
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    /// The client's IP address: the socket's peer, or what a trusted proxy says it forwarded
    /// (`ServerMiddleware`, `TrustedProxies`); nil for non-IP channels.
    public internal(set) var clientAddress: String?
    /// Whether the client reached us over HTTPS: this server's own TLS, or a trusted proxy's.
    public internal(set) var https = false
    /// Who the request turned out to be, for the request log line written by the outer middleware
    /// (which holds an earlier copy of this context).
    let caller = RequestCaller()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are read by the routes themselves with their own limits (`RequestBodyLimit`).
    public var maxUploadSize: Int { RequestBodyLimit.json }
}
