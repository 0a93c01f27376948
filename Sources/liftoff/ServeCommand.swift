import ArgumentParser
import Foundation
import LiftoffRuntime
import LiftoffServer
import LiftoffStore
import LiftoffWatcher
import Logging
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the war room: the JSON API, live updates, the pages and the status page.",
        discussion: """
        Stops gracefully on SIGINT or SIGTERM. With --port 0 the kernel picks a port; the address is
        printed on standard error either way ("listening on http://127.0.0.1:PORT", https with --tls-cert).
        Sessions are signed with $LIFTOFF_SESSION_SECRET, else with a random key per process.
        Slow clients are cut off by the timeouts below; connections are capped per client and in total.

          liftoff serve --db sqlite:./liftoff.db --port 8080
          liftoff serve --db sqlite:/var/lib/liftoff/liftoff.db --host 0.0.0.0 --port 8443 --tls-cert cert.pem --tls-key key.pem
          liftoff serve --db sqlite:./liftoff.db --trusted-proxy 127.0.0.1 --trusted-proxy 10.0.0.0/8
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port: Int = 8080

    @Flag(help: "Do not run the watcher (checks, triggers, rollback, shifts, deliveries) in this process; run `liftoff watch --all` elsewhere.")
    var noWatcher = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "Seconds a client has to send its request head after connecting.")
    var headerTimeout: Int = 10

    @Option(help: "Seconds a client has to send a request body after its head.")
    var bodyTimeout: Int = 60

    @Option(help: "Seconds a kept-alive connection may wait for its next request.")
    var idleTimeout: Int = 60

    @Option(help: "Open connections in total (lowered to fit the descriptor limit, `ulimit -n`, less 64).")
    var maxConnections: Int = 1000

    @Option(help: "Open connections from one client address, at most half the total (raise it behind a reverse proxy).")
    var maxConnectionsPerClient: Int = 256

    @Option(help: "Serve HTTPS with this PEM certificate chain (with --tls-key); read again on SIGHUP.")
    var tlsCert: String?

    @Option(help: "The PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(help: ArgumentHelp("A reverse proxy (address or network: 10.0.0.5, 10.0.0.0/8, ::1) whose X-Forwarded-For and X-Forwarded-Proto are believed (repeatable).",
                               valueName: "addr|cidr"))
    var trustedProxy: [String] = []

    func run() async throws {
        guard (0...65535).contains(port) else { throw CLIError.input("--port must be between 0 and 65535") }
        guard let level = Logger.Level(rawValue: logLevel) else { throw CLIError.input("unknown --log-level '\(logLevel)'") }
        var logger = Logger(label: "liftoff.server") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        logger.logLevel = level
        let limits = try connectionLimits()
        let certificate = try certificate()
        let proxies: TrustedProxies
        switch TrustedProxies.parse(trustedProxy) {
        case .success(let parsed): proxies = parsed
        case .failure(let error): throw CLIError.input(error.description)
        }
        let location = try database.location()
        try await database.withStore(create: true) { (store: any EventStore) in
            try await location.withLeadership { (leadership: any WatcherLeadership) in
                try await serve(store: store, kind: location.kind, leadership: leadership, limits: limits, certificate: certificate, proxies: proxies, logger: logger)
            }
        }
    }

    func connectionLimits() throws(CLIError) -> ConnectionLimits {
        for (name, value) in [("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout),
                              ("--max-connections", maxConnections), ("--max-connections-per-client", maxConnectionsPerClient)] where value < 1 {
            throw .input("\(name) must be at least 1, not \(value)")
        }
        var limits = ConnectionLimits()
        limits.headerTimeout = .seconds(headerTimeout)
        limits.bodyTimeout = .seconds(bodyTimeout)
        limits.idleTimeout = .seconds(idleTimeout)
        limits.maxConnections = maxConnections
        limits.maxConnectionsPerClient = maxConnectionsPerClient
        return limits
    }

    /// The certificate of --tls-cert/--tls-key, read and checked now so a mistake stops `serve` at once.
    func certificate() throws(CLIError) -> ServerCertificate? {
        switch (tlsCert, tlsKey) {
        case (nil, nil): return nil
        case (.some, nil): throw .input("--tls-cert needs --tls-key (the certificate's private key)")
        case (nil, .some): throw .input("--tls-key needs --tls-cert (the certificate it belongs to)")
        case (.some(let cert), .some(let key)):
            do {
                let certificate = try ServerCertificate(certificatePath: cert, keyPath: key)
                Terminal.note("TLS: \(certificate.summary); `kill -HUP` reloads it")
                return certificate
            } catch {
                throw .input("\(error.message)\n  hint: \(error.hint)")
            }
        }
    }

    private func serve(store: any EventStore, kind: String, leadership: any WatcherLeadership, limits: ConnectionLimits,
                       certificate: ServerCertificate?, proxies: TrustedProxies, logger: Logger) async throws {
        var settings = ServerSettings()
        settings.connections = limits
        settings.certificate = certificate
        settings.tls = certificate != nil
        settings.trustedProxies = proxies
        settings.alertSecret = ProcessInfo.processInfo.environment["LIFTOFF_ALERT_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        settings.slackSigningSecret = ProcessInfo.processInfo.environment["LIFTOFF_SLACK_SIGNING_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        let server = LiftoffRuntime.Server(host: host, port: port, settings: settings, version: Liftoff.version, storeKind: kind, logger: logger) { address in
            Terminal.note("listening on \(address)")
        }
        let watcher = noWatcher ? nil : LiftoffRuntime.Watcher(launches: .all, interval: .seconds(1), leadership: leadership)
        do {
            try await LiftoffRuntime(store: store, server: server, watcher: watcher).run()
        } catch {
            throw CLIError(message: "the server stopped: \(error)", code: 3)
        }
    }
}
