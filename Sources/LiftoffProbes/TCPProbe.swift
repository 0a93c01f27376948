import LiftoffKit
import NIOCore
import NIOPosix

/// `tcp`: connect, record the connect time, close.
struct TCPProbe: Sendable {
    let group: any EventLoopGroup

    func observe(host: String, port: Int, timeout: Double) async -> TCPObservation {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(.milliseconds(Int64(timeout * 1000)))
                .connect(host: host, port: port).get()
            let elapsed = (clock.now - start).seconds
            try? await channel.close()
            return TCPObservation(connected: true, connectTime: elapsed)
        } catch {
            return TCPObservation(connected: false, connectTime: (clock.now - start).seconds, failure: Self.describe(error, host: host, port: port))
        }
    }

    static func describe(_ error: any Error, host: String, port: Int) -> String {
        let text = "\(error)"
        if text.contains("connectTimeout") { return "connect to \(host):\(port) timed out" }
        if text.contains("refused") || text.contains("ECONNREFUSED") { return "connection refused by \(host):\(port)" }
        if error is NIOConnectionError || text.contains("resolution") { return "cannot connect to \(host):\(port): \(text)" }
        return "cannot connect to \(host):\(port): \(text)"
    }
}
