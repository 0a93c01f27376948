import Crypto
import Foundation
import Hummingbird
import LiftoffNotify
import NIOCore

/// A webhook receiver on 127.0.0.1 that checks signatures against the exact body bytes and
/// records every request with the answer it gave. The test scripts the answers.
actor WebhookReceiver {
    struct Received: Sendable {
        var path: String
        var body: [UInt8]
        var headers: [String: String]
        /// nil when no secret was set; else whether the signature matched the body.
        var signatureValid: Bool?
        var answered: Int
        var at: Date

        var key: String? { headers["x-liftoff-idempotency-key"] }
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }
        var seq: Int? { json?["seq"] as? Int }
    }

    enum Reply: Sendable {
        case status(Int, body: String = "", retryAfter: String? = nil)
        /// Keeps the request open this long before answering 200 (a receiver that is slow, or a
        /// sender that is killed meanwhile).
        case hold(Duration)
    }

    private(set) var received: [Received] = []
    private var script: @Sendable (Int, String) -> Reply = { _, _ in .status(200) }
    private var arrivals = 0
    private var released = false
    let secret: [UInt8]?

    init(secret: String?) {
        self.secret = secret.map { Array($0.utf8) }
    }

    /// `reply(n, path)` answers the n-th request (0-based) on `path`.
    func script(_ reply: @escaping @Sendable (Int, String) -> Reply) { script = reply }

    /// Requests answered with 2xx, in the order they were answered.
    var accepted: [Received] { received.filter { (200..<300).contains($0.answered) } }
    var arrived: Int { arrivals }

    fileprivate func arrive(path: String) -> (Int, Reply) {
        defer { arrivals += 1 }
        return (arrivals, script(arrivals, path))
    }

    fileprivate func record(_ r: Received) { received.append(r) }

    /// Ends every `hold` now (answering 200 to senders still listening).
    func releaseHolds() { released = true }
    fileprivate var isReleased: Bool { released }

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/{path}") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let body = Array(buffer: buffer)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let valid: Bool? = self.secret.map { secret in
                WebhookReceiver.expectedSignature(secret: secret, body: body) == headers["x-liftoff-signature-256"]
            }
            let path = context.parameters.get("path") ?? ""
            let (_, reply) = await self.arrive(path: path)
            var code = 200
            var text = ""
            var extra: HTTPFields = [:]
            switch reply {
            case .status(let c, let b, let retryAfter):
                code = c
                text = b
                if let retryAfter { extra[.retryAfter] = retryAfter }
                await self.record(Received(path: path, body: body, headers: headers, signatureValid: valid, answered: code, at: Date()))
            case .hold(let duration):
                // Recorded on arrival: the sender may be gone before the answer.
                await self.record(Received(path: path, body: body, headers: headers, signatureValid: valid, answered: 0, at: Date()))
                let end = ContinuousClock.now.advanced(by: duration)
                while ContinuousClock.now < end, !(await self.isReleased) {
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
            return Response(status: .init(code: code), headers: extra, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    /// Computed here independently of Liftoff's code: `sha256=` + hex HMAC-SHA256.
    static func expectedSignature(secret: [UInt8], body: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return "sha256=" + Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// Serves on 127.0.0.1:`port` (0: any free port) while `body` runs. A fixed port that is
    /// briefly taken (another socket's ephemeral port) is retried for `bindAttempts` × 100 ms.
    func serve<R: Sendable>(port: Int = 0, bindAttempts: Int = 1, _ body: @Sendable (Int) async throws -> R) async throws -> R {
        var attempt = 1
        while true {
            do {
                return try await serveOnce(port: port, body)
            } catch let error as BindFailure where attempt < bindAttempts {
                _ = error
                attempt += 1
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private struct BindFailure: Error, CustomStringConvertible {
        var description: String
    }

    private func serveOnce<R: Sendable>(port: Int, _ body: @Sendable (Int) async throws -> R) async throws -> R {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            }
        )
        return try await withThrowingTaskGroup(of: R?.self) { group in
            group.addTask {
                // A failed bind never reaches onServerRunning: end the port stream so the
                // wait below ends too, instead of hanging the test.
                defer { portContinuation.finish() }
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next(), bound > 0 else {
                group.cancelAll()
                let cause: String
                do {
                    while try await group.next() != nil {}
                    cause = "it stopped"
                } catch {
                    cause = "\(error)"
                }
                throw BindFailure(description: "the receiver did not start on port \(port): \(cause)")
            }
            defer { group.cancelAll() }
            return try await body(bound)
        }
    }
}

struct ReceiverError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
