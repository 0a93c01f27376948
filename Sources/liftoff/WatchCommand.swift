import ArgumentParser
import Foundation
import LiftoffKit
import LiftoffRuntime
import LiftoffStore
import LiftoffWatcher
import Logging
import ServiceLifecycle

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch launches and act for them: checks, triggers, rollback, traffic shifts, status cadence, notifications.",
        discussion: """
        Runs until stopped with Ctrl-C or SIGTERM (it finishes the step in hand first). Every
        decision is recorded as an event before anything is sent or run, so a watcher that is
        killed picks up where the log says it was. Run one watcher per database; `liftoff serve`
        runs one inside itself.

          liftoff watch 1
          liftoff watch --all --interval 5s
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "Launches to watch, by number or name.")
    var launches: [String] = []

    @Flag(help: "Watch every launch that has not ended, including ones created later.")
    var all = false

    @Option(help: "Time between passes, e.g. 1s or 500ms.")
    var interval: String = "1s"

    @Flag(help: "Exit once every watched launch has ended.")
    var exitWhenEnded = false

    func validate() throws {
        guard all != !launches.isEmpty else { throw ValidationError("name the launches to watch, or pass --all") }
        guard CheckCommand.seconds(interval) != nil else { throw ValidationError("cannot read --interval '\(interval)'; write e.g. 1s or 500ms") }
    }

    func run() async throws {
        let seconds = CheckCommand.seconds(interval) ?? 1
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "liftoff.watch")
        try await database.withStore { store in
            var ids: [Int64] = []
            for launch in launches { ids.append(try await LaunchReference.resolve(launch, in: store)) }
            Terminal.note(all ? "watching every launch in \(store.location)" : "watching launch \(ids.map(String.init).joined(separator: ", "))")
            try await database.location().withLeadership { leadership in
                // With PostgreSQL several watchers may be started: one leads, the others stand by.
                let watcher = LiftoffRuntime.Watcher(launches: all ? .all : .only(ids), interval: .milliseconds(Int64(seconds * 1000)),
                                                     exitWhenEnded: exitWhenEnded, leadership: leadership, logger: logger)
                try await LiftoffRuntime(store: store, server: nil, watcher: watcher).run()
            }
        }
    }
}
