// launch-memory: what loaded launches and open war rooms cost the server (issue 13, "Benchmarks":
// measured and reported).
//
// 1. RSS with `--launches` (100) loaded launches of `--events` (3,000) events: liftoff creates one
//    launch and a note, `EventSeeder` extends it and clones it under new names (every clone
//    re-hashed for its id; `liftoff verify` checks the first and the last), `liftoff serve
//    --no-watcher` starts, and one GET /api/v1/launches/{id} of each loads it. VmRSS before and
//    after, per launch, against the bytes the launch's events take in the store.
// 2. Server CPU per event with `--pages` (500) war-room pages open on launch 1 (each an SSE stream
//    with the changed parts `warroom.js` receives after each event, see WarRoomPages.swift), while a
//    separate process appends notes through the API at `--rate`/s for `--seconds`. Peers in the
//    same run: the server CPU of one page render (GET /launches/{id}, sequential) and of one
//    append with no page open. Target of issue 13 (item 5): an event costs about one render,
//    whatever the number of viewers.
//
//   swift run -c release launch-memory --liftoff ../.build/release/liftoff [--launches 100] [--events 3000] [--pages 500] [--rate 5] [--seconds 30]
import BenchSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var liftoff = "../.build/release/liftoff"
    var label: String?
    var launches = 100
    var events = 3_000
    var pages = 500
    var rate = 5
    var seconds = 30
    var renders = 20
    var settle = 600.0
    var runbook = "../examples/go-live/runbook.md"
    var vars: String? = "../examples/go-live/vars.yaml"
    var keep = false
}

@main
struct LaunchMemory {
    static func main() {
        let args = Array(CommandLine.arguments.dropFirst())
        if args.first == "_append" {
            // _append PORT LAUNCH TOKEN RATE SECONDS OUT
            guard args.count == 7, let port = Int(args[1]), let rate = Int(args[4]), let secs = Int(args[5]) else { usage("_append PORT LAUNCH TOKEN RATE SECONDS OUT") }
            exit(appendLoop(port: port, launch: args[2], token: args[3], rate: rate, seconds: secs, out: args[6]))
        }
        let o = parse(args)
        do {
            try run(o)
        } catch {
            FileHandle.standardError.write(Data("launch-memory: \(error)\n".utf8))
            exit(2)
        }
    }

    static func run(_ o: Options) throws {
        LiftoffFixture.raiseDescriptorLimit(to: o.pages * 2 + 200)
        let fixture = try LiftoffFixture(liftoff: o.liftoff, name: "memory", keep: o.keep)
        let seedStart = ContinuousClock.now
        let first = try fixture.createLaunch(name: "memory-000", runbook: o.runbook, vars: o.vars)
        try fixture.grow(first, to: o.events)
        let names = (1..<o.launches).map { String(format: "memory-%03d", $0) }
        let clones = try EventSeeder.clone(path: fixture.dbPath, source: first, sourceName: "memory-000", names: names)
        if let last = clones.last { try fixture.verify(last) }
        let launches = [first] + clones
        let seeding = seconds(ContinuousClock.now - seedStart)
        let db = try SQLiteConnection(path: fixture.dbPath)
        let storedBytes = Double((try db.query("SELECT sum(length(time) + length(actor) + length(type) + length(payload) + length(hash) + 16) FROM events WHERE launch_id = ?", [.integer(first)]).first?[0] ?? nil).flatMap { Int($0) } ?? 0)
        let fileBytes = Double((try? FileManager.default.attributesOfItem(atPath: fixture.dbPath)[.size] as? Int) ?? 0)

        // Each page holds two connections from 127.0.0.1; the per-client cap is at most half the total.
        try fixture.serve(["--max-connections", String(o.pages * 4 + 400), "--max-connections-per-client", String(o.pages * 2 + 100)])
        guard let server = fixture.server else { throw BenchError("no server") }
        let connection = HTTPConnection(port: fixture.port)
        guard connection.send(fixture.head("GET", "/healthz"))?.status == 200 else { throw BenchError("GET /healthz did not answer 200") }
        usleep(500_000)
        let idleRSS = residentMegabytes(server.pid)

        // 1. Load every launch once.
        let loadStart = ContinuousClock.now
        for id in launches {
            guard let answer = connection.send(fixture.head("GET", "/api/v1/launches/\(id)")), answer.status == 200 else {
                throw BenchError("GET /api/v1/launches/\(id) did not answer 200:\n\(fixture.text("serve.err").suffix(1500))")
            }
        }
        let loadSeconds = seconds(ContinuousClock.now - loadStart)
        usleep(1_000_000)
        let loadedRSS = residentMegabytes(server.pid)
        for id in launches { _ = connection.send(fixture.head("GET", "/api/v1/launches/\(id)")) }
        usleep(1_000_000)
        let againRSS = residentMegabytes(server.pid)
        let perLaunch = (loadedRSS - idleRSS) / Double(launches.count)

        // 2a. Peer: the server CPU of one page render, sequential.
        let pagePath = "/launches/\(first)"
        guard let page = connection.send(fixture.head("GET", pagePath, accept: "text/html")), page.status == 200 else {
            throw BenchError("GET \(pagePath) did not answer 200")
        }
        var cpuBefore = server.cpuSeconds()
        for _ in 0..<o.renders { _ = connection.send(fixture.head("GET", pagePath, accept: "text/html")) }
        let renderCPU = (server.cpuSeconds() - cpuBefore) / Double(o.renders)

        // 2b. Peer: appends with no page open.
        let selfPath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        func appendWindow(_ name: String, seconds secs: Int, pump: (Spawned) -> Void) throws -> (events: Int, cpu: Double, wall: Double, lastSeq: Int, summary: String) {
            let before = server.cpuSeconds()
            let began = ContinuousClock.now
            let appender = try Spawned.start(selfPath, ["_append", String(fixture.port), String(first), fixture.token, String(o.rate), String(secs), fixture.path("\(name).acks")],
                                             stdout: fixture.path("\(name).out"))
            pump(appender)
            let cpu = server.cpuSeconds() - before
            let wall = BenchSupport.seconds(ContinuousClock.now - began)
            let lines = fixture.text("\(name).acks").split(separator: "\n")
            let seqs = lines.filter { !$0.hasPrefix("#") }.compactMap { Int($0) }
            return (seqs.count, cpu, wall, seqs.max() ?? 0, lines.last { $0.hasPrefix("#") }.map { String($0.dropFirst(2)) } ?? "")
        }
        let quiet = try appendWindow("quiet", seconds: max(5, o.seconds / 3)) { appender in
            while appender.isRunning() { usleep(50_000) }
        }
        guard quiet.events > 0 else { throw BenchError("the appender acknowledged nothing: \(fixture.text("quiet.out"))\n\(fixture.text("serve.err").suffix(1500))") }

        // 2c. The pages open, take in the history and settle; then the appender runs again.
        let pages = WarRoomPages(port: fixture.port, launch: first, token: fixture.token)
        defer { pages.close() }
        let openStart = ContinuousClock.now
        try pages.open(count: o.pages, launch: first, token: fixture.token, from: quiet.lastSeq + 1)
        pages.pump(until: realtime() + o.settle) { pages.idle(through: quiet.lastSeq) }
        let openSeconds = seconds(ContinuousClock.now - openStart)
        let openFetches = pages.fetches
        guard pages.idle(through: quiet.lastSeq) else {
            throw BenchError("the \(o.pages) pages did not settle within \(Int(o.settle)) s (\(pages.pages.filter { $0.stream.received[quiet.lastSeq] != nil }.count) have the history, \(openFetches) page fetches); lower --pages or raise --settle")
        }
        let fetchesBefore = pages.fetches, framesBefore = pages.framesSeen
        var appendedUntil = 0.0
        let busy = try appendWindow("pages", seconds: o.seconds) { appender in
            var last = 0.0
            pages.pump(until: .infinity) {
                let now = realtime()
                guard now - last > 0.1 else { return false }
                last = now
                return !appender.isRunning()
            }
            appendedUntil = realtime()
            // The renders an event causes come after it: wait until every page has the last
            // event and no fetch is in flight or queued.
            let lastSeq = fixture.text("pages.acks").split(separator: "\n").compactMap { Int($0) }.max() ?? 0
            pages.pump(until: realtime() + o.settle) { pages.idle(through: lastSeq) }
        }
        let settleAfter = realtime() - appendedUntil
        let fetches = pages.fetches - fetchesBefore, frames = pages.framesSeen - framesBefore
        let missedPages = pages.pages.filter { $0.stream.received[busy.lastSeq] == nil }.count
        let closedStreams = pages.pages.filter { $0.stream.closed }.count
        cpuBefore = server.cpuSeconds()
        let peakRSS = server.peakRSSMegabytes()

        func mb(_ v: Double) -> String { String(format: "%.1f MB", v) }
        func ms(_ s: Double) -> String { String(format: "%.2f ms", s * 1000) }
        let quietPerEvent = quiet.cpu / Double(quiet.events)
        let busyPerEvent = busy.cpu / Double(max(busy.events, 1))
        print("# launch-memory")
        print("")
        print("liftoff: \(describeBinary(o.liftoff, label: o.label)); machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load \(loadAverage()); `liftoff serve --no-watcher` on a fresh SQLite store; runbook \(o.runbook); seeding \(o.launches) launches of \(o.events.formatted()) events took \(String(format: "%.1f", seeding)) s (database file \(mb(fileBytes / 1_048_576)))")
        print("")
        print("## Memory: \(o.launches) loaded launches of \(o.events.formatted()) events")
        print("")
        print("| figure | value |")
        print("|---|---:|")
        print("| server RSS, idle (after one /healthz) | \(mb(idleRSS)) |")
        print("| server RSS after one GET /api/v1/launches/{id} of each launch (\(String(format: "%.1f", loadSeconds)) s for all) | \(mb(loadedRSS)) |")
        print("| server RSS after a second GET of each | \(mb(againRSS)) |")
        print("| RSS per loaded launch (after − idle) / \(o.launches) | \(String(format: "%.0f KB", perLaunch * 1024)) |")
        print("| the launch's events as stored (column bytes) | \(String(format: "%.0f KB", storedBytes / 1024)) |")
        print("| RSS per launch / stored bytes per launch | **\(String(format: "%.2f", perLaunch * 1_048_576 / max(storedBytes, 1)))** |")
        print("")
        print("## CPU per event: \(o.pages) war-room pages on launch \(first), a separate process appending notes through the API at \(o.rate)/s")
        print("")
        print("| figure | value | / one page render |")
        print("|---|---:|---:|")
        print("| server CPU of one page render (GET \(pagePath), \(o.renders) sequential, \(page.body.utf8.count / 1024) KB) | \(ms(renderCPU)) | 1 |")
        print("| server CPU per event, no page open (\(quiet.events) appends in \(String(format: "%.1f", quiet.wall)) s) | \(ms(quietPerEvent)) | \(String(format: "%.2f", quietPerEvent / renderCPU)) |")
        print("| server CPU per event, \(o.pages) pages open (\(busy.events) appends in \(String(format: "%.1f", busy.wall)) s, settled \(String(format: "%.1f", settleAfter)) s after the last) | **\(ms(busyPerEvent))** | **\(String(format: "%.1f", busyPerEvent / renderCPU))** |")
        print("| server CPU over that window | \(String(format: "%.2f s = %.0f%% of one core", busy.cpu, busy.cpu / busy.wall * 100)) | |")
        print("| page fetches per event (\(fetches) in the window) | \(String(format: "%.1f", Double(fetches) / Double(max(busy.events, 1)))) | |")
        print("| SSE frames per event (\(frames) read by the pages) | \(String(format: "%.1f", Double(frames) / Double(max(busy.events, 1)))) | |")
        print("| opening the \(o.pages) pages (history + first fetches: \(openFetches)) | \(String(format: "%.1f s", openSeconds)) | |")
        print("| pages missing the last event / streams closed / failed fetches | \(missedPages) / \(closedStreams) / \(pages.failedFetches) | |")
        print("| server peak RSS | \(mb(peakRSS)) | |")
        print("")
        print("- appender: asked \(o.rate)/s for \(o.seconds) s: \(busy.summary)")
        print("- issue 13, item 5: an event should cost about one render whatever the number of viewers (ratio ≈ 1 plus the append's own cost, \(String(format: "%.2f", quietPerEvent / renderCPU)) here)")
        print("")
        print("reproduce: (cd \"$(git rev-parse --show-toplevel)\" && swift build -c release --product liftoff) && cd Benchmarks && swift run -c release launch-memory --liftoff ../.build/release/liftoff --launches \(o.launches) --events \(o.events) --pages \(o.pages) --rate \(o.rate) --seconds \(o.seconds)")
        if o.keep { print("kept: \(fixture.dir.path)") }
    }

    /// The separate appending process: notes through the API at a fixed rate on one keep-alive
    /// connection; writes each acknowledged seq, then `# appends N failed F seconds S`.
    static func appendLoop(port: Int, launch: String, token: String, rate: Int, seconds secs: Int, out: String) -> Int32 {
        let connection = HTTPConnection(port: port)
        let head = "POST /api/v1/launches/\(launch)/notes HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
        var lines = ""
        var failures = 0
        let total = rate * secs
        let start = realtime()
        for i in 0..<total {
            let wait = start + Double(i) / Double(rate) - realtime()
            if wait > 0 { usleep(UInt32(wait * 1e6)) }
            guard let answer = connection.send(head, body: "{\"text\":\"war room tick \(i)\"}"), answer.status == 201 else { failures += 1; continue }
            for part in answer.body.components(separatedBy: "\"seq\":").dropFirst() {
                if let seq = Int(part.prefix { $0.isNumber }) { lines += "\(seq)\n" }
            }
        }
        lines += "# appends \(total - failures) failed \(failures) seconds \(String(format: "%.1f", realtime() - start))\n"
        do { try lines.write(toFile: out, atomically: true, encoding: .utf8) } catch { return 3 }
        return failures == 0 ? 0 : 1
    }

    static func parse(_ args: [String]) -> Options {
        var o = Options()
        var i = 0
        func value() -> String {
            i += 1
            guard i < args.count else { usage("\(args[i - 1]) needs a value") }
            return args[i]
        }
        func number(_ text: String) -> Int {
            guard let n = Int(text.replacingOccurrences(of: "_", with: "")), n > 0 else { usage("'\(text)' is not a positive whole number") }
            return n
        }
        while i < args.count {
            switch args[i] {
            case "--liftoff": o.liftoff = value()
            case "--label": o.label = value()
            case "--launches": o.launches = number(value())
            case "--events": o.events = number(value())
            case "--pages": o.pages = number(value())
            case "--rate": o.rate = number(value())
            case "--seconds": o.seconds = number(value())
            case "--renders": o.renders = number(value())
            case "--settle": o.settle = Double(number(value()))
            case "--runbook": o.runbook = value()
            case "--vars": o.vars = value()
            case "--no-vars": o.vars = nil
            case "--keep": o.keep = true
            case "--help", "-h":
                print("usage: launch-memory [--liftoff PATH] [--label debug|release] [--launches 100] [--events 3000] [--pages 500] [--rate 5] [--seconds 30] [--renders 20] [--settle 600] [--runbook PATH --vars PATH | --no-vars] [--keep]")
                exit(0)
            default: usage("unknown option \(args[i])")
            }
            i += 1
        }
        if o.events < 3 { usage("--events starts at 3 (creation, participant, note)") }
        return o
    }

    static func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("launch-memory: \(message); see --help\n".utf8))
        exit(2)
    }
}
