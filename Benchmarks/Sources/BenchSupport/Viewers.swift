import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One SSE viewer: an HTTP/1.1 GET on a raw socket, its response de-chunked and cut into lines.
/// Records when (CLOCK_REALTIME) each event id was first read.
public final class Viewer {
    public let fd: Int32
    var head: [UInt8] = []
    var headDone = false
    public var status = 0
    var chunked = false
    /// De-chunking state: bytes left in the current chunk, or -1 while reading a size line.
    var chunkLeft = -1
    var sizeLine: [UInt8] = []
    var skipCRLF = 0
    var line: [UInt8] = []
    public var closed = false
    public var cutOff: String?
    /// seq → realtime of the read that completed its `id:` line.
    public var received: [Int: Double] = [:]

    public init(fd: Int32) { self.fd = fd }

    public func consume(_ bytes: UnsafeRawBufferPointer, at now: Double) {
        var i = 0
        if !headDone {
            while i < bytes.count, !headDone {
                head.append(bytes[i])
                i += 1
                if head.count >= 4, head[head.count - 4] == 13, head[head.count - 3] == 10, head[head.count - 2] == 13, head[head.count - 1] == 10 {
                    headDone = true
                    let text = String(decoding: head, as: UTF8.self).lowercased()
                    status = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
                    chunked = text.contains("transfer-encoding: chunked")
                }
            }
        }
        while i < bytes.count {
            if !chunked {
                body(bytes[i], now)
                i += 1
            } else if skipCRLF > 0 {
                skipCRLF -= 1
                i += 1
            } else if chunkLeft < 0 {
                let b = bytes[i]
                i += 1
                if b == 10 {
                    let hex = String(decoding: sizeLine, as: UTF8.self).split(separator: ";").first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    chunkLeft = Int(hex, radix: 16) ?? 0
                    sizeLine.removeAll(keepingCapacity: true)
                    if chunkLeft == 0 { closed = true; return }
                } else {
                    sizeLine.append(b)
                }
            } else {
                let take = min(chunkLeft, bytes.count - i)
                for k in i..<(i + take) { body(bytes[k], now) }
                i += take
                chunkLeft -= take
                if chunkLeft == 0 { chunkLeft = -1; skipCRLF = 2 }
            }
        }
    }

    private func body(_ b: UInt8, _ now: Double) {
        guard b == 10 else {
            // Only the short lines matter (`id: N`, `event: error`, the error's data); skip the rest.
            if line.count < 200 { line.append(b) }
            return
        }
        if line.count > 4, line[0] == UInt8(ascii: "i"), line[1] == UInt8(ascii: "d"), line[2] == UInt8(ascii: ":") {
            if let seq = Int(String(decoding: line[3...], as: UTF8.self).trimmingCharacters(in: .whitespaces)), received[seq] == nil {
                received[seq] = now
            }
        } else if line.starts(with: Array("event: error".utf8)) {
            cutOff = "event: error"
        } else if cutOff != nil, line.starts(with: Array("data:".utf8)) {
            cutOff = String(decoding: line, as: UTF8.self)
        }
        line.removeAll(keepingCapacity: true)
    }
}

/// Every viewer's socket in one poll(2) loop on the calling thread.
public final class ViewerPool {
    public var viewers: [Viewer] = []
    private var buffer = [UInt8](repeating: 0, count: 65536)

    /// Opens `count` streams of `launch`'s events, from `from` on. Nil with a reason if one fails.
    public static func connect(count: Int, port: Int, launch: String, token: String, from: Int) -> (ViewerPool?, String?) {
        let pool = ViewerPool()
        let request = "GET /api/v1/launches/\(launch)/events?from=\(from) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\nAccept: text/event-stream\r\n\r\n"
        for n in 0..<count {
            guard let fd = connectLoopback(port) else { return (nil, "viewer \(n + 1) could not connect: \(String(cString: strerror(errno)))") }
            guard writeAll(fd, request) else { return (nil, "viewer \(n + 1) could not send its request") }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            pool.viewers.append(Viewer(fd: fd))
        }
        return (pool, nil)
    }

    /// Reads whatever arrives until `deadline` (realtime) or until `stop` says so.
    public func pump(until deadline: Double, stop: () -> Bool = { false }) {
        var fds = viewers.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        while realtime() < deadline, !stop() {
            let ready = poll(&fds, nfds_t(fds.count), 50)
            guard ready > 0 else { continue }
            for k in fds.indices where fds[k].revents != 0 {
                let viewer = viewers[k]
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(viewer.fd, $0.baseAddress, $0.count) }
                    if n > 0 {
                        let now = realtime()
                        buffer.withUnsafeBytes { viewer.consume(UnsafeRawBufferPointer(rebasing: $0[0..<n]), at: now) }
                        if n < buffer.count { break }
                    } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                        viewer.closed = true
                        fds[k].fd = -1
                        break
                    } else {
                        break
                    }
                }
            }
        }
    }

    public func close() { viewers.forEach { Glibc.close($0.fd) } }
}
