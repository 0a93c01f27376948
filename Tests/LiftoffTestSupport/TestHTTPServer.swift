import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOCore
import NIOSSL

/// Runs a Hummingbird application on 127.0.0.1 with a free port for the duration of `body`.
public enum TestHTTPServer {
    public static func with<R: Sendable>(
        _ router: Router<BasicRequestContext>,
        tls: TLSConfiguration? = nil,
        _ body: @Sendable (Int) async throws -> R
    ) async throws -> R {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server: HTTPServerBuilder = try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1()
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            }
        )
        return try await withThrowingTaskGroup(of: R?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                group.cancelAll()
                throw TestServerError("server did not start")
            }
            defer { group.cancelAll() }
            return try await body(port)
        }
    }
}

public struct TestServerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
