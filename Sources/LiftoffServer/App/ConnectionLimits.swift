import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long the server waits on a client and how many connections it holds, so slow or idle
/// clients cannot use up its descriptors (docs/server.md, "Slow clients and connection limits").
public struct ConnectionLimits: Sendable, Hashable {
    /// From accepting a connection until its request head is read.
    public var headerTimeout: Duration = .seconds(10)
    /// From a request head until its whole body is read.
    public var bodyTimeout: Duration = .seconds(60)
    /// Between a response and the next request head on a kept-alive connection.
    public var idleTimeout: Duration = .seconds(60)
    /// Open connections in total; the server stops accepting above it. Never more than the
    /// descriptor limit allows (`effectiveTotal`).
    public var maxConnections: Int = 1000
    /// Open connections from one client address; more are closed at once. Never more than half
    /// of the total (`effectivePerClient`), so one address cannot shut everyone else out.
    public var maxConnectionsPerClient: Int = 256

    public init() {}

    /// Descriptors kept free of connections: the store, the log, the watcher's probes and commands.
    public static let reservedDescriptors = 64

    /// `maxConnections`, lowered to fit the process's descriptor limit.
    public func effectiveTotal(descriptorLimit: Int? = Self.descriptorLimit()) -> Int {
        guard let descriptorLimit else { return maxConnections }
        return max(1, min(maxConnections, descriptorLimit - Self.reservedDescriptors))
    }

    /// `maxConnectionsPerClient`, at most half of `effectiveTotal`.
    public func effectivePerClient(descriptorLimit: Int? = Self.descriptorLimit()) -> Int {
        max(1, min(maxConnectionsPerClient, effectiveTotal(descriptorLimit: descriptorLimit) / 2))
    }

    /// The soft `RLIMIT_NOFILE` of this process; nil when unlimited or unknown.
    public static func descriptorLimit() -> Int? {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        // RLIM_INFINITY (and any absurdly high limit) counts as no limit.
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < 1 << 30 else { return nil }
        return Int(clamping: limit.rlim_cur)
    }
}
