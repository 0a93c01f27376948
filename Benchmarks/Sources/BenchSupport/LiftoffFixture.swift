import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh SQLite store in a temporary folder, an admin token, launches made by the liftoff CLI
/// (and grown by `EventSeeder`), and `liftoff serve` on a port of its choosing.
public final class LiftoffFixture {
    public let liftoff: String
    public let dir: URL
    public let keep: Bool
    public var dbPath: String { path("launches.db") }
    public var db: String { "sqlite:" + dbPath }
    public private(set) var token = ""
    public private(set) var server: Spawned?
    public private(set) var port = 0

    public init(liftoff: String, name: String, keep: Bool = false) throws {
        guard FileManager.default.isExecutableFile(atPath: liftoff) else {
            throw BenchError("no liftoff binary at \(liftoff); build it with `swift build -c release --product liftoff` at the package root, or pass --liftoff PATH")
        }
        self.liftoff = liftoff
        self.keep = keep
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("liftoff-\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = try cli(["user", "add", "bench", "--admin", "--db", db], name: "user")
        token = out.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw BenchError("liftoff user add printed no token") }
    }

    deinit {
        server?.stop()
        if !keep { try? FileManager.default.removeItem(at: dir) }
    }

    public func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    public func text(_ name: String) -> String { (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? "" }

    /// Runs the CLI; its standard output, or an error with its standard error.
    @discardableResult
    public func cli(_ arguments: [String], name: String) throws -> String {
        let run = try Spawned.run(liftoff, arguments, stdout: path("\(name).out"), stderr: path("\(name).err"))
        guard run.status == 0 else { throw BenchError("liftoff \(arguments.prefix(2).joined(separator: " ")) exited \(run.status): \(text("\(name).err").suffix(1500))") }
        return text("\(name).out")
    }

    /// `liftoff launch create RUNBOOK --at (now + 1 h) --tz UTC --name NAME [--vars VARS]`, then
    /// one note by the admin through the CLI (so the launch ends with an event liftoff wrote that
    /// `EventSeeder` can extend). Returns the launch id.
    public func createLaunch(name: String, runbook: String, vars: String?) throws -> Int64 {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        let at = formatter.string(from: Date().addingTimeInterval(3600))
        var args = ["launch", "create", runbook, "--at", at, "--tz", "UTC", "--name", name, "--db", db]
        if let vars { args += ["--vars", vars] }
        guard let id = Int64(try cli(args, name: "create-\(name)").trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("liftoff launch create printed no launch number")
        }
        try cli(["note", "add", String(id), "benchmark launch", "--db", db, "--token", token], name: "note-\(name)")
        return id
    }

    /// Grows a launch to `events` events (see `EventSeeder`) and has liftoff verify the chain.
    public func grow(_ launch: Int64, to events: Int, verify: Bool = true) throws {
        try EventSeeder.extend(path: dbPath, launch: launch, to: events)
        if verify { try self.verify(launch) }
    }

    public func verify(_ launch: Int64) throws {
        try cli(["verify", String(launch), "--db", db], name: "verify-\(launch)")
    }

    /// Starts `liftoff serve --port 0 --db … --log-level warning --no-watcher` plus `extra` and waits for its address.
    public func serve(_ extra: [String] = []) throws {
        let started = try Spawned.start(liftoff, ["serve", "--port", "0", "--db", db, "--log-level", "warning", "--no-watcher"] + extra,
                                        stdout: path("serve.out"), stderr: path("serve.err"))
        server = started
        let until = realtime() + 60
        while port == 0, realtime() < until, started.isRunning() {
            if let range = text("serve.err").range(of: "listening on http://127.0.0.1:") {
                port = Int(text("serve.err")[range.upperBound...].prefix { $0.isNumber }) ?? 0
            }
            if port == 0 { usleep(50_000) }
        }
        guard port > 0 else { throw BenchError("liftoff serve did not print its address:\n\(text("serve.err").suffix(2000))") }
    }

    public func stopServer() {
        server?.stop()
        server = nil
        port = 0
    }

    /// A request's line and headers with the admin's bearer token (keep-alive), without the
    /// blank line that ends the head (for `HTTPConnection.send`).
    public func head(_ method: String, _ path: String, accept: String = "application/json", contentType: String? = nil) -> String {
        "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\nAccept: \(accept)\r\n" + (contentType.map { "Content-Type: \($0)\r\n" } ?? "")
    }

    /// The whole request for `GET path` (for `HTTPLoad`).
    public func get(_ path: String, accept: String = "application/json") -> String {
        head("GET", path, accept: accept) + "\r\n"
    }

    /// Raises the soft descriptor limit to at least `count` (for hundreds of viewers).
    public static func raiseDescriptorLimit(to count: Int) {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < rlim_t(count) {
            limit.rlim_cur = min(limit.rlim_max, rlim_t(count))
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }
}

/// Current resident memory in MB (VmRSS from /proc/PID/status).
public func residentMegabytes(_ pid: pid_t) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Double($0) }) else { return 0 }
    return kilobytes / 1024
}

/// Median of a list (nan when empty).
public func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// The binary and its build, guessed from its path unless `label` says it.
public func describeBinary(_ path: String, label: String? = nil) -> String {
    if let label { return "\(path) (\(label))" }
    let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? path
    let build = resolved.contains("/release/") ? "release" : resolved.contains("/debug/") ? "debug" : "unknown build (pass a path under .build/release or .build/debug to label it)"
    return "\(path) (\(build))"
}

/// The 1-, 5- and 15-minute load averages.
public func loadAverage() -> String {
    ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
}
