import AsyncHTTPClient
import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffNotify
import LiftoffProbes
import LiftoffServer
import LiftoffStore
import LiftoffWatcher
import Logging
import ServiceLifecycle
import UnixSignals

/// One process that serves or watches launches, put together once: the war room server (its
/// projections, hub and pages), the watcher with delivery of status posts and leadership, and
/// whatever runs alongside (the demo's sandbox and director), as one service group.
/// `liftoff serve`, `liftoff watch` and `liftoff demo` all run this (docs/architecture.md).
public struct LiftoffRuntime: Sendable {
    /// The war room server of this process.
    public struct Server: Sendable {
        public var host: String
        public var port: Int
        public var settings: ServerSettings
        public var version: String
        public var storeKind: String
        public var logger: Logger
        /// Called with the address once the server listens.
        public var onListening: @Sendable (String) async -> Void
        /// Where the trigger charts get their signal: the launch's Prometheus by default
        /// (docs/war-room.md); the demo maps its faster launch clock onto Prometheus' time.
        public var signals: any SignalHistory

        public init(host: String, port: Int, settings: ServerSettings = ServerSettings(), version: String, storeKind: String,
                    logger: Logger = Logger(label: "liftoff.server"), signals: any SignalHistory = PrometheusSignalHistory(),
                    onListening: @escaping @Sendable (String) async -> Void = { _ in }) {
            self.signals = signals
            self.host = host
            self.port = port
            self.settings = settings
            self.version = version
            self.storeKind = storeKind
            self.logger = logger
            self.onListening = onListening
        }
    }

    /// The watcher of this process: which launches, how often, and who may lead.
    public struct Watcher: Sendable {
        public var launches: LaunchWatcher.Selection
        public var interval: Duration
        public var exitWhenEnded: Bool
        public var leadership: any WatcherLeadership
        /// Probes, commands and time limits; delivery is added by the runtime.
        public var environment: WatcherEnvironment
        public var logger: Logger

        public init(launches: LaunchWatcher.Selection = .all, interval: Duration = .seconds(1), exitWhenEnded: Bool = false,
                    leadership: any WatcherLeadership = SingleProcessLeadership(), environment: WatcherEnvironment = WatcherEnvironment(),
                    logger: Logger = Logger(label: "liftoff.watcher")) {
            self.launches = launches
            self.interval = interval
            self.exitWhenEnded = exitWhenEnded
            self.leadership = leadership
            self.environment = environment
            self.logger = logger
        }
    }

    public let store: any EventStore
    public var clock: @Sendable () -> Date
    public var server: Server?
    public var watcher: Watcher?
    public var alongside: [any Service]
    public var signals: [UnixSignal]

    public init(store: any EventStore, clock: @escaping @Sendable () -> Date = { Date() }, server: Server?, watcher: Watcher?,
                alongside: [any Service] = [], signals: [UnixSignal] = [.sigterm, .sigint]) {
        self.store = store
        self.clock = clock
        self.server = server
        self.watcher = watcher
        self.alongside = alongside
        self.signals = signals
    }

    /// Runs until a signal, a failure, the watcher's end (`exitWhenEnded` without a server) or
    /// `stopWhen` returning; everything is shut down gracefully, the delivery client last.
    public func run(stopWhen: (@Sendable () async -> Void)? = nil) async throws {
        let client = OutboxDispatcher.makeHTTPClient()
        do {
            try await run(client: client, stopWhen: stopWhen)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func run(client: HTTPClient, stopWhen: (@Sendable () async -> Void)?) async throws {
        let services = server.map { server in
            var settings = server.settings
            // Answers to Slack button presses go out with the delivery client (docs/slack.md).
            if settings.slackResponses == nil {
                let sender = SlackResponseSender(client: client)
                settings.slackResponses = { url, body in await sender.post(url, body) }
            }
            return ServerServices(store: store, storeKind: server.storeKind, version: server.version, settings: settings, logger: server.logger,
                                  clock: clock, watcherRole: watcherRole, signals: server.signals)
        }
        // Stopped in reverse: the watcher first, so its last pass still finds what runs alongside.
        var others: [ServiceGroupConfiguration.ServiceConfiguration] = alongside.map { .init(service: $0) }
        if let watcher {
            let dispatcher = OutboxDispatcher(store: store, httpClient: client, logger: Logger(label: "liftoff.notify"))
            var environment = watcher.environment
            let metrics = services?.metrics
            environment.deliver = { launch, now in
                let report = try await dispatcher.deliverDue(launch: launch, now: now)
                metrics?.deliveries(failed: report.failed.count, abandoned: report.gaveUp.count)
                return report.outstanding > 0
            }
            // The server's launch service: the watcher's writes advance the same projections.
            let service = services?.launches ?? LaunchService(store: store, clock: clock)
            let launchWatcher = LaunchWatcher(service: service, launches: watcher.launches, environment: environment, interval: watcher.interval,
                                              exitWhenEnded: watcher.exitWhenEnded, logger: watcher.logger)
            let leader = LeaderService(leadership: watcher.leadership, watcher: launchWatcher)
            // Alone, a watcher that is done (every launch ended) ends the process.
            others.append(.init(service: leader, successTerminationBehavior: services == nil ? .gracefullyShutdownGroup : .ignore))
        }
        let group: ServiceGroup
        if let server, let services {
            group = LiftoffServerApp.serviceGroup(services: services, host: server.host, port: server.port, signals: signals,
                                                  alongside: others, onBound: server.onListening)
        } else {
            group = ServiceGroup(configuration: .init(services: others, gracefulShutdownSignals: signals,
                                                      logger: watcher?.logger ?? Logger(label: "liftoff")))
        }
        guard let stopWhen else {
            try await group.run()
            return
        }
        try await withThrowingTaskGroup(of: Bool.self) { tasks in
            tasks.addTask {
                try await group.run()
                return true
            }
            tasks.addTask {
                await stopWhen()
                if !Task.isCancelled { await group.triggerGracefulShutdown() }
                return false
            }
            // The group ended by itself (a signal, a failure): the waiter is dropped. Told to
            // stop, the group is let finish its graceful shutdown.
            if try await tasks.next() == true { tasks.cancelAll() }
            try await tasks.waitForAll()
        }
    }

    /// This process's part in running the watcher, for /healthz: `leader`, `standby`, or `off`.
    private var watcherRole: @Sendable () -> String {
        guard let leadership = watcher?.leadership else { return { "off" } }
        return { leadership.role.rawValue }
    }
}
