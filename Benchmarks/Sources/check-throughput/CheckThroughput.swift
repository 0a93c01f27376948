// check-throughput: 1,000 HTTP checks against a local server, probed three ways in the same run
// (DESIGN.md §13): `liftoff check`, Prometheus blackbox_exporter and a sequential bash curl loop.
// Every probe uses a fresh connection (the server answers `Connection: close`), as the exporter
// does. The figure that matters is probes per CPU-second of the prober process, as a ratio
// against blackbox_exporter (target ≥ 5×); wall times are printed for context.
//
//   swift run -c release check-throughput --liftoff ../.build/release/liftoff [--n 1000] [--concurrency 32]
import BenchSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var liftoff = "../.build/release/liftoff"
    var blackbox = "/usr/bin/prometheus-blackbox-exporter"
    var n = 1000
    var concurrency = 32
    var skipCurl = false
}

struct Measurement {
    var name: String
    var probes: Int
    var ok: Int
    var wall: Double
    var cpu: Double
    var perCPUSecond: Double { cpu > 0 ? Double(ok) / cpu : 0 }
}

@main
struct CheckThroughput {
    static func main() async throws {
        let o = try parse(Array(CommandLine.arguments.dropFirst()))
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: o.liftoff) else {
            fail("no liftoff binary at \(o.liftoff); build it with `swift build -c release --product liftoff` at the package root, or pass --liftoff PATH")
        }
        let dir = fm.temporaryDirectory.appendingPathComponent("liftoff-check-bench-\(getpid())")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }

        let server = try TinyHTTPServer()
        server.start()
        let base = "http://127.0.0.1:\(server.port)"
        print("# check-throughput")
        print("")
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; \(o.n) probes of \(base)/probe/N, fresh connection each")
        print("")

        var results: [Measurement] = []

        // liftoff check: one runbook with N annotated steps.
        var runbook = "# Throughput\n\n## Checks\n\n"
        for i in 1...o.n {
            runbook += "- [ ] probe \(i) <!-- liftoff: check http GET \(base)/probe/\(i) timeout 5s expect status == 200 -->\n"
        }
        let runbookPath = dir.appendingPathComponent("runbook.md").path
        try runbook.write(toFile: runbookPath, atomically: true, encoding: .utf8)
        let varsPath = dir.appendingPathComponent("vars.yaml").path
        try "UNUSED: x\n".write(toFile: varsPath, atomically: true, encoding: .utf8)
        let jsonPath = dir.appendingPathComponent("liftoff.json").path
        let liftoffRun = try Spawned.run(o.liftoff, ["check", runbookPath, "--vars", varsPath, "--format", "json", "--output", jsonPath, "--concurrency", "\(o.concurrency)"], stdout: "/dev/null")
        let report = (try? String(contentsOfFile: jsonPath, encoding: .utf8)) ?? ""
        let passed = report.components(separatedBy: "\"status\" : \"pass\"").count - 1
        results.append(Measurement(name: "liftoff check", probes: o.n, ok: passed, wall: liftoffRun.wall, cpu: liftoffRun.cpu))

        // blackbox_exporter: its /probe endpoint, driven with the same concurrency; only the
        // exporter's CPU is counted.
        if fm.isExecutableFile(atPath: o.blackbox) {
            results.append(try await blackbox(o, base: base, dir: dir))
        } else {
            print("skipping blackbox_exporter: not found at \(o.blackbox) (apt-get install prometheus-blackbox-exporter)")
        }

        // A sequential bash curl loop; the shell and every curl are the prober.
        if !o.skipCurl {
            let out = dir.appendingPathComponent("curl.txt").path
            let script = "for i in $(seq 1 \(o.n)); do curl -s -o /dev/null -w '%{http_code}\\n' \(base)/probe/$i; done"
            let run = try Spawned.run("/bin/bash", ["-c", script], stdout: out)
            let ok = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0 == "200" }.count
            results.append(Measurement(name: "bash curl loop", probes: o.n, ok: ok, wall: run.wall, cpu: run.cpu))
        }
        server.stop()

        let reference = results.first { $0.name == "blackbox_exporter" }?.perCPUSecond
        print("| prober | probes ok | wall s | CPU s | probes / CPU-s | vs blackbox_exporter |")
        print("|---|---:|---:|---:|---:|---:|")
        for r in results {
            let ratio = reference.map { $0 > 0 ? String(format: "%.2f×", r.perCPUSecond / $0) : "—" } ?? "—"
            print("| \(r.name) | \(r.ok)/\(r.probes) | \(String(format: "%.2f", r.wall)) | \(String(format: "%.2f", r.cpu)) | \(String(format: "%.0f", r.perCPUSecond)) | \(ratio) |")
        }
        print("")
        print("reproduce: swift run -c release check-throughput --liftoff \(o.liftoff) --n \(o.n) --concurrency \(o.concurrency)")
    }

    static func blackbox(_ o: Options, base: String, dir: URL) async throws -> Measurement {
        let config = dir.appendingPathComponent("blackbox.yml").path
        try """
        modules:
          http_2xx:
            prober: http
            timeout: 5s
            http:
              preferred_ip_protocol: ip4
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let port = freePort()
        let exporter = try Spawned.start(o.blackbox, ["--config.file=\(config)", "--web.listen-address=127.0.0.1:\(port)", "--log.level=error"], stdout: dir.appendingPathComponent("blackbox.log").path)
        defer { exporter.stop() }
        let session = URLSession(configuration: .ephemeral)
        let probeBase = "http://127.0.0.1:\(port)/probe?module=http_2xx&target="
        guard let home = URL(string: "http://127.0.0.1:\(port)/") else { fail("bad exporter URL") }
        for _ in 0..<100 {
            if (try? await session.data(from: home)) != nil { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let cpuBefore = exporter.cpuSeconds()
        let start = ContinuousClock.now
        let ok = await withTaskGroup(of: Bool.self) { group in
            var next = 1
            var ok = 0
            func add(_ i: Int) {
                group.addTask {
                    guard let url = URL(string: probeBase + "\(base)/probe/\(i)"), let (data, _) = try? await session.data(from: url) else { return false }
                    return String(decoding: data, as: UTF8.self).contains("probe_success 1")
                }
            }
            while next <= min(o.concurrency, o.n) { add(next); next += 1 }
            while let result = await group.next() {
                if result { ok += 1 }
                if next <= o.n { add(next); next += 1 }
            }
            return ok
        }
        let wall = ContinuousClock.now - start
        let cpu = exporter.cpuSeconds() - cpuBefore
        return Measurement(name: "blackbox_exporter", probes: o.n, ok: ok, wall: seconds(wall), cpu: cpu)
    }

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value() -> String {
            i += 1
            guard i < args.count else { fail("\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--liftoff": o.liftoff = value()
            case "--blackbox": o.blackbox = value()
            case "--n": o.n = Int(value()) ?? o.n
            case "--concurrency": o.concurrency = Int(value()) ?? o.concurrency
            case "--skip-curl": o.skipCurl = true
            default: fail("unknown option \(args[i]); options: --liftoff PATH --blackbox PATH --n N --concurrency N --skip-curl")
            }
            i += 1
        }
        return o
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("check-throughput: \(message)\n".utf8))
    exit(2)
}
