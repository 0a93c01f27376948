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
        printed on standard error either way ("listening on http://127.0.0.1:PORT").
        Sessions are signed with $LIFTOFF_SESSION_SECRET, else with a random key per process.
        Slow clients are cut off by the timeouts below; connections are capped per client and in total.

          liftoff serve --db sqlite:./liftoff.db --port 8080
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
        let location = try database.location()
        try await database.withStore(create: true) { (store: any EventStore) in
            try await location.withLeadership { (leadership: any WatcherLeadership) in
                try await serve(store: store, kind: location.kind, leadership: leadership, limits: limits, logger: logger)
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

    private func serve(store: any EventStore, kind: String, leadership: any WatcherLeadership, limits: ConnectionLimits, logger: Logger) async throws {
        var settings = ServerSettings()
        settings.connections = limits
        settings.alertSecret = ProcessInfo.processInfo.environment["LIFTOFF_ALERT_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
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
