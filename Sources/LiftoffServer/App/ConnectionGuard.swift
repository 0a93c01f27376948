import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Guards one HTTP/1 connection against slow and greedy clients (docs/server.md, "Slow clients and
/// connection limits"):
/// - a client address over its connection cap is closed at once;
/// - the request head must arrive within `headerTimeout` of connecting (`idleTimeout` after a
///   previous response), and the body within `bodyTimeout` of the head, however slowly it trickles;
/// - a response that says `Connection: close` (a 413 does) closes the connection once written,
///   instead of reading the rest of a body nobody wants; a client still sending is given a
///   short lingering close (output shut, its bytes discarded for up to `lingerTimeout`) so it
///   reads the answer instead of a reset.
/// A response being produced (a live stream) has no deadline.
/// - a close (Hummingbird closes a live stream's connection when its response ends) waits until
///   the response's end reached the socket, for up to `drainTimeout`: a close drops pending
///   writes, and a slow reader would lose a stream's last frames (the reason it was cut off).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limits: ConnectionLimits
    /// `limits.effectivePerClient()`, worked out once per server.
    let perClient: Int
    let clients: ClientConnections
    var address: String?
    var admitted = false
    var counted = false
    var readingBody = false
    var pendingResponses = 0
    var closeAfterResponse = false
    var lingering = false
    var deadline: Scheduled<Void>?
    /// The last response end handed to the channel; written once its future completes.
    var responseEnd: EventLoopFuture<Void>?
    /// A close is waiting for `responseEnd` (the second call passes through).
    var closing = false
    /// How long a refused upload may go on being discarded after its answer.
    static let lingerTimeout = TimeAmount.seconds(2)
    /// How long a closing connection may take to hand a slow reader the rest of its response.
    static let drainTimeout = TimeAmount.seconds(30)

    init(limits: ConnectionLimits, perClient: Int, clients: ClientConnections) {
        self.limits = limits
        self.perClient = perClient
        self.clients = clients
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        if counted, let address { clients.close(address) }
        counted = false
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if lingering { return }
        switch unwrapInboundIn(data) {
        case .head:
            readingBody = true
            pendingResponses += 1
            arm(context, limits.bodyTimeout)
        case .body:
            break
        case .end:
            readingBody = false
            if pendingResponses == 0 { arm(context, limits.idleTimeout) } else { disarm() }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            if response.headerFields[.connection]?.lowercased() == "close" { closeAfterResponse = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            pendingResponses = max(0, pendingResponses - 1)
            if closeAfterResponse {
                // Closed once the answer is out, not before (a close drops pending writes).
                let channel = context.channel
                let written = context.eventLoop.makePromise(of: Void.self)
                if readingBody {
                    // The client is still uploading: shut our side, drop what it sends, close soon.
                    lingering = true
                    disarm()
                    written.futureResult.whenComplete { _ in
                        channel.close(mode: .output, promise: nil)
                        channel.eventLoop.scheduleTask(in: Self.lingerTimeout) { channel.close(promise: nil) }
                    }
                } else {
                    written.futureResult.whenComplete { _ in channel.close(promise: nil) }
                }
                if let promise { written.futureResult.cascade(to: promise) }
                context.writeAndFlush(data, promise: written)
                return
            }
            let written = context.eventLoop.makePromise(of: Void.self)
            if let promise { written.futureResult.cascade(to: promise) }
            responseEnd = written.futureResult
            context.write(data, promise: written)
            // While the body is still coming, its own deadline keeps running.
            if !readingBody, pendingResponses == 0 { arm(context, limits.idleTimeout) }
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode != .input, !closing, let responseEnd else {
            context.close(mode: mode, promise: promise)
            return
        }
        closing = true
        let channel = context.channel
        let giveUp = context.eventLoop.scheduleTask(in: Self.drainTimeout) { channel.close(promise: nil) }
        responseEnd.whenComplete { _ in
            giveUp.cancel()
            channel.close(mode: mode, promise: promise)
        }
    }

    func admit(_ context: ChannelHandlerContext) {
        guard !admitted else { return }
        admitted = true
        let address = context.channel.remoteAddress?.ipAddress ?? "local"
        self.address = address
        guard clients.open(address, limit: perClient) else {
            context.close(promise: nil)
            return
        }
        counted = true
        arm(context, limits.headerTimeout)
    }

    func arm(_ context: ChannelHandlerContext, _ timeout: Duration) {
        disarm()
        let seconds = timeout.components.seconds, attoseconds = timeout.components.attoseconds
        let amount = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: amount) { channel.close(promise: nil) }
    }

    func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}

/// Open connections per client address, shared by every connection of one server.
final class ClientConnections: @unchecked Sendable {
    private let lock = NSLock()
    private var open: [String: Int] = [:]

    /// Counts a new connection from `address`; false (and not counted) when it would exceed `limit`.
    func open(_ address: String, limit: Int) -> Bool {
        lock.withLock {
            let now = open[address, default: 0]
            guard now < limit else { return false }
            open[address] = now + 1
            return true
        }
    }

    func close(_ address: String) {
        lock.withLock {
            let left = open[address, default: 1] - 1
            open[address] = left > 0 ? left : nil
        }
    }
}
