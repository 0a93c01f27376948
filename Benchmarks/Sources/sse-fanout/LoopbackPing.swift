import BenchSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The peer (DESIGN.md §13): one byte echoed back and forth over a TCP connection on 127.0.0.1,
/// Nagle off on both ends — the floor under any event's trip from server to viewer.
enum LoopbackPing {
    /// Round-trip times in seconds, sorted.
    static func measure(rounds: Int = 20_000) -> [Double] {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        listen(listener, 1)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let echo = Thread {
            let fd = accept(listener, nil, nil)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            var byte: UInt8 = 0
            while read(fd, &byte, 1) == 1 { _ = write(fd, &byte, 1) }
            close(fd)
        }
        echo.start()
        defer { close(listener) }
        guard let fd = connectLoopback(port) else { return [] }
        defer { close(fd) }
        var times: [Double] = []
        times.reserveCapacity(rounds)
        var byte: UInt8 = 1
        for i in 0..<(rounds + 1_000) {
            let began = ContinuousClock.now
            guard write(fd, &byte, 1) == 1, read(fd, &byte, 1) == 1 else { break }
            if i >= 1_000 { times.append(seconds(ContinuousClock.now - began)) }
        }
        return times.sorted()
    }
}
