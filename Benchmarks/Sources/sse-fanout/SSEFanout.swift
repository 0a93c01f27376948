// sse-fanout: 500 viewers on one launch's live events while a separate process appends notes at
// 50/s (DESIGN.md §13): through the API (`--via api`, the default) or straight into the SQLite file
// as another liftoff process would (`--via store`: the server must notice another process's
// commit, issue 13 item 6). Latency per event per viewer: the time (CLOCK_REALTIME) the viewer read
// the event's `id:` line minus the time the appender had its 201 answer; events missed per
// viewer; the server's CPU (/proc) over the append window. The peer, in the same run: a one-byte
// TCP ping-pong on 127.0.0.1. Then, if wrk is installed, GET /api/v1/launches/1 under wrk.
//
//   swift run -c release sse-fanout --liftoff ../.build/release/liftoff [--viewers 500] [--rate 50] [--seconds 60] [--via api|store]
import BenchSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var liftoff = "../.build/release/liftoff"
    var label: String?
    var via = "api"
    var wrk = "/usr/bin/wrk"
    var viewers = 500
    var rate = 50
    var seconds = 60
    var drain = 120
    var keep = false
}

struct Failure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

@main
struct SSEFanout {
    static func main() {
        let args = Array(CommandLine.arguments.dropFirst())
        if args.first == "_append" {
            // _append PORT LAUNCH TOKEN RATE SECONDS ACKS
            guard args.count == 7, let port = Int(args[1]), let rate = Int(args[4]), let secs = Int(args[5]) else { fail("_append PORT LAUNCH TOKEN RATE SECONDS ACKS") }
            exit(Appender.run(port: port, launch: args[2], token: args[3], rate: rate, seconds: secs, acks: args[6]))
        }
        if args.first == "_append-store" {
            // _append-store DBPATH LAUNCH RATE SECONDS ACKS
            guard args.count == 6, let launch = Int64(args[2]), let rate = Int(args[3]), let secs = Int(args[4]) else { fail("_append-store DBPATH LAUNCH RATE SECONDS ACKS") }
            exit(Appender.runStore(path: args[1], launch: launch, rate: rate, seconds: secs, acks: args[5]))
        }
        let o = parse(args)
        do {
            try run(o)
        } catch let failure as Failure {
            fail(failure.message)
        } catch {
            fail("\(error)")
        }
    }

    static func run(_ o: Options) throws {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: o.liftoff) else {
            throw Failure("no liftoff binary at \(o.liftoff); build it with `swift build -c release --product liftoff` at the package root, or pass --liftoff PATH")
        }
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < rlim_t(o.viewers + 100) {
            limit.rlim_cur = min(limit.rlim_max, rlim_t(o.viewers + 100))
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        let dir = fm.temporaryDirectory.appendingPathComponent("liftoff-sse-bench-\(getpid())")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if !o.keep { try? fm.removeItem(at: dir) } }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        func text(_ name: String) -> String { (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? "" }

        // A fresh store: an admin token and a launch.
        let db = "sqlite:" + path("launches.db")
        try "# SSE fan-out benchmark\n\n## T-0: Go\n\n- [ ] Watch the stream\n".write(toFile: path("runbook.md"), atomically: true, encoding: .utf8)
        let user = try Spawned.run(o.liftoff, ["user", "add", "bench", "--admin", "--db", db], stdout: path("user.out"), stderr: path("user.err"))
        let token = text("user.out").trimmingCharacters(in: .whitespacesAndNewlines)
        guard user.status == 0, !token.isEmpty else { throw Failure("liftoff user add failed: \(text("user.err"))") }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        let at = formatter.string(from: Date().addingTimeInterval(3600))
        let created = try Spawned.run(o.liftoff, ["launch", "create", path("runbook.md"), "--at", at, "--tz", "UTC", "--name", "sse-fanout", "--db", db],
                                      stdout: path("create.out"), stderr: path("create.err"))
        let launch = text("create.out").trimmingCharacters(in: .whitespacesAndNewlines)
        guard created.status == 0, Int(launch) != nil else { throw Failure("liftoff launch create failed: \(text("create.err"))") }
        // A note liftoff writes itself: `--via store` copies its shape (actor, type).
        let noted = try Spawned.run(o.liftoff, ["note", "add", launch, "fan-out starts", "--db", db, "--token", token], stdout: path("note.out"), stderr: path("note.err"))
        guard noted.status == 0 else { throw Failure("liftoff note add failed: \(text("note.err"))") }

        // The server, on a port of its choosing.
        // The default caps (1,000 connections, 256 per client address) would refuse most of 500
        // viewers from 127.0.0.1; the per-client cap is at most half of the total.
        let server = try Spawned.start(o.liftoff, ["serve", "--port", "0", "--db", db, "--log-level", "warning",
                                                   "--max-connections", String(2 * o.viewers + 400), "--max-connections-per-client", String(o.viewers + 100)],
                                       stdout: path("serve.out"), stderr: path("serve.err"))
        defer { server.stop() }
        var port = 0
        let waitUntil = realtime() + 30
        while port == 0, realtime() < waitUntil, server.isRunning() {
            if let range = text("serve.err").range(of: "listening on http://127.0.0.1:") {
                port = Int(text("serve.err")[range.upperBound...].prefix { $0.isNumber }) ?? 0
            }
            if port == 0 { usleep(50_000) }
        }
        guard port > 0 else { throw Failure("liftoff serve did not print its address:\n\(text("serve.err").suffix(2000))") }

        print("# sse-fanout")
        print("")
        let how = o.via == "store"
            ? "straight into the SQLite file (one durable transaction each, as another liftoff process would; ack = COMMIT returned)"
            : "through `POST /api/v1/launches/\(launch)/notes` (ack = 201 read)"
        print("liftoff: \(describeBinary(o.liftoff, label: o.label)); machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load \(loadAverage()); `liftoff serve` (pid \(server.pid)) on a fresh SQLite store, launch \(launch); \(o.viewers) viewers on `GET /api/v1/launches/\(launch)/events` (raw sockets, one poll(2) loop); a separate process appends notes \(how) at \(o.rate)/s for \(o.seconds) s")

        // The peer first, while the server is idle.
        let ping = LoopbackPing.measure()
        guard !ping.isEmpty else { throw Failure("the loopback ping-pong failed") }

        let (connected, reason) = ViewerPool.connect(count: o.viewers, port: port, launch: launch, token: token, from: 1)
        guard let pool = connected else { throw Failure(reason ?? "viewers could not connect") }
        defer { pool.close() }
        // The existing log (creation, participant, note) reaches every viewer first; a loaded or
        // debug server may take a while to answer 500 streams.
        let backlogDeadline = realtime() + 120
        pool.pump(until: backlogDeadline) { pool.viewers.allSatisfy { $0.status != 0 && $0.received[3] != nil } }
        pool.pump(until: min(backlogDeadline, realtime() + 1))
        let refused = pool.viewers.filter { $0.status != 200 }
        guard refused.isEmpty else { throw Failure("\(refused.count) viewers were not answered 200 (first: \(refused[0].status)):\n\(text("serve.err").suffix(2000))") }
        let backlog = pool.viewers.map { $0.received.count }

        // The appending process, and the server's CPU over its run.
        let selfPath = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let cpuBefore = server.cpuSeconds()
        let ownBefore = ownCPUSeconds()
        let windowStart = ContinuousClock.now
        let appenderArgs = o.via == "store"
            ? ["_append-store", path("launches.db"), launch, String(o.rate), String(o.seconds), path("acks.txt")]
            : ["_append", String(port), launch, token, String(o.rate), String(o.seconds), path("acks.txt")]
        let appender = try Spawned.start(selfPath, appenderArgs, stdout: path("append.out"))
        var lastCheck = 0.0
        var appending = true
        pool.pump(until: .infinity) {
            let now = realtime()
            guard now - lastCheck > 0.1 else { return false }
            lastCheck = now
            appending = appender.isRunning()
            return !appending
        }
        let appendWindow = seconds(ContinuousClock.now - windowStart)
        // Stragglers: a server that fell behind delivers the rest now. Wait until every viewer
        // that is still connected has the last acknowledged event (at most --drain seconds), so
        // "missed" means never delivered, not late.
        let lastAcked = text("acks.txt").split(separator: "\n").compactMap { $0.split(separator: " ").first.flatMap { Int($0) } }.max() ?? 0
        let drainStart = realtime()
        pool.pump(until: drainStart + Double(o.drain)) { pool.viewers.allSatisfy { $0.closed || $0.cutOff != nil || $0.received[lastAcked] != nil } }
        let drained = realtime() - drainStart
        let window = seconds(ContinuousClock.now - windowStart)
        let serverCPU = server.cpuSeconds() - cpuBefore
        let ownCPU = ownCPUSeconds() - ownBefore
        pool.pump(until: realtime() + 1)
        let serverRSS = server.peakRSSMegabytes()

        var acks: [Int: Double] = [:]
        var summary = ""
        for line in text("acks.txt").split(separator: "\n") {
            if line.hasPrefix("#") { summary = String(line); continue }
            let parts = line.split(separator: " ")
            if parts.count == 2, let seq = Int(parts[0]), let time = Double(parts[1]) { acks[seq] = time }
        }
        guard !acks.isEmpty else { throw Failure("the appender acknowledged nothing: \(summary) \(text("append.out"))\n\(text("serve.err").suffix(2000))") }

        var latencies: [Double] = []
        latencies.reserveCapacity(acks.count * o.viewers)
        var missed: [Int] = []
        for viewer in pool.viewers {
            var lost = 0
            for (seq, acked) in acks {
                if let seen = viewer.received[seq] { latencies.append(seen - acked) } else { lost += 1 }
            }
            missed.append(lost)
        }
        latencies.sort()
        // Where a late frame lost its time: before the first viewer had it (noticing the append,
        // reading it, encoding the frame) or between the first viewer and the last (fan-out).
        var firstSeen: [Double] = [], spread: [Double] = []
        for (seq, acked) in acks {
            let seen = pool.viewers.compactMap { $0.received[seq] }
            guard let first = seen.min(), let last = seen.max() else { continue }
            firstSeen.append(first - acked)
            spread.append(last - first)
        }
        firstSeen.sort()
        spread.sort()
        func pct(_ sorted: [Double], _ p: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
        func us(_ s: Double) -> String { String(format: "%.0f µs", s * 1e6) }
        let rttMedian = pct(ping, 0.5)
        let cutOff = pool.viewers.filter { $0.cutOff != nil }
        let closed = pool.viewers.filter { $0.closed }
        let p50 = pct(latencies, 0.5), p99 = pct(latencies, 0.99)

        print("appender: \(summary.dropFirst(2)); \(acks.count) events acknowledged (seq \(acks.keys.min() ?? 0)…\(acks.keys.max() ?? 0)); backlog before the window: \(backlog.min() ?? 0)–\(backlog.max() ?? 0) events per viewer")
        print("")
        print("| figure | value | / loopback RTT (\(us(rttMedian)) median) |")
        print("|---|---:|---:|")
        print("| latency p50 (append acknowledged → viewer read the frame) | \(ms(p50)) | \(String(format: "%.0f×", p50 / rttMedian)) |")
        print("| latency p99 | \(ms(p99)) | \(String(format: "%.0f×", p99 / rttMedian)) |")
        print("| latency max | \(ms(latencies.last ?? .nan)) | \(String(format: "%.0f×", (latencies.last ?? .nan) / rttMedian)) |")
        print("| latency min | \(ms(latencies.first ?? .nan)) | |")
        print("| per event: acknowledged → first viewer, p50 / p99 / max | \(ms(pct(firstSeen, 0.5))) / \(ms(pct(firstSeen, 0.99))) / \(ms(firstSeen.last ?? .nan)) | |")
        print("| per event: first viewer → last viewer (fan-out), p50 / p99 / max | \(ms(pct(spread, 0.5))) / \(ms(pct(spread, 0.99))) / \(ms(spread.last ?? .nan)) | |")
        print("| loopback TCP ping-pong RTT p50 / p99 (\(ping.count) rounds, same run) | \(us(rttMedian)) / \(us(pct(ping, 0.99))) | 1× |")
        print("| events missed per viewer (max; viewers missing any) | \(missed.max() ?? 0) (\(missed.filter { $0 > 0 }.count) of \(o.viewers)) | |")
        print("| viewers cut off (`event: error`) / disconnected | \(cutOff.count) / \(closed.count) | |")
        print("| server CPU over the \(String(format: "%.1f", window)) s window (appends \(String(format: "%.1f", appendWindow)) s + delivery of the rest \(String(format: "%.1f", drained)) s) | \(String(format: "%.2f s = %.1f%% of one core", serverCPU, serverCPU / window * 100)) | |")
        print("| server CPU per delivered frame | \(us(serverCPU / Double(max(latencies.count, 1)))) | |")
        print("| server CPU per event (\(acks.count) acknowledged, \(o.viewers) viewers) | \(String(format: "%.2f ms", serverCPU / Double(max(acks.count, 1)) * 1000)) | |")
        print("| server peak RSS | \(String(format: "%.0f MB", serverRSS)) | |")
        print("| this process (\(o.viewers) viewers' reads) CPU | \(String(format: "%.2f s = %.1f%% of one core", ownCPU, ownCPU / window * 100)) | |")
        print("")
        let met = p99 < 0.05 && (missed.max() ?? 0) == 0 && cutOff.isEmpty
        print("- target (p99 < 50 ms, no viewer drops): **\(met ? "met" : "missed")** — p99 \(ms(p99)), max missed \(missed.max() ?? 0), cut off \(cutOff.count)")
        if let first = cutOff.first?.cutOff { print("- first cut-off: \(first)") }

        // Plain request throughput on the same server, after the stream run.
        pool.close()
        pool.viewers.removeAll()
        if fm.isExecutableFile(atPath: o.wrk) {
            usleep(500_000)
            let before = server.cpuSeconds()
            let wrkArgs = ["-t2", "-c50", "-d15s", "-H", "Authorization: Bearer \(token)", "http://127.0.0.1:\(port)/api/v1/launches/\(launch)"]
            let result = try Spawned.run(o.wrk, wrkArgs, stdout: path("wrk.out"))
            let cpu = server.cpuSeconds() - before
            let out = text("wrk.out")
            let rps = out.split(separator: "\n").first { $0.hasPrefix("Requests/sec:") }.map { $0.dropFirst("Requests/sec:".count).trimmingCharacters(in: .whitespaces) } ?? "?"
            let latency = out.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Latency") }.map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().prefix(2).joined(separator: " avg, stdev ") } ?? "?"
            let errors = out.split(separator: "\n").filter { $0.contains("Non-2xx") || $0.contains("Socket errors") }.joined(separator: "; ")
            print("")
            print("wrk -t2 -c50 -d15s GET /api/v1/launches/\(launch) (Bearer, exit \(result.status)): **\(rps) requests/s**, latency \(latency)\(errors.isEmpty ? ", all 2xx" : "; " + errors); server CPU \(String(format: "%.2f s = %.0f%% of one core", cpu, cpu / 15 * 100)); context: one loopback round trip \(us(rttMedian)), i.e. \(String(format: "%.0f", 1 / rttMedian)) ping-pongs/s on one connection")
        } else {
            print("")
            print("wrk: not installed at \(o.wrk); request throughput skipped")
        }
        print("")
        print("reproduce: (cd \"$(git rev-parse --show-toplevel)\" && swift build -c release --product liftoff) && cd Benchmarks && swift run -c release sse-fanout --liftoff ../.build/release/liftoff --viewers \(o.viewers) --rate \(o.rate) --seconds \(o.seconds) --via \(o.via)")
        if o.keep { print("kept: \(dir.path)") }
    }

    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func parse(_ args: [String]) -> Options {
        var o = Options()
        var i = 0
        func value() -> String {
            i += 1
            guard i < args.count else { fail("\(args[i - 1]) needs a value") }
            return args[i]
        }
        func number(_ name: String) -> Int {
            let text = value()
            guard let n = Int(text), n > 0 else { fail("\(name) needs a positive whole number, not '\(text)'") }
            return n
        }
        while i < args.count {
            switch args[i] {
            case "--liftoff": o.liftoff = value()
            case "--label": o.label = value()
            case "--via":
                o.via = value()
                guard o.via == "api" || o.via == "store" else { fail("--via is api or store, not '\(o.via)'") }
            case "--wrk": o.wrk = value()
            case "--viewers": o.viewers = number("--viewers")
            case "--rate": o.rate = number("--rate")
            case "--seconds": o.seconds = number("--seconds")
            case "--drain": o.drain = number("--drain")
            case "--keep": o.keep = true
            case "--help", "-h":
                print("usage: sse-fanout [--liftoff PATH] [--label debug|release] [--viewers 500] [--rate 50] [--seconds 60] [--via api|store] [--drain 120] [--wrk /usr/bin/wrk] [--keep]")
                exit(0)
            default: fail("unknown option \(args[i]); options: --liftoff PATH --label TEXT --viewers N --rate N --seconds N --via api|store --wrk PATH --keep")
            }
            i += 1
        }
        return o
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("sse-fanout: \(message)\n".utf8))
    exit(2)
}
