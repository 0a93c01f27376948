import LiftoffKit
import NIOCore
import NIOPosix

/// A small stub resolver: one question over UDP to a chosen server, again over TCP when the
/// answer comes back truncated (RFC 1035 §4.2, RFC 7766).
struct DNSClient: Sendable {
    let group: any EventLoopGroup

    func query(name: String, type: DNSRecordType, server: String, port: Int) async throws -> DNSMessage.Response {
        let id = UInt16.random(in: 1...UInt16.max)
        let question = DNSMessage.query(id: id, name: name, type: type.code)
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(server, port: port)
        } catch {
            throw ProbeError("cannot use DNS server '\(server)': \(error)")
        }
        let udp = try await exchangeUDP(question, id: id, with: address)
        guard udp.truncated else { return udp }
        return try await exchangeTCP(question, id: id, with: address)
    }

    private func exchangeUDP(_ question: [UInt8], id: UInt16, with address: SocketAddress) async throws -> DNSMessage.Response {
        let loop = group.next()
        let answer = loop.makePromise(of: [UInt8].self)
        let channel = try await DatagramBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DNSDatagramHandler(id: id, answer: answer))
                }
            }
            .bind(host: address.protocol == .inet6 ? "::" : "0.0.0.0", port: 0).get()
        defer { channel.close(promise: nil) }
        let envelope = AddressedEnvelope(remoteAddress: address, data: ByteBuffer(bytes: question))
        try await channel.writeAndFlush(envelope)
        let bytes = try await withTaskCancellationHandler {
            try await answer.futureResult.get()
        } onCancel: {
            answer.fail(ProbeError("cancelled"))
        }
        return try DNSMessage.parse(bytes)
    }

    private func exchangeTCP(_ question: [UInt8], id: UInt16, with address: SocketAddress) async throws -> DNSMessage.Response {
        let loop = group.next()
        let answer = loop.makePromise(of: [UInt8].self)
        let channel = try await ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DNSStreamHandler(answer: answer))
                }
            }
            .connect(to: address).get()
        defer { channel.close(promise: nil) }
        var framed = ByteBuffer()
        framed.writeInteger(UInt16(question.count))
        framed.writeBytes(question)
        try await channel.writeAndFlush(framed)
        let bytes = try await withTaskCancellationHandler {
            try await answer.futureResult.get()
        } onCancel: {
            answer.fail(ProbeError("cancelled"))
        }
        let response = try DNSMessage.parse(bytes)
        guard response.id == id else { throw ProbeError("DNS answer over TCP has the wrong id") }
        return response
    }
}

/// Hands the first datagram with the right id to the waiting query.
final class DNSDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let id: UInt16
    private let answer: EventLoopPromise<[UInt8]>

    init(id: UInt16, answer: EventLoopPromise<[UInt8]>) {
        self.id = id
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let bytes = Array(envelope.data.readableBytesView)
        // Stray datagrams (late answers to other queries) are ignored.
        guard bytes.count >= 2, UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == id else { return }
        answer.succeed(bytes)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        answer.fail(ProbeError("DNS over UDP failed: \(error)"))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        answer.fail(ProbeError("DNS socket closed"))
    }
}

/// Reads one length-prefixed DNS message from a TCP stream.
final class DNSStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let answer: EventLoopPromise<[UInt8]>
    private var buffer = ByteBuffer()

    init(answer: EventLoopPromise<[UInt8]>) {
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        buffer.writeBuffer(&chunk)
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self), buffer.readableBytes >= 2 + Int(length) else { return }
        buffer.moveReaderIndex(forwardBy: 2)
        if let bytes = buffer.readBytes(length: Int(length)) { answer.succeed(bytes) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        answer.fail(ProbeError("DNS over TCP failed: \(error)"))
    }

    func channelInactive(context: ChannelHandlerContext) {
        answer.fail(ProbeError("the DNS server closed the TCP connection before answering"))
    }
}
