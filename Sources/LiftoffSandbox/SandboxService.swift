import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Where a running sandbox answers.
public struct SandboxAddresses: Sendable, Hashable {
    public var blue: String
    public var green: String
    /// Weight and faults (`liftoff sandbox weight …` talks to it).
    public var control: String
    /// Base URL of the Prometheus-API query endpoint (the vars file's `prometheus:`).
    public var prometheus: String { control + "/prometheus" }

    public var byName: [String: String] { ["blue": blue, "green": green, "control": control, "prometheus": prometheus] }
}

/// Runs the sandbox on 127.0.0.1: blue, green and the control port (ports 0 = ephemeral), and
/// the traffic ticker. `onReady` gets the addresses once all three listen.
public struct SandboxService: Service {
    public let sandbox: Sandbox
    let host: String
    let ports: (blue: Int, green: Int, control: Int)
    let tick: Duration
    let onReady: @Sendable (SandboxAddresses) async -> Void
    let logger: Logger

    public init(sandbox: Sandbox, host: String = "127.0.0.1", ports: (blue: Int, green: Int, control: Int) = (0, 0, 0),
                tick: Duration = .milliseconds(100), logger: Logger = Logger(label: "liftoff.sandbox"),
                onReady: @escaping @Sendable (SandboxAddresses) async -> Void = { _ in }) {
        self.sandbox = sandbox
        self.host = host
        self.ports = ports
        self.tick = tick
        self.logger = logger
        self.onReady = onReady
    }

    public func run() async throws {
        let (bound, binder) = AsyncStream.makeStream(of: (String, Int).self)
        let addresses = AddressBook()
        let host = host
        func app(_ name: String, _ router: Router<BasicRequestContext>, port: Int) -> some ApplicationProtocol {
            Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "liftoff-sandbox"),
                        onServerRunning: { channel in binder.yield((name, channel.localAddress?.port ?? 0)) }, logger: logger)
        }
        let sandbox = sandbox
        let apps: [any Service] = [
            app("blue", SandboxRoutes.environment("blue", sandbox: sandbox), port: ports.blue),
            app("green", SandboxRoutes.environment("green", sandbox: sandbox), port: ports.green),
            app("control", SandboxRoutes.control(sandbox: sandbox) { addresses.snapshot }, port: ports.control),
        ]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for app in apps {
                group.addTask {
                    defer { binder.finish() }
                    try await app.run()
                }
            }
            group.addTask {
                while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    await sandbox.tick()
                    try await Task.sleep(for: tick)
                }
            }
            var seen: [String: Int] = [:]
            for await (name, port) in bound {
                seen[name] = port
                if seen.count == 3 { break }
            }
            guard seen.count == 3, let blue = seen["blue"], let green = seen["green"], let control = seen["control"] else {
                group.cancelAll()
                try await group.next()
                throw SandboxError("the sandbox could not listen on \(host)")
            }
            let urls = SandboxAddresses(blue: "http://\(host):\(blue)", green: "http://\(host):\(green)", control: "http://\(host):\(control)")
            addresses.set(urls.byName)
            await onReady(urls)
            // Every part stops on a graceful shutdown (the servers drain, the ticker ends).
            try await group.waitForAll()
        }
    }
}

/// The bound addresses, readable from request handlers once known.
final class AddressBook: @unchecked Sendable {
    private let lock = NSLock()
    private var urls: [String: String] = [:]

    var snapshot: [String: String] { lock.withLock { urls } }
    func set(_ new: [String: String]) { lock.withLock { urls = new } }
}
