import Foundation
import HTTPTypes
import Hummingbird
import LiftoffKit
import LiftoffRender
import LiftoffStore
import NIOCore
import ServiceLifecycle

/// `GET /api/v1/launches/{id}/events`: Server-Sent Events. Each event is sent as
/// `id: SEQ`, `event: TYPE`, `data: JSON`; `Last-Event-ID: N` (or `?from=N+1`) resumes right after
/// seq N. The viewer joins the launch's shared feed first, then catches up from the store, so
/// nothing falls between history and live; sequence numbers drop duplicates and fill gaps.
/// With `?panels=1` (the war room's script) each event is followed by `event: panels`: the parts
/// of the viewer's war room that changed, as HTML (`WarRoomPanels`).
enum LiveRoutes {
    static func register(on launch: inout LaunchRouteGroup, services: ServerServices) {
        launch.get("events") { request, context -> Response in
            let id = context.launch
            let from = try firstWanted(request)
            let panelViewer = request.uri.queryParameters["panels"] == "1" ? context.identity.map {
                PageViewer(name: $0.user.name, roles: $0.user.roles, admin: $0.user.admin, csrfToken: nil)
            } : nil
            let stillSignedIn = credentialCheck(context.identity, services: services)
            let viewer: LiveViewer
            do throws(StoreError) {
                viewer = try await services.hub.join(id, name: context.identity?.user.name)
            } catch {
                throw APIError.store(error)
            }
            let history: [LaunchEvent]
            do throws(StoreError) {
                history = try await services.store.read(id, from: from)
            } catch {
                await services.hub.leave(viewer)
                throw APIError.store(error)
            }
            let headers: HTTPFields = [
                .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
                HTTPField.Name("X-Accel-Buffering")!: "no",
            ]
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                // A client that hangs up ends its stream at once, not at the next write.
                _ = try? await request.body.consumeWithInboundCloseHandler { _ in
                    await stream(to: &writer, viewer: viewer, history: history, from: from, services: services, panels: panelViewer,
                                 stillSignedIn: stillSignedIn)
                } onInboundClosed: {
                    viewer.finish()
                }
                await services.hub.leave(viewer)
                // The chunked body's end: without it the client sees the connection cut short.
                try? await writer.finish(nil)
            })
        }
    }

    /// The first seq the client wants: after `Last-Event-ID`, else `?from`, else 1.
    static func firstWanted(_ request: Request) throws -> Int {
        if let last = request.headers[HTTPField.Name("Last-Event-ID")!] {
            guard let seq = Int(last.trimmingCharacters(in: .whitespaces)), seq >= 0, seq < Int.max else {
                throw APIError.badRequest("Last-Event-ID must be an event's sequence number, not '\(last)'")
            }
            return seq + 1
        }
        if let raw = request.uri.queryParameters["from"] {
            guard let seq = Int(raw), seq >= 1 else { throw APIError.badRequest("from must be a sequence number (1 or more), not '\(raw)'") }
            return seq
        }
        return 1
    }

    /// Whether the credential a stream was opened with still holds: logout, rotation, revocation
    /// and expiry end a live stream at its next heartbeat, on every instance (docs/server.md).
    static func credentialCheck(_ identity: Identity?, services: ServerServices) -> @Sendable () async -> Bool {
        guard let identity else { return { true } }
        let session = identity.session, token = identity.tokenSHA256, cookie = identity.sessionCookie
        return {
            do {
                if let session, let cookie {
                    guard services.sessions.verify(cookie: cookie, now: services.clock()) != nil else { return false }
                    return try await services.store.sessionUser(UserToken.sha256(session)) != nil
                }
                if let token { return try await services.store.user(tokenSHA256: token) != nil }
                return true
            } catch {
                // A store that cannot answer does not end a stream; the next heartbeat asks again.
                return true
            }
        }
    }

    static func stream(to writer: inout any ResponseBodyWriter, viewer: LiveViewer, history: [LaunchEvent], from: Int, services: ServerServices,
                       panels: PageViewer? = nil, stillSignedIn: @Sendable () async -> Bool = { true }) async {
        var next = from
        var panelsSeq: Int? = from > 1 ? from - 1 : nil
        /// After events: the changed parts of the page, when the stream asked for them.
        func sendPanels(_ writer: inout any ResponseBodyWriter) async throws {
            guard let panels, let update = await services.panels.update(launch: viewer.launch, seq: next - 1, viewer: panels, sentSeq: panelsSeq) else { return }
            panelsSeq = update.seq
            try await writer.write(update.frame)
        }
        do {
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            for event in history {
                try await writer.write(frame(event))
                next = event.seq + 1
            }
            if !history.isEmpty { try await sendPanels(&writer) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                let interval = services.settings.heartbeat
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: interval)
                        viewer.offer(.heartbeat)
                    }
                }
                try await withGracefulShutdownHandler {
                    while let items = await viewer.next() {
                        // The usual case, one new event: its frame, shared by every viewer, goes
                        // out as it is, without a copy per viewer.
                        if items.count == 1, case .event(let event, let encoded) = items[0], event.seq == next {
                            try await writer.write(encoded)
                            next = event.seq + 1
                            try await sendPanels(&writer)
                            continue
                        }
                        // Everything that queued up goes out in one write, then the panels once.
                        var batch = ByteBuffer()
                        var events = 0
                        for item in items {
                            switch item {
                            case .heartbeat:
                                guard await stillSignedIn() else {
                                    let reason = JSONValue.object(["reason": .string("signed out: the session or token that opened this stream has ended")])
                                    batch.writeString("event: error\ndata: \(CanonicalJSON.string(reason))\n\n")
                                    try await writer.write(batch)
                                    group.cancelAll()
                                    return
                                }
                                batch.writeString(": heartbeat\n\n")
                            case .event(let event, var encoded):
                                guard event.seq >= next else { continue }
                                if event.seq > next {
                                    // Appended between the history read and the feed (or missed): fetch them.
                                    for missed in try await services.store.read(viewer.launch, from: next) where missed.seq < event.seq {
                                        var missedFrame = frame(missed)
                                        batch.writeBuffer(&missedFrame)
                                    }
                                }
                                batch.writeBuffer(&encoded)
                                next = event.seq + 1
                                events += 1
                                // Bounded writes keep the channel's backpressure: a stream that
                                // ends right after a huge write would lose what was still queued.
                                if batch.readableBytes >= Self.writeChunk {
                                    try await writer.write(batch)
                                    batch.clear()
                                }
                            }
                        }
                        if batch.readableBytes > 0 { try await writer.write(batch) }
                        if events > 0 { try await sendPanels(&writer) }
                    }
                } onGracefulShutdown: {
                    viewer.finish()
                }
                group.cancelAll()
            }
            if viewer.overflowed {
                let reason = JSONValue.object([
                    "reason": .string("too slow: more than \(services.settings.viewerBuffer) events behind; reconnect with Last-Event-ID: \(next - 1)"),
                    "lastEventId": .int(Int64(next - 1)),
                ])
                try await writer.write(ByteBuffer(string: "event: error\ndata: \(CanonicalJSON.string(reason))\n\n"))
            }
        } catch {
            // The client went away (or the store failed mid-stream); nothing more to send.
        }
    }

    /// `event: panels` with the HTML on `data:` lines (a line break inside would end the field).
    /// SSE ends a line at CR, LF or CRLF only, so those are the breaks looked for, byte by byte:
    /// the frame is built once per event but is as long as the parts.
    static func panelsFrame(_ html: String) -> ByteBuffer {
        let bytes = html.utf8
        var frame = ByteBuffer()
        frame.reserveCapacity(bytes.count + bytes.count / 16 + 64)
        frame.writeStaticString("event: panels\n")
        var lineStart = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                i = bytes.index(after: i)
                continue
            }
            frame.writeStaticString("data: ")
            frame.writeBytes(bytes[lineStart..<i])
            frame.writeStaticString("\n")
            i = bytes.index(after: i)
            if byte == UInt8(ascii: "\r"), i < bytes.endIndex, bytes[i] == UInt8(ascii: "\n") { i = bytes.index(after: i) }
            lineStart = i
        }
        frame.writeStaticString("data: ")
        frame.writeBytes(bytes[lineStart..<bytes.endIndex])
        frame.writeStaticString("\n\n")
        return frame
    }

    /// Frames queued for one viewer go out in writes of about this size.
    static let writeChunk = 32 * 1024

    static func frame(_ event: LaunchEvent) -> ByteBuffer {
        ByteBuffer(string: "id: \(event.seq)\nevent: \(event.type)\ndata: \(CanonicalJSON.string(EventJSON.make(event)))\n\n")
    }
}
