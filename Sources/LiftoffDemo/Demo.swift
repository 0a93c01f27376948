import Foundation
import LiftoffKit
import LiftoffProbes
import LiftoffSandbox
import LiftoffRuntime
import LiftoffServer
import LiftoffApplication
import LiftoffStore
import LiftoffWatcher
import Logging
import ServiceLifecycle

/// `liftoff demo` put together: a fresh SQLite store on the demo clock, the sandbox, the war
/// room and the watcher of `liftoff serve`, and the director with its cast, as one service
/// group that stops on Ctrl-C (or, with `exitWhenDone`, when the story is over).
public enum Demo {
    public struct Options: Sendable {
        public var databasePath: String
        public var host = "127.0.0.1"
        public var port = 8080
        public var speed: Double = 20
        public var version = "dev"
        public var logLevel: Logger.Level = .error

        public init(databasePath: String) { self.databasePath = databasePath }
    }

    public static func run(_ options: Options, settings: DemoDirector.Settings, output: DemoDirector.Output) async throws -> DemoResult.Outcome? {
        let clock = DemoClock(speed: options.speed)
        let store = try await SQLiteEventStore.open(path: options.databasePath, create: true, clock: clock.now)
        do {
            let outcome = try await run(options, settings: settings, output: output, store: store, clock: clock)
            await store.close()
            return outcome
        } catch {
            await store.close()
            throw error
        }
    }

    static func run(_ options: Options, settings: DemoDirector.Settings, output: DemoDirector.Output,
                    store: any EventStore, clock: DemoClock) async throws -> DemoResult.Outcome? {
        var logger = Logger(label: "liftoff.demo")
        logger.logLevel = options.logLevel
        let quiet = logger
        func labelled(_ label: String) -> Logger {
            var l = Logger(label: label)
            l.logLevel = quiet.logLevel
            return l
        }
        let (sandboxReady, sandboxContinuation) = AsyncStream.makeStream(of: SandboxAddresses.self)
        let (serverReady, serverContinuation) = AsyncStream.makeStream(of: String.self)
        let sandbox = Sandbox()
        let sandboxService = SandboxService(sandbox: sandbox, logger: labelled("liftoff.sandbox")) { urls in
            sandboxContinuation.yield(urls)
            sandboxContinuation.finish()
        }
        var serverSettings = ServerSettings()
        serverSettings.clockSpeed = options.speed
        // Logins are limited per launch minute; the demo's minutes are short.
        serverSettings.loginAttemptsPerMinute = max(10, Int(10 * options.speed))
        let environment = WatcherEnvironment(now: clock.now, actionTimeout: 60, queryTimeout: 5)
        let result = DemoResult()
        let director = DemoDirector(settings: settings, store: store, clock: clock, sandbox: sandbox, sandboxReady: sandboxReady,
                                    serverReady: serverReady, output: output, result: result)
        // Prometheus (or the sandbox answering for it) keeps wall-clock time; the charts ask in launch time.
        let signals = PrometheusSignalHistory(toSource: { clock.wall($0) }, fromSource: { clock.launch($0) })
        let server = LiftoffRuntime.Server(host: options.host, port: options.port, settings: serverSettings, version: options.version, storeKind: "sqlite",
                                           logger: labelled("liftoff.server"), signals: signals) { address in
            serverContinuation.yield(address)
            serverContinuation.finish()
        }
        let watcher = LiftoffRuntime.Watcher(interval: .milliseconds(100), environment: environment, logger: labelled("liftoff.watcher"))
        let runtime = LiftoffRuntime(store: store, clock: clock.now, server: server, watcher: watcher, alongside: [sandboxService, director])
        let storyOver: (@Sendable () async -> Void)? = settings.exitWhenDone ? { @Sendable in await result.waitUntilOver() } : nil
        try await runtime.run(stopWhen: storyOver)
        return await result.outcome
    }
}
