import BenchSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One open war-room page as `warroom.js` (Sources/LiftoffServer/Web/Assets/warroom.js) behaves:
/// an EventSource on `/api/v1/launches/{id}/events?panels=1&from=SEQ+1` (SEQ: the event the page
/// was rendered at), which after each event carries the page's changed parts (`event: panels`,
/// rendered once on the server per event for every page of the same kind), and a fetch of the
/// page itself only when the stream opens. If the page changes, change this to match.
final class WarRoomPage {
    let stream: Viewer
    var fetchFD: Int32 = -1
    var parser = ResponseParser()
    var inFlight = false
    var again = false
    var seen = 0
    var opened = false
    /// The first event its stream asked for.
    var from = 1
    var fetches = 0
    var failedFetches = 0

    init(stream: Viewer) { self.stream = stream }
}

/// Every page's two sockets (stream and fetch) in one poll(2) loop on the calling thread.
final class WarRoomPages {
    let port: Int
    let pageRequest: [UInt8]
    var pages: [WarRoomPage] = []
    private var buffer = [UInt8](repeating: 0, count: 65536)

    init(port: Int, launch: Int64, token: String) {
        self.port = port
        pageRequest = Array("GET /launches/\(launch) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\nAccept: text/html\r\n\r\n".utf8)
    }

    /// Opens `count` pages' streams from event `from`. Throws when a connection fails.
    func open(count: Int, launch: Int64, token: String, from: Int) throws {
        let request = "GET /api/v1/launches/\(launch)/events?panels=1&from=\(from) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\nAccept: text/event-stream\r\n\r\n"
        for n in 0..<count {
            guard let fd = connectLoopback(port) else { throw BenchError("page \(n + 1) could not connect: \(String(cString: strerror(errno)))") }
            guard writeAll(fd, request) else { throw BenchError("page \(n + 1) could not send its request") }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            let page = WarRoomPage(stream: Viewer(fd: fd))
            page.from = from
            pages.append(page)
        }
    }

    func refresh(_ page: WarRoomPage) {
        if page.inFlight { page.again = true; return }
        if page.fetchFD < 0 {
            guard let fd = connectLoopback(port) else { page.failedFetches += 1; return }
            page.fetchFD = fd
        }
        let sent = pageRequest.withUnsafeBytes { write(page.fetchFD, $0.baseAddress, $0.count) }
        guard sent == pageRequest.count else {
            Glibc.close(page.fetchFD)
            page.fetchFD = -1
            page.failedFetches += 1
            return
        }
        page.parser = ResponseParser()
        page.inFlight = true
    }

    /// Whether every page has seen `seq` (or opened after it) and has no fetch in flight or queued.
    func idle(through seq: Int) -> Bool {
        pages.allSatisfy { !$0.inFlight && !$0.again && ($0.stream.received[seq] != nil || seq < $0.from) && $0.opened }
    }

    var fetches: Int { pages.map(\.fetches).reduce(0, +) }
    var failedFetches: Int { pages.map(\.failedFetches).reduce(0, +) }
    var framesSeen: Int { pages.map { $0.stream.received.count }.reduce(0, +) }

    /// Reads streams and page answers until `deadline` (realtime) or until `stop` says so.
    func pump(until deadline: Double, stop: () -> Bool = { false }) {
        while realtime() < deadline, !stop() {
            var fds: [pollfd] = []
            fds.reserveCapacity(pages.count * 2)
            for page in pages {
                fds.append(pollfd(fd: page.stream.closed ? -1 : page.stream.fd, events: Int16(POLLIN), revents: 0))
                fds.append(pollfd(fd: page.inFlight ? page.fetchFD : -1, events: Int16(POLLIN), revents: 0))
            }
            let ready = poll(&fds, nfds_t(fds.count), 50)
            guard ready > 0 else { continue }
            for (k, page) in pages.enumerated() {
                if fds[2 * k].revents != 0 { readStream(page) }
                if fds[2 * k + 1].revents != 0 { readFetch(page) }
            }
        }
    }

    private func readStream(_ page: WarRoomPage) {
        let viewer = page.stream
        while true {
            let n = buffer.withUnsafeMutableBytes { read(viewer.fd, $0.baseAddress, $0.count) }
            if n > 0 {
                let now = realtime()
                buffer.withUnsafeBytes { viewer.consume(UnsafeRawBufferPointer(rebasing: $0[0..<n]), at: now) }
                if n < buffer.count { break }
            } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                viewer.closed = true
                break
            } else {
                break
            }
        }
        if !page.opened, viewer.status == 200 {
            // EventSource.onopen → refresh().
            page.opened = true
            refresh(page)
        }
        // Events need no fetch: their `panels` frames carry the page's changed parts.
        page.seen = viewer.received.count
    }

    private func readFetch(_ page: WarRoomPage) {
        let n = buffer.withUnsafeMutableBytes { read(page.fetchFD, $0.baseAddress, $0.count) }
        if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
        if n <= 0 {
            page.parser.eof()
        } else {
            _ = buffer.withUnsafeBytes { page.parser.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        if page.parser.done || n <= 0 {
            if page.parser.done && page.parser.status == 200 { page.fetches += 1 } else { page.failedFetches += 1 }
            if !page.parser.done || page.parser.closeAfter || n <= 0 { Glibc.close(page.fetchFD); page.fetchFD = -1 }
            page.inFlight = false
            if page.again {
                page.again = false
                refresh(page)
            }
        }
    }

    func close() {
        for page in pages {
            Glibc.close(page.stream.fd)
            if page.fetchFD >= 0 { Glibc.close(page.fetchFD) }
        }
        pages.removeAll()
    }
}
