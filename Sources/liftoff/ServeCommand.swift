import ArgumentParser
import Foundation
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

    func run() async throws {
        guard (0...65535).contains(port) else { throw CLIError.input("--port must be between 0 and 65535") }
        guard let level = Logger.Level(rawValue: logLevel) else { throw CLIError.input("unknown --log-level '\(logLevel)'") }
        var logger = Logger(label: "liftoff.server") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        logger.logLevel = level
        let location = try database.location()
        try await database.withStore(create: true) { (store: any EventStore) in
            try await location.withLeadership { (leadership: any WatcherLeadership) in
                try await serve(store: store, kind: location.kind, leadership: leadership, logger: logger)
            }
        }
    }

    private func serve(store: any EventStore, kind: String, leadership: any WatcherLeadership, logger: Logger) async throws {
        let role: @Sendable () -> String
        if noWatcher {
            role = { "off" }
        } else {
            role = { leadership.role.rawValue }
        }
        let services = ServerServices(store: store, storeKind: kind, version: Liftoff.version, logger: logger, watcherRole: role)
        let host = host
        let port = port
        let noWatcher = noWatcher
        do {
            try await WatcherAssembly.run(store: store, launches: .all, interval: .seconds(1), exitWhenEnded: false,
                                          logger: Logger(label: "liftoff.watcher")) { (watcher: LaunchWatcher) in
                let others: [any Service] = noWatcher ? [] : [LeaderService(leadership: leadership, watcher: watcher)]
                try await LiftoffServerApp.run(services: services, host: host, port: port, alongside: others) { address in
                    Terminal.note("listening on \(address)")
                }
            }
        } catch {
            throw CLIError(message: "the server stopped: \(error)", code: 3)
        }
    }
}
