import Foundation
import LiftoffProbes
#if canImport(Glibc)
import Glibc
#endif

/// External programs the tests start: skipped with a reason when missing, except in CI.
public enum Tools {
    public static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    public static func path(_ name: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin"]
        return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether a test needing `name` should run; prints why not when it is skipped.
    public static func available(_ name: String) -> Bool {
        if path(name) != nil || inCI { return true }
        print("skipping: \(name) is not installed (apt-get install \(name)); CI=true makes this a failure")
        return false
    }

    /// A port nothing listens on right now: the kernel's pick for a socket bound to port 0.
    public static func freePort(type: Int32 = Int32(SOCK_STREAM.rawValue)) -> Int {
        let (fd, port) = boundSocket(type: type)
        close(fd)
        return port
    }

    /// A TCP socket bound to a fresh port but not listening: connecting to it is refused, and
    /// no other test can take the port while it is held. Close the descriptor when done.
    /// A bound (not listening) TCP socket on a port below the kernel's ephemeral range, so no
    /// outgoing connection ever gets that port as its own source port. A client retrying a
    /// refused connection to an ephemeral port can connect to itself (TCP simultaneous open)
    /// and hold the port, so a server could not bind it again.
    /// Sockets held by a test must not leak into the children other tests spawn meanwhile: a
    /// child holding a copy keeps the port bound after the test closes its own.
    static let closeOnExec = Int32(SOCK_CLOEXEC.rawValue)

    public static func boundSocketOutsideEphemeralRange() -> (fd: Int32, port: Int) {
        let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? "32768 60999"
        let low = range.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap { Int($0) } ?? 32768
        let upper = max(low - 1, 2048)
        for _ in 0..<200 {
            let port = Int.random(in: 1025...upper)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Self.closeOnExec, 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            if bound == 0 { return (fd, port) }
            close(fd)
        }
        return boundSocket()
    }

    public static func boundSocket(type: Int32 = Int32(SOCK_STREAM.rawValue)) -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, type | Self.closeOnExec, 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// A child process the test owns (dnsmasq, prometheus), killed when the test ends.
/// posix_spawn rather than Foundation's Process: waitUntilExit can hang on a cooperative thread,
/// and a child must not inherit a blocked SIGTERM.
public final class OwnedProcess: @unchecked Sendable {
    public let pid: pid_t
    public let directory: URL
    private let log: URL
    private var exited = false
    /// The raw wait status once the process has exited.
    public private(set) var waitStatus: Int32?

    /// `environment`: the child's whole environment; nil passes this process's own.
    public init(_ executable: String, _ arguments: [String], directory: URL, environment: [String: String]? = nil) throws {
        self.directory = directory
        log = directory.appendingPathComponent("process.log")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let attributes = CleanSpawnAttributes(newProcessGroup: false)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        let status = envp.map { posix_spawn(&pid, executable, &actions, &attributes.raw, argv, $0) } ?? posix_spawn(&pid, executable, &actions, &attributes.raw, argv, environ)
        guard status == 0 else { throw TestServerError("cannot start \(executable): \(String(cString: strerror(status)))") }
        self.pid = pid
    }

    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    public var isRunning: Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            exited = true
            waitStatus = status
        }
        return !exited
    }

    /// SIGTERM, up to 3 seconds to exit, then SIGKILL; always reaped.
    public func stop() {
        if isRunning {
            kill(pid, SIGTERM)
            for _ in 0..<60 where isRunning { usleep(50_000) }
            if isRunning {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                exited = true
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    public static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
