import Foundation
import LiftoffKit
import LiftoffApplication
import LiftoffStore
import Logging

/// Tunables of a running server; tests shorten the intervals.
public struct ServerSettings: Sendable {
    /// SSE heartbeat comment interval.
    public var heartbeat: Duration = .seconds(15)
    /// Events a live viewer may fall behind before it is disconnected.
    public var viewerBuffer: Int = 1000
    /// How long a browser session lasts.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// Failed logins per client address, and per token prefix, per minute.
    public var loginAttemptsPerMinute: Int = 10
    /// Served over TLS: cookies get `Secure`, responses get HSTS (a `certificate` implies it).
    public var tls: Bool = false
    /// The certificate served when `tls` (`serve --tls-cert/--tls-key`), reloaded on SIGHUP.
    public var certificate: ServerCertificate?
    /// Proxies whose X-Forwarded-For/-Proto are believed (`serve --trusted-proxy`).
    public var trustedProxies = TrustedProxies()
    /// Where `runbookPath` of `POST /api/v1/launches` is resolved.
    public var workingDirectory: String = FileManager.default.currentDirectoryPath
    /// Launch time per wall-clock second of `clock` (`liftoff demo --speed`), for the page's ticking clock.
    public var clockSpeed: Double = 1
    /// Timeouts and connection caps against slow clients.
    public var connections = ConnectionLimits()
    /// The shared secret of signed alert webhooks (`LIFTOFF_ALERT_SECRET`); nil: tokens only (docs/alerts.md).
    public var alertSecret: String?
    /// The Slack app's signing secret (`LIFTOFF_SLACK_SIGNING_SECRET`); nil: the interactions
    /// route is off (docs/slack.md).
    public var slackSigningSecret: String?
    /// Posts an answer to an interaction's `response_url`; nil when delivered, else why not.
    /// `LiftoffRuntime` sends with its delivery client; without one, answers are logged and dropped.
    public var slackResponses: (@Sendable (URL, [UInt8]) async -> String?)?

    public init() {}
}

/// Everything a route needs, shared by the API (engineer A) and the pages (engineer B).
public struct ServerServices: Sendable {
    public let store: any EventStore
    public let launches: LaunchService
    /// The launches this server reads and writes, kept current (docs/architecture.md).
    public let projections: LaunchProjections
    /// Earlier launches' step durations, for the forecast on pages.
    public let histories: LaunchHistories
    public let clock: @Sendable () -> Date
    public let sessions: SessionKeys
    public let version: String
    /// `sqlite` or `postgres`, for /healthz.
    public let storeKind: String
    /// This process's part in running the watcher, for /healthz: `leader`, `standby`, or `off`.
    public let watcherRole: @Sendable () -> String
    public let logger: Logger
    public let settings: ServerSettings
    public let metrics: ServerMetrics
    public let hub: LaunchEventHub
    /// The war room's live parts, rendered once per event per kind of page.
    public let panels: WarRoomPanels
    /// Sends the answers to Slack button presses after the request was answered (docs/slack.md).
    public let slackResponder: SlackResponder
    /// Where the trigger charts get their signal (Prometheus' range queries); nil: recorded values only.
    public let signals: (any SignalHistory)?
    /// The state JSON of each launch, built once per event and second.
    let stateResponses = StateResponses()
    let loginLimiter: LoginRateLimiter
    /// Who tokens and sessions named, for launch commands only (their appends re-check it).
    let credentials = CredentialCache()

    public init(store: any EventStore, storeKind: String, version: String, sessions: SessionKeys = .fromEnvironment(),
                settings: ServerSettings = ServerSettings(), logger: Logger = Logger(label: "liftoff.server"),
                clock: @escaping @Sendable () -> Date = { Date() }, watcherRole: @escaping @Sendable () -> String = { "off" },
                signals: (any SignalHistory)? = nil) {
        self.store = store
        self.signals = signals
        self.storeKind = storeKind
        self.watcherRole = watcherRole
        self.version = version
        self.sessions = sessions
        self.settings = settings
        self.logger = logger
        self.clock = clock
        projections = LaunchProjections(store: store, clock: clock)
        launches = LaunchService(store: store, clock: clock, projections: projections)
        metrics = ServerMetrics()
        hub = LaunchEventHub(store: store, projections: projections, bufferSize: settings.viewerBuffer, metrics: metrics, logger: logger)
        histories = LaunchHistories(service: launches, clock: clock)
        panels = WarRoomPanels(projections: projections, histories: histories, clock: clock, clockSpeed: settings.clockSpeed, signals: signals,
                               watching: { [hub] in await hub.watching($0) })
        loginLimiter = LoginRateLimiter(perMinute: settings.loginAttemptsPerMinute, clock: clock)
        slackResponder = SlackResponder(send: settings.slackResponses, logger: logger)
    }
}

extension ServerServices {
    /// Starts a browser session for `user` in the store; returns the signed cookie value.
    public func startSession(for user: StoredUser, expires: Date) async throws -> String {
        let session = UserToken.generate()
        do {
            try await store.startSession(UserToken.sha256(session), user: user.id, expiresAt: expires)
        } catch {
            throw APIError.store(error)
        }
        return sessions.cookieValue(session: session, expires: expires)
    }
}
