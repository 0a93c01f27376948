// launch-reads: state reads of a long launch against `GET /healthz` of the same server, in one run
// (issue 13, "Benchmarks"). A fresh SQLite store; one launch per size (default 3,000 and 30,000
// events: liftoff creates the launch and a note, `EventSeeder` extends the chain, `liftoff verify`
// checks it); `liftoff serve --no-watcher`; then 16 keep-alive HTTP/1.1 clients (one poll(2)
// loop, closed loop: the next request leaves when the answer is complete) on `GET /healthz`,
// on `GET /api/v1/launches/{id}` of each launch, and on `/healthz` again.
// Target: each launch's requests/s ≥ 0.5 × healthz, and flat in log length.
//
//   swift run -c release launch-reads --liftoff ../.build/release/liftoff [--sizes 3000,30000] [--clients 16] [--seconds 10]
import BenchSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var liftoff = "../.build/release/liftoff"
    var label: String?
    var sizes = [3_000, 30_000]
    var clients = 16
    var seconds = 10.0
    var runbook = "../examples/go-live/runbook.md"
    var vars: String? = "../examples/go-live/vars.yaml"
    var keep = false
}

@main
struct LaunchReads {
    static func main() {
        let o = parse(Array(CommandLine.arguments.dropFirst()))
        do {
            try run(o)
        } catch {
            FileHandle.standardError.write(Data("launch-reads: \(error)\n".utf8))
            exit(2)
        }
    }

    static func run(_ o: Options) throws {
        let fixture = try LiftoffFixture(liftoff: o.liftoff, name: "reads", keep: o.keep)
        var launches: [(size: Int, id: Int64)] = []
        let seedStart = ContinuousClock.now
        for size in o.sizes {
            let id = try fixture.createLaunch(name: "reads-\(size)", runbook: o.runbook, vars: o.vars)
            try fixture.grow(id, to: size)
            launches.append((size, id))
        }
        let seeding = seconds(ContinuousClock.now - seedStart)
        try fixture.serve()
        guard let server = fixture.server else { throw BenchError("no server") }

        // Warm-up: one answer from each route (the first read may load or fold the launch).
        let probe = HTTPConnection(port: fixture.port)
        var bodyBytes: [Int64: Int] = [:]
        var firstRead: [Int64: Double] = [:]
        for (_, id) in launches {
            let began = ContinuousClock.now
            guard let answer = probe.send(fixture.head("GET", "/api/v1/launches/\(id)")), answer.status == 200 else {
                throw BenchError("GET /api/v1/launches/\(id) did not answer 200:\n\(fixture.text("serve.err").suffix(1500))")
            }
            firstRead[id] = seconds(ContinuousClock.now - began)
            bodyBytes[id] = answer.body.utf8.count
        }
        guard let health = probe.send(fixture.head("GET", "/healthz")), health.status == 200 else { throw BenchError("GET /healthz did not answer 200") }
        _ = HTTPLoad.run(port: fixture.port, request: fixture.get("/healthz"), connections: o.clients, seconds: 1)

        struct Phase { var name: String; var result: HTTPLoad.Result; var cpu: Double }
        func measure(_ name: String, _ path: String) -> Phase {
            let cpuBefore = server.cpuSeconds()
            // At least 4 answers per client, however slow (at most 20 × --seconds).
            let result = HTTPLoad.run(port: fixture.port, request: fixture.get(path), connections: o.clients, seconds: o.seconds,
                                      minimumAnswers: 4 * o.clients, maximumSeconds: 20 * o.seconds)
            return Phase(name: name, result: result, cpu: server.cpuSeconds() - cpuBefore)
        }
        var phases: [Phase] = [measure("GET /healthz (before)", "/healthz")]
        for (size, id) in launches { phases.append(measure("GET /api/v1/launches/\(id) (\(size.formatted()) events)", "/api/v1/launches/\(id)")) }
        phases.append(measure("GET /healthz (after)", "/healthz"))
        let rss = server.peakRSSMegabytes()

        let healthRate = (phases.first!.result.requestsPerSecond + phases.last!.result.requestsPerSecond) / 2
        func ms(_ s: Double) -> String { s.isNaN ? "–" : String(format: "%.1f ms", s * 1000) }
        func rate(_ r: Double) -> String { r >= 100 ? String(format: "%.0f", r) : String(format: "%.1f", r) }

        print("# launch-reads")
        print("")
        print("liftoff: \(describeBinary(o.liftoff, label: o.label)); machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load \(loadAverage()); `liftoff serve --no-watcher` on a fresh SQLite store; runbook \(o.runbook); \(o.clients) keep-alive HTTP/1.1 clients (one poll loop, closed loop), \(Int(o.seconds)) s per row (longer when needed for \(4 * o.clients) answers), in the order shown; seeding took \(String(format: "%.1f", seeding)) s")
        print("")
        print("| request | requests/s | p50 | p99 | answers in the window (non-2xx) | window | server CPU per request | / healthz |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for phase in phases {
            let r = phase.result
            // The CPU was measured until the requests in flight at the deadline were answered too.
            let answered = r.completed + r.drained
            let perRequest = answered > 0 ? String(format: "%.2f ms", phase.cpu / Double(answered) * 1000) : "–"
            print("| \(phase.name) | \(rate(r.requestsPerSecond)) | \(ms(r.percentile(0.5))) | \(ms(r.percentile(0.99))) | \(r.completed) (\(r.non2xx)) | \(String(format: "%.1f s", r.seconds)) | \(perRequest) | \(String(format: "%.3f", r.requestsPerSecond / healthRate)) |")
        }
        print("")
        var met = true
        for (k, (size, id)) in launches.enumerated() {
            let ratio = phases[k + 1].result.requestsPerSecond / healthRate
            met = met && ratio >= 0.5
            print("- \(size.formatted()) events: state JSON \(bodyBytes[id] ?? 0) bytes, first read \(ms(firstRead[id] ?? .nan)); **\(String(format: "%.3f", ratio))** of healthz (\(rate(healthRate))/s, mean of before and after)")
        }
        if launches.count >= 2 {
            let small = phases[1].result.requestsPerSecond, large = phases[launches.count].result.requestsPerSecond
            let flat = large / small
            print("- flat in log length: \(launches.last!.size.formatted()) events / \(launches.first!.size.formatted()) events = **\(String(format: "%.2f", flat))** (1.00 is flat; this benchmark calls ≥ 0.80 flat)")
            met = met && flat >= 0.8
        }
        print("- target (each ≥ 0.5 of healthz, flat): **\(met ? "met" : "missed")**; server peak RSS \(String(format: "%.0f MB", rss))")
        let failures = phases.map(\.result.failures).reduce(0, +)
        if failures > 0 { print("- connection failures: \(failures)") }
        print("")
        print("reproduce: (cd \"$(git rev-parse --show-toplevel)\" && swift build -c release --product liftoff) && cd Benchmarks && swift run -c release launch-reads --liftoff ../.build/release/liftoff --sizes \(o.sizes.map(String.init).joined(separator: ",")) --clients \(o.clients) --seconds \(Int(o.seconds))")
        if o.keep { print("kept: \(fixture.dir.path)") }
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
            case "--sizes": o.sizes = value().split(separator: ",").map { number(String($0)) }
            case "--clients": o.clients = number(value())
            case "--seconds": o.seconds = Double(number(value()))
            case "--runbook": o.runbook = value()
            case "--vars": o.vars = value()
            case "--no-vars": o.vars = nil
            case "--keep": o.keep = true
            case "--help", "-h":
                print("usage: launch-reads [--liftoff PATH] [--label debug|release] [--sizes 3000,30000] [--clients 16] [--seconds 10] [--runbook PATH --vars PATH | --no-vars] [--keep]")
                exit(0)
            default: usage("unknown option \(args[i])")
            }
            i += 1
        }
        for size in o.sizes where size < 3 { usage("sizes start at 3 events (creation, participant, note)") }
        return o
    }

    static func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("launch-reads: \(message); see --help\n".utf8))
        exit(2)
    }
}
