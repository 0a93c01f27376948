import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads one HTTP/1.1 response incrementally: the head, then a body framed by Content-Length or
/// chunked encoding (de-chunked by hand). `feed` returns how many of the bytes it used; the
/// response is complete when `done` is true.
public struct ResponseParser {
    public private(set) var status = 0
    public private(set) var done = false
    public private(set) var closeAfter = false
    public private(set) var body: [UInt8] = []
    var keepBody: Bool
    var head: [UInt8] = []
    var headDone = false
    var contentLength = -1
    var chunked = false
    var chunkLeft = -1
    var sizeLine: [UInt8] = []
    var skipCRLF = 0
    var trailer: [UInt8] = []
    var inTrailer = false

    public init(keepBody: Bool = false) { self.keepBody = keepBody }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Int {
        var i = 0
        while i < bytes.count, !done {
            if !headDone {
                head.append(bytes[i])
                i += 1
                let n = head.count
                if n >= 4, head[n - 4] == 13, head[n - 3] == 10, head[n - 2] == 13, head[n - 1] == 10 {
                    headDone = true
                    let text = String(decoding: head, as: UTF8.self).lowercased()
                    status = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
                    for line in text.split(separator: "\r\n") {
                        if line.hasPrefix("content-length:") { contentLength = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? -1 }
                        if line.hasPrefix("transfer-encoding:"), line.contains("chunked") { chunked = true }
                        if line.hasPrefix("connection:"), line.contains("close") { closeAfter = true }
                    }
                    if !chunked && contentLength <= 0 {
                        if contentLength < 0 { closeAfter = true } else { done = true }
                    }
                }
            } else if !chunked {
                let take = contentLength >= 0 ? min(contentLength, bytes.count - i) : bytes.count - i
                if keepBody { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)])) }
                i += take
                if contentLength >= 0 {
                    contentLength -= take
                    if contentLength == 0 { done = true }
                }
            } else if inTrailer {
                // After the last chunk: lines until an empty one.
                trailer.append(bytes[i])
                i += 1
                if trailer.count >= 2, trailer[trailer.count - 2] == 13, trailer[trailer.count - 1] == 10 {
                    if trailer.count == 2 { done = true } else { trailer.removeAll() }
                }
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
                    if chunkLeft == 0 { inTrailer = true; chunkLeft = -1 }
                } else {
                    sizeLine.append(b)
                }
            } else {
                let take = min(chunkLeft, bytes.count - i)
                if keepBody { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)])) }
                i += take
                chunkLeft -= take
                if chunkLeft == 0 { chunkLeft = -1; skipCRLF = 2 }
            }
        }
        return i
    }

    /// The peer closed the connection: a body without a length ends here.
    public mutating func eof() {
        if headDone && !chunked && contentLength < 0 { done = true }
    }
}

/// One keep-alive HTTP/1.1 connection to 127.0.0.1, used for one request at a time (blocking).
/// Reconnects when the server closed it.
public final class HTTPConnection {
    let port: Int
    var fd: Int32 = -1
    var buffer = [UInt8](repeating: 0, count: 65536)

    public init(port: Int) { self.port = port }
    deinit { if fd >= 0 { close(fd) } }

    /// Sends `head` (request line and headers, without the final blank line) and `body`; returns
    /// the status and the body text, or nil when the connection failed twice.
    public func send(_ head: String, body: String = "") -> (status: Int, body: String)? {
        for _ in 0..<2 {
            if fd < 0 { fd = connectLoopback(port) ?? -1 }
            guard fd >= 0 else { return nil }
            let message = head + (body.isEmpty ? "" : "Content-Length: \(body.utf8.count)\r\n") + "\r\n" + body
            if writeAll(fd, message), let answer = readResponse() { return answer }
            close(fd)
            fd = -1
        }
        return nil
    }

    func readResponse() -> (status: Int, body: String)? {
        var parser = ResponseParser(keepBody: true)
        while !parser.done {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                parser.eof()
                if parser.done { break }
                return nil
            }
            _ = buffer.withUnsafeBytes { parser.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        if parser.closeAfter { close(fd); fd = -1 }
        return (parser.status, String(decoding: parser.body, as: UTF8.self))
    }
}

/// Closed-loop load: `connections` keep-alive connections, each sending the next request as soon
/// as the previous answer is complete, all in one poll(2) loop on the calling thread (like
/// `wrk -t1 -cN`). Counts the answers that completed before the deadline; then stops sending and
/// lets the requests in flight finish (up to `drain` seconds, counted as `drained`), so the next
/// measurement starts on an idle server. When answers are slow, the window grows past
/// `seconds` until `minimumAnswers` have completed (at most to `maximumSeconds`), so a rate is
/// never read off one or two answers.
public enum HTTPLoad {
    public struct Result {
        public var completed = 0
        /// Answers to requests in flight at the deadline, read after it (not in `completed`).
        public var drained = 0
        public var non2xx = 0
        public var failures = 0
        public var seconds = 0.0
        public var latencies: [Double] = []
        public var requestsPerSecond: Double { Double(completed) / max(seconds, 1e-9) }
        public func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
    }

    final class Slot {
        var fd: Int32 = -1
        var parser = ResponseParser()
        var sentAt = 0.0
        var busy = false
    }

    public static func run(port: Int, request: String, connections: Int, seconds: Double, drain: Double = 120,
                           minimumAnswers: Int = 0, maximumSeconds: Double? = nil) -> Result {
        var result = Result()
        let bytes = Array(request.utf8)
        var slots = (0..<connections).map { _ in Slot() }
        var buffer = [UInt8](repeating: 0, count: 65536)
        func now() -> Double { realtime() }
        func open(_ slot: Slot) -> Bool {
            guard let fd = connectLoopback(port) else { return false }
            slot.fd = fd
            return true
        }
        func send(_ slot: Slot) -> Bool {
            if slot.fd < 0, !open(slot) { return false }
            slot.parser = ResponseParser()
            slot.sentAt = now()
            slot.busy = true
            // Requests are small: one blocking write.
            var sent = 0
            while sent < bytes.count {
                let n = bytes.withUnsafeBytes { write(slot.fd, $0.baseAddress! + sent, $0.count - sent) }
                if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                guard n > 0 else { close(slot.fd); slot.fd = -1; slot.busy = false; return false }
                sent += n
            }
            return true
        }
        let start = now()
        var deadline = start + seconds
        let lastDeadline = start + max(seconds, maximumSeconds ?? seconds)
        for slot in slots where !send(slot) { result.failures += 1 }
        var stopAt = deadline + drain
        func extend(_ t: Double) {
            if t >= deadline, result.completed < minimumAnswers, t < lastDeadline { deadline = min(lastDeadline, t + 0.5) }
        }
        while true {
            let t = now()
            extend(t)
            let anyBusy = slots.contains { $0.busy }
            if t >= deadline && !anyBusy { break }
            if t >= stopAt { break }
            var fds = slots.map { pollfd(fd: $0.busy ? $0.fd : -1, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), 20)
            if ready <= 0 { continue }
            for k in fds.indices where fds[k].revents != 0 {
                let slot = slots[k]
                let n = buffer.withUnsafeMutableBytes { read(slot.fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    slot.parser.eof()
                    if !slot.parser.done {
                        result.failures += 1
                        close(slot.fd); slot.fd = -1; slot.busy = false
                        if now() < deadline, !send(slot) { result.failures += 1 }
                        continue
                    }
                } else {
                    _ = buffer.withUnsafeBytes { slot.parser.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                }
                guard slot.parser.done else { continue }
                let finished = now()
                extend(finished)
                slot.busy = false
                if finished <= deadline {
                    result.completed += 1
                    result.latencies.append(finished - slot.sentAt)
                    if !(200..<300).contains(slot.parser.status) { result.non2xx += 1 }
                } else {
                    result.drained += 1
                }
                if slot.parser.closeAfter || n <= 0 { close(slot.fd); slot.fd = -1 }
                if finished < deadline, !send(slot) { result.failures += 1 }
            }
            stopAt = deadline + drain
        }
        for slot in slots where slot.fd >= 0 { close(slot.fd) }
        slots.removeAll()
        result.seconds = deadline - start
        result.latencies.sort()
        return result
    }
}
