import Foundation
import HummingbirdTLS
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Builds the war-room server: middleware, the API, live updates, login, and the pages.
///
/// ```swift
/// let services = ServerServices(store: store, storeKind: "sqlite", version: "0.1.0")
/// try await LiftoffServerApp.run(services: services, host: "127.0.0.1", port: 0) { print($0) }
/// ```
public enum LiftoffServerApp {
    /// Every route. Middleware comes first: Hummingbird wraps a route in the middleware present when
    /// the route is added.
    public static func router(services: ServerServices) -> Router<ServerContext> {
        build(services: services).router
    }

    /// The router and the API routes it serves (the OpenAPI document must list exactly these).
    public static func build(services: ServerServices) -> (router: Router<ServerContext>, apiRoutes: [RouteKey]) {
        let router = Router(context: ServerContext.self)
        router.add(middleware: ServerMiddleware(services: services))
        router.add(middleware: AuthMiddleware(services: services))
        var launch = LaunchRouteGroup(router: router, services: services)
        var routes = OperationalRoutes.register(on: router, services: services)
        routes += APIRoutes.register(on: router, launch: &launch, services: services)
        LiveRoutes.register(on: &launch, services: services)
        routes += PublicStatusRoutes.register(on: router, launch: &launch, services: services)
        routes += launch.keys
        routes += LoginRoutes.register(on: router, services: services)
        WebRoutes.register(on: router, services: services)
        return (router, routes)
    }

    /// The HTTP application alone; `onBound` receives the address it listens on.
    public static func application(services: ServerServices, host: String, port: Int,
                                   onBound: @escaping @Sendable (String) async -> Void = { _ in }) -> some ApplicationProtocol {
        let limits = services.settings.connections
        let clients = ClientConnections()
        let perClient = limits.effectivePerClient()
        let http = HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(limits: limits, perClient: perClient, clients: clients)]))
        var server = http
        let scheme = services.settings.certificate == nil ? "http" : "https"
        if let certificate = services.settings.certificate {
            // `.tls` builds its context per connection and does not throw here; if it ever did,
            // starting the server fails with that error rather than serving plain HTTP.
            do { server = try .tls(http, tlsConfiguration: certificate.tlsConfiguration()) } catch { server = HTTPServerBuilder { _ in throw error } }
        }
        return Application(
            router: router(services: services),
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: nil,
                                 availableConnectionsDelegate: MaximumAvailableConnections(limits.effectiveTotal(), logger: services.logger)),
            onServerRunning: { channel in
                let address = channel.localAddress
                let shown = address.map { a in
                    let ip = a.ipAddress ?? host
                    return "\(scheme)://\(ip.contains(":") ? "[\(ip)]" : ip):\(a.port ?? port)"
                } ?? "\(scheme)://\(host):\(port)"
                await onBound(shown)
            },
            logger: services.logger
        )
    }

    /// Runs the server and its live-update hub until SIGINT/SIGTERM (or cancellation), then shuts
    /// down gracefully: stops accepting, ends live streams, finishes requests in flight.
    /// `others` (the watcher) run beside them.
    public static func run(services: ServerServices, host: String, port: Int,
                           signals: [UnixSignal] = [.sigterm, .sigint],
                           alongside others: [any Service] = [],
                           onBound: @escaping @Sendable (String) async -> Void = { _ in }) async throws {
        try await serviceGroup(services: services, host: host, port: port, signals: signals, alongside: others, onBound: onBound).run()
    }

    /// The server, the hub and `others` (the watcher) as one service group;
    /// `triggerGracefulShutdown()` stops them all.
    public static func serviceGroup(services: ServerServices, host: String, port: Int, signals: [UnixSignal] = [],
                                    alongside others: [any Service] = [],
                                    onBound: @escaping @Sendable (String) async -> Void = { _ in }) -> ServiceGroup {
        serviceGroup(services: services, host: host, port: port, signals: signals, alongside: others.map { .init(service: $0) }, onBound: onBound)
    }

    /// As above, with how each service alongside ends the group (a watcher that is done may not).
    public static func serviceGroup(services: ServerServices, host: String, port: Int, signals: [UnixSignal] = [],
                                    alongside others: [ServiceGroupConfiguration.ServiceConfiguration],
                                    onBound: @escaping @Sendable (String) async -> Void = { _ in }) -> ServiceGroup {
        let app = application(services: services, host: host, port: port, onBound: onBound)
        // Shutdown runs in reverse: `others` first, then the hub, which ends every live stream,
        // so the HTTP server then has only ordinary requests to finish.
        var own: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app), .init(service: services.hub), .init(service: services.slackResponder)]
        if let certificate = services.settings.certificate {
            own.append(.init(service: CertificateReloader(certificate: certificate, logger: services.logger)))
        }
        return ServiceGroup(configuration: .init(services: own + others, gracefulShutdownSignals: signals, logger: services.logger))
    }
}
