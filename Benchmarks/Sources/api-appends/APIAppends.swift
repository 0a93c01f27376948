// api-appends: sequential appends through the API on a long launch, against durable single-row
// SQLite commits made in-process in the same run (issue 13, "Benchmarks"; target ≥ 25 %).
//
// Liftoff side: a fresh SQLite store, one launch grown to 3,000 events (`EventSeeder`, then
// `liftoff verify`), `liftoff serve --no-watcher`, and one keep-alive HTTP/1.1 connection posting
// `POST /api/v1/launches/{id}/notes` one at a time (the next leaves when the 201 is read).
// Peer: this process, the system's libsqlite3 (dlopen), a file next to the server's database:
// WAL, synchronous=FULL, a table shaped like `events`, one row of the same size per
// transaction (BEGIN IMMEDIATE; INSERT; COMMIT). The two alternate for `--rounds` rounds of
// `--seconds` each; the ratio is over all rounds.
//
//   swift run -c release api-appends --liftoff ../.build/release/liftoff [--events 3000] [--seconds 10] [--rounds 2]
import BenchSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var liftoff = "../.build/release/liftoff"
    var label: String?
    var events = 3_000
    var seconds = 10.0
    var rounds = 2
    var runbook = "../examples/go-live/runbook.md"
    var vars: String? = "../examples/go-live/vars.yaml"
    var keep = false
}

struct Tally {
    var count = 0
    var seconds = 0.0
    var latencies: [Double] = []
    var cpu = 0.0
    var rate: Double { Double(count) / max(seconds, 1e-9) }
    mutating func add(_ other: Tally) {
        count += other.count
        seconds += other.seconds
        latencies += other.latencies
        cpu += other.cpu
    }
    func percentile(_ p: Double) -> Double {
        let s = latencies.sorted()
        return s.isEmpty ? .nan : s[min(s.count - 1, Int(Double(s.count) * p))]
    }
}

@main
struct APIAppends {
    static func main() {
        let o = parse(Array(CommandLine.arguments.dropFirst()))
        do {
            try run(o)
        } catch {
            FileHandle.standardError.write(Data("api-appends: \(error)\n".utf8))
            exit(2)
        }
    }

    static func run(_ o: Options) throws {
        guard let sqlite = SQLiteLibrary.shared else { _ = try SQLiteLibrary(); return }
        let fixture = try LiftoffFixture(liftoff: o.liftoff, name: "appends", keep: o.keep)
        let launch = try fixture.createLaunch(name: "appends", runbook: o.runbook, vars: o.vars)
        try fixture.grow(launch, to: o.events)
        try fixture.serve()
        guard let server = fixture.server else { throw BenchError("no server") }

        // The peer's table, shaped like liftoff's `events`, in the same folder (same file system).
        let peer = try SQLiteConnection(path: fixture.path("peer.db"))
        let mode = try peer.query("PRAGMA journal_mode = WAL").first?[0] ?? nil
        try peer.execute("PRAGMA synchronous = FULL")
        let synchronous = try peer.query("PRAGMA synchronous").first?[0] ?? nil
        try peer.execute("""
            CREATE TABLE events (launch_id INTEGER NOT NULL, seq INTEGER NOT NULL CHECK (seq >= 1), time TEXT NOT NULL, actor TEXT NOT NULL,
            type TEXT NOT NULL, payload TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (launch_id, seq)) WITHOUT ROWID
            """)
        let insert = try peer.prepare("INSERT INTO events (launch_id, seq, time, actor, type, payload, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
        var peerSeq: Int64 = 0
        func peerRound() throws -> Tally {
            var tally = Tally()
            let start = ContinuousClock.now
            let until = start + .milliseconds(Int(o.seconds * 1000))
            while ContinuousClock.now < until {
                let began = ContinuousClock.now
                peerSeq += 1
                let payload = "{\"text\":\"api append \(peerSeq)\"}"
                try peer.execute("BEGIN IMMEDIATE")
                try insert.run([.integer(1), .integer(peerSeq), .text("2026-12-03T07:13:38.880Z"), .text("bench"), .text("note.added"), .text(payload),
                                .text(SHA256Digest.hex(SHA256Digest.hash(Array(payload.utf8))))])
                try peer.execute("COMMIT")
                tally.latencies.append(seconds(ContinuousClock.now - began))
                tally.count += 1
            }
            tally.seconds = seconds(ContinuousClock.now - start)
            return tally
        }

        let connection = HTTPConnection(port: fixture.port)
        let head = fixture.head("POST", "/api/v1/launches/\(launch)/notes", contentType: "application/json")
        var apiCount = 0
        var lastSeq = 0
        func apiRound() throws -> Tally {
            var tally = Tally()
            let cpuBefore = server.cpuSeconds()
            let start = ContinuousClock.now
            let until = start + .milliseconds(Int(o.seconds * 1000))
            while ContinuousClock.now < until {
                let began = ContinuousClock.now
                apiCount += 1
                guard let answer = connection.send(head, body: "{\"text\":\"api append \(apiCount)\"}"), answer.status == 201 else {
                    throw BenchError("POST notes did not answer 201:\n\(fixture.text("serve.err").suffix(1500))")
                }
                tally.latencies.append(seconds(ContinuousClock.now - began))
                tally.count += 1
                if let range = answer.body.range(of: "\"seq\":", options: .backwards) { lastSeq = Int(answer.body[range.upperBound...].prefix { $0.isNumber }) ?? lastSeq }
            }
            tally.seconds = seconds(ContinuousClock.now - start)
            tally.cpu = server.cpuSeconds() - cpuBefore
            return tally
        }

        // One untimed append each way (connection set up, the first fold or load).
        guard connection.send(head, body: "{\"text\":\"warm-up\"}")?.status == 201 else {
            throw BenchError("the warm-up POST notes did not answer 201:\n\(fixture.text("serve.err").suffix(1500))")
        }
        var api = Tally(), commits = Tally()
        var rows: [(Int, Tally, Tally)] = []
        for round in 1...o.rounds {
            // Alternate which goes first, so a change in the machine's load hits both.
            let c: Tally, a: Tally
            if round % 2 == 1 {
                c = try peerRound()
                a = try apiRound()
            } else {
                a = try apiRound()
                c = try peerRound()
            }
            rows.append((round, a, c))
            api.add(a)
            commits.add(c)
        }

        func ms(_ s: Double) -> String { String(format: "%.2f ms", s * 1000) }
        print("# api-appends")
        print("")
        print("liftoff: \(describeBinary(o.liftoff, label: o.label)); machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load \(loadAverage()); `liftoff serve --no-watcher` on a fresh SQLite store in \(fixture.dir.path) (\(fileSystem(fixture.dir.path))); launch \(launch) grown to \(o.events.formatted()) events, \(lastSeq.formatted()) after the run; peer: libsqlite3 \(sqlite.version) in this process, journal_mode=\(mode ?? "?"), synchronous=\(synchronous ?? "?") (2 = FULL); \(o.rounds) alternating rounds of \(Int(o.seconds)) s")
        print("")
        print("| round | API appends/s (POST notes, sequential, keep-alive) | in-process SQLite commits/s | API / commits |")
        print("|---:|---:|---:|---:|")
        for (round, a, c) in rows {
            print("| \(round) | \(String(format: "%.1f", a.rate)) | \(String(format: "%.0f", c.rate)) | \(String(format: "%.2f %%", a.rate / c.rate * 100)) |")
        }
        print("| all | **\(String(format: "%.1f", api.rate))** | **\(String(format: "%.0f", commits.rate))** | **\(String(format: "%.2f %%", api.rate / commits.rate * 100))** |")
        print("")
        print("- API append latency p50 \(ms(api.percentile(0.5))), p99 \(ms(api.percentile(0.99))); server CPU per append \(ms(api.cpu / Double(max(api.count, 1)))) (\(api.count) appends)")
        print("- commit latency p50 \(ms(commits.percentile(0.5))), p99 \(ms(commits.percentile(0.99))) (\(commits.count) commits)")
        print("- target (API ≥ 25 % of commits): **\(api.rate / commits.rate >= 0.25 ? "met" : "missed")**")
        print("")
        print("reproduce: (cd \"$(git rev-parse --show-toplevel)\" && swift build -c release --product liftoff) && cd Benchmarks && swift run -c release api-appends --liftoff ../.build/release/liftoff --events \(o.events) --seconds \(Int(o.seconds)) --rounds \(o.rounds)")
        if o.keep { print("kept: \(fixture.dir.path)") }
    }

    /// The file system type of the mount holding `path` (from /proc/self/mounts).
    static func fileSystem(_ path: String) -> String {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let mounts = ((try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? "").split(separator: "\n").map { $0.split(separator: " ") }
        let best = mounts.filter { $0.count > 2 && (resolved == $0[1] || resolved.hasPrefix($0[1] == "/" ? "/" : $0[1] + "/")) }.max { $0[1].count < $1[1].count }
        return best.map { "\($0[2]) on \($0[1])" } ?? "?"
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
            case "--events": o.events = number(value())
            case "--seconds": o.seconds = Double(number(value()))
            case "--rounds": o.rounds = number(value())
            case "--runbook": o.runbook = value()
            case "--vars": o.vars = value()
            case "--no-vars": o.vars = nil
            case "--keep": o.keep = true
            case "--help", "-h":
                print("usage: api-appends [--liftoff PATH] [--label debug|release] [--events 3000] [--seconds 10] [--rounds 2] [--runbook PATH --vars PATH | --no-vars] [--keep]")
                exit(0)
            default: usage("unknown option \(args[i])")
            }
            i += 1
        }
        if o.events < 3 { usage("--events starts at 3 (creation, participant, note)") }
        return o
    }

    static func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("api-appends: \(message); see --help\n".utf8))
        exit(2)
    }
}
