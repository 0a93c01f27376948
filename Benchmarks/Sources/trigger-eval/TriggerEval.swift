// trigger-eval: 1,000 triggers evaluated every 15 s against a local Prometheus (DESIGN.md §13).
// The CPU of the `liftoff watch` process, as a share of one core, against the same 1,000 rules
// loaded as Prometheus alerting rules in the same run. Three Prometheus servers scrape one
// in-process exporter at once: P0 with no rules (the baseline), P1 answering the watcher's
// queries, P2 evaluating the alerting rules; P2 − P0 is what the rules cost inside Prometheus,
// P1 − P0 what answering the watcher costs. P1's own query counter proves every trigger was
// evaluated in every round.
//
//   swift run -c release trigger-eval --liftoff ../.build/release/liftoff [--seconds 120] [--triggers 1000]
import BenchSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var liftoff = "../.build/release/liftoff"
    var prometheus = "/usr/bin/prometheus"
    var triggers = 1000
    var seconds = 120
    var keep = false
    /// The evaluation (and scrape) interval on both sides: the trigger default.
    let every = 15
}

/// CPU seconds of every process and the counters that prove the work, at one instant.
struct Snapshot {
    var at: ContinuousClock.Instant
    var watcher, p0, p1, p2: Double
    var queries: Double
    var failedQueries: Double
    var ruleEvaluations: Double
    var ruleFailures: Double
}

/// A reason to stop; thrown rather than exiting so the children are stopped on the way out.
struct Failure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

@main
struct TriggerEval {
    static func main() async {
        let o = parse(Array(CommandLine.arguments.dropFirst()))
        do {
            try await run(o)
        } catch let failure as Failure {
            fail(failure.message)
        } catch {
            fail("\(error)")
        }
    }

    static func run(_ o: Options) async throws {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: o.liftoff) else {
            throw Failure("no liftoff binary at \(o.liftoff); build it with `swift build -c release --product liftoff` at the package root, or pass --liftoff PATH")
        }
        guard fm.isExecutableFile(atPath: o.prometheus) else {
            throw Failure("no prometheus at \(o.prometheus) (apt-get install prometheus), or pass --prometheus PATH")
        }
        let dir = fm.temporaryDirectory.appendingPathComponent("liftoff-trigger-bench-\(getpid())")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if !o.keep { try? fm.removeItem(at: dir) } }

        let workload = Workload(count: o.triggers)
        let page = workload.exposition()
        let exporter = try TinyHTTPServer { _ in ("text/plain; version=0.0.4", page) }
        exporter.start()
        defer { exporter.stop() }

        func write(_ text: String, _ name: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let rules = try write(workload.alertingRules(every: o.every), "rules.yml")
        let plain = try write(Workload.prometheusConfig(exporterPort: exporter.port, every: o.every, rules: nil), "prometheus.yml")
        let withRules = try write(Workload.prometheusConfig(exporterPort: exporter.port, every: o.every, rules: rules), "prometheus-rules.yml")

        let p0 = try PrometheusInstance.start(o.prometheus, label: "p0", config: plain, dir: dir)
        let p1 = try PrometheusInstance.start(o.prometheus, label: "p1", config: plain, dir: dir)
        let p2 = try PrometheusInstance.start(o.prometheus, label: "p2", config: withRules, dir: dir)
        var children = [p0.process, p1.process, p2.process]
        defer { children.reversed().forEach { $0.stop() } }

        print("# trigger-eval")
        print("")
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; \(o.triggers) triggers `bench_gauge_NNN{shard='S'} > 0.5 for 1m`, every \(o.every) s, over \(o.triggers) gauge series (\(workload.metrics) metrics × \(Workload.shards) shards, all below the threshold); every Prometheus scrapes them every \(o.every) s")
        let selector = "{__name__=~\"bench_gauge_.*\"}"
        for p in [p0, p1, p2] where !(await p.waitForSeries(selector, expected: o.triggers, timeout: Double(o.every) * 3 + 30)) {
            throw Failure("\(p.label) never scraped the \(o.triggers) series:\n\(p.logTail())")
        }

        // The launch: T-0 a minute ago, so the T-0 phase (and every trigger) is active at once.
        let runbook = try write(workload.runbook(), "runbook.md")
        let vars = try write("prometheus: \(p1.url)\n", "vars.yaml")
        let db = "sqlite:" + dir.appendingPathComponent("launches.db").path
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        let at = formatter.string(from: Date().addingTimeInterval(-60))
        let createOut = dir.appendingPathComponent("create.out").path
        let createErr = dir.appendingPathComponent("create.err").path
        let create = ["launch", "create", runbook, "--vars", vars, "--at", at, "--tz", "UTC", "--name", "bench", "--db", db]
        let created = try Spawned.run(o.liftoff, create, stdout: createOut, stderr: createErr)
        let launch = ((try? String(contentsOfFile: createOut, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard created.status == 0, Int(launch) != nil else {
            throw Failure("liftoff launch create failed (wait status \(created.status)): \((try? String(contentsOfFile: createErr, encoding: .utf8)) ?? "")")
        }

        let watchLog = dir.appendingPathComponent("watch.log").path
        let watcher = try Spawned.start(o.liftoff, ["watch", launch, "--db", db, "--interval", "1s"], stdout: watchLog)
        children.append(watcher)
        let started = ContinuousClock.now
        let measureFrom = started + .seconds(o.every)
        let measureTo = measureFrom + .seconds(o.seconds)
        print("window: \(o.seconds) s after a warm-up of \(o.every) s; watcher `liftoff watch \(launch) --interval 1s` (pid \(watcher.pid)), P0/P1/P2 pids \(p0.process.pid)/\(p1.process.pid)/\(p2.process.pid)")
        print("")

        // Once a second: P1's query counter (the watcher's rounds). P0 and P2 serve their
        // /metrics page as often, so the subtractions cancel the sampling's own cost.
        async let sampled = sample(p0, p1, p2, started: started, until: measureTo + .seconds(1))
        try await Task.sleep(until: measureFrom, clock: .continuous)
        let before = await snapshot(watcher, p0, p1, p2)
        try await Task.sleep(until: measureTo, clock: .continuous)
        let after = await snapshot(watcher, p0, p1, p2)
        let samples = await sampled
        guard watcher.isRunning() else {
            throw Failure("the watcher exited during the run:\n\(((try? String(contentsOfFile: watchLog, encoding: .utf8)) ?? "").suffix(2000))")
        }
        let rss = (watcher: watcher.peakRSSMegabytes(), p0: p0.process.peakRSSMegabytes(), p1: p1.process.peakRSSMegabytes(), p2: p2.process.peakRSSMegabytes())
        let groupDuration = MetricsText.sum(await p2.metrics() ?? "", "prometheus_rule_group_last_duration_seconds")

        report(o, before: before, after: after, samples: samples, rss: rss, groupDuration: groupDuration)
        print("")
        print("reproduce: (cd \"$(git rev-parse --show-toplevel)\" && swift build -c release --product liftoff) && cd Benchmarks && swift run -c release trigger-eval --liftoff \(o.liftoff) --seconds \(o.seconds) --triggers \(o.triggers)")
        let warnings = ((try? String(contentsOfFile: watchLog, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.contains("error") || $0.contains("warning") }
        if !warnings.isEmpty {
            print("")
            print("watcher log (\(warnings.count) warnings/errors), first: \(warnings[0])")
        }
        if o.keep { print("kept: \(dir.path)") }
    }

    static func snapshot(_ watcher: Spawned, _ p0: PrometheusInstance, _ p1: PrometheusInstance, _ p2: PrometheusInstance) async -> Snapshot {
        let at = ContinuousClock.now
        let cpu = (watcher.cpuSeconds(), p0.process.cpuSeconds(), p1.process.cpuSeconds(), p2.process.cpuSeconds())
        _ = await p0.metrics()
        let answered = await p1.metrics() ?? ""
        let rules = await p2.metrics() ?? ""
        let query = "handler=\"/api/v1/query\""
        return Snapshot(at: at, watcher: cpu.0, p0: cpu.1, p1: cpu.2, p2: cpu.3,
                        queries: MetricsText.sum(answered, "prometheus_http_requests_total", labels: [query]),
                        failedQueries: MetricsText.sum(answered, "prometheus_http_requests_total", labels: [query], excluding: ["code=\"200\""]),
                        ruleEvaluations: MetricsText.sum(rules, "prometheus_rule_evaluations_total"),
                        ruleFailures: MetricsText.sum(rules, "prometheus_rule_evaluation_failures_total"))
    }

    static func sample(_ p0: PrometheusInstance, _ p1: PrometheusInstance, _ p2: PrometheusInstance,
                       started: ContinuousClock.Instant, until end: ContinuousClock.Instant) async -> [(at: Double, queries: Double)] {
        var samples: [(at: Double, queries: Double)] = []
        var next = started
        while next < end, !Task.isCancelled {
            if let text = await p1.metrics() {
                samples.append((seconds(ContinuousClock.now - started), MetricsText.sum(text, "prometheus_http_requests_total", labels: ["handler=\"/api/v1/query\""])))
            }
            _ = await p0.metrics()
            _ = await p2.metrics()
            next = next + .seconds(1)
            try? await Task.sleep(until: next, clock: .continuous)
        }
        return samples
    }

    static func report(_ o: Options, before: Snapshot, after: Snapshot, samples: [(at: Double, queries: Double)],
                       rss: (watcher: Double, p0: Double, p1: Double, p2: Double), groupDuration: Double) {
        let window = seconds(after.at - before.at)
        let watcher = after.watcher - before.watcher
        let p0 = after.p0 - before.p0, p1 = after.p1 - before.p1, p2 = after.p2 - before.p2
        let rulesCost = p2 - p0
        let servingCost = p1 - p0
        func share(_ cpu: Double) -> String { String(format: "%.2f%%", cpu / window * 100) }
        func cpu(_ value: Double) -> String { String(format: "%.2f", value) }
        func ratio(_ a: Double, _ b: Double) -> String { b > 0 ? String(format: "%.2f×", a / b) : "— (P2 − P0 ≤ 0: noise larger than the rules)" }

        print("| process | CPU s in \(String(format: "%.0f", window)) s | share of one core | peak RSS |")
        print("|---|---:|---:|---:|")
        print("| liftoff watch (\(o.triggers) triggers) | \(cpu(watcher)) | \(share(watcher)) | \(String(format: "%.0f", rss.watcher)) MB |")
        print("| P0 Prometheus, scraping only | \(cpu(p0)) | \(share(p0)) | \(String(format: "%.0f", rss.p0)) MB |")
        print("| P1 Prometheus, scraping + answering the watcher | \(cpu(p1)) | \(share(p1)) | \(String(format: "%.0f", rss.p1)) MB |")
        print("| P2 Prometheus, scraping + \(o.triggers) alerting rules | \(cpu(p2)) | \(share(p2)) | \(String(format: "%.0f", rss.p2)) MB |")
        print("")
        print("| figure | CPU s | share of one core |")
        print("|---|---:|---:|")
        print("| watcher | \(cpu(watcher)) | \(share(watcher)) |")
        print("| P2 − P0: the rules inside Prometheus | \(cpu(rulesCost)) | \(share(rulesCost)) |")
        print("| P1 − P0: Prometheus answering the watcher | \(cpu(servingCost)) | \(share(servingCost)) |")
        print("| watcher + (P1 − P0) | \(cpu(watcher + servingCost)) | \(share(watcher + servingCost)) |")
        print("")
        print("- watcher / (P2 − P0): **\(ratio(watcher, rulesCost))**")
        print("- (watcher + P1 − P0) / (P2 − P0): **\(ratio(watcher + servingCost, rulesCost))**")

        // Proof of work: P1 answered one instant query per trigger per round.
        let queries = Int(after.queries - before.queries)
        let expected = Double(o.triggers) * window / Double(o.every)
        let evaluations = Int(after.ruleEvaluations - before.ruleEvaluations)
        print("- evaluations in the window: the watcher's queries answered by P1: \(queries) (\(Int(after.failedQueries - before.failedQueries)) not 200), \(String(format: "%.0f%%", Double(queries) / expected * 100)) of \(String(format: "%.0f", expected)) (\(o.triggers) every \(o.every) s); P2's rule evaluations: \(evaluations) (\(Int(after.ruleFailures - before.ruleFailures)) failed); P2's last group evaluation took \(String(format: "%.1f", groupDuration * 1000)) ms")
        func perEvaluation(_ cpu: Double, _ n: Int) -> String { n > 0 ? String(format: "%.0f µs", cpu / Double(n) * 1e6) : "—" }
        print("- CPU per evaluation: watcher \(perEvaluation(watcher, queries)), watcher + (P1 − P0) \(perEvaluation(watcher + servingCost, queries)); Prometheus rule (P2 − P0) \(perEvaluation(rulesCost, evaluations))")
        let rounds = Rounds.detect(samples)
        guard !rounds.isEmpty else {
            print("- watcher rounds: none seen (P1 answered no queries)")
            return
        }
        let complete = rounds.dropLast()
        let sizes = Set(complete.map(\.queries)).sorted()
        let durations = rounds.map(\.duration).sorted()
        let starts = zip(rounds, rounds.dropFirst()).map { $1.from - $0.from }
        let period = starts.isEmpty ? 0 : starts.reduce(0, +) / Double(starts.count)
        print("- watcher rounds seen from P1's counter (sampled each second, ±1 s): \(rounds.count); queries per completed round: \(sizes.map(String.init).joined(separator: ", ")); round duration median \(String(format: "%.0f", durations[durations.count / 2])) s, max \(String(format: "%.0f", durations.last ?? 0)) s; start to start \(String(format: "%.1f", period)) s on average (every \(o.every) s)")
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
            case "--prometheus": o.prometheus = value()
            case "--triggers": o.triggers = number("--triggers")
            case "--seconds": o.seconds = number("--seconds")
            case "--keep": o.keep = true
            case "--help", "-h":
                print("usage: trigger-eval [--liftoff PATH] [--prometheus PATH] [--triggers 1000] [--seconds 120] [--keep]")
                exit(0)
            default: fail("unknown option \(args[i]); options: --liftoff PATH --prometheus PATH --triggers N --seconds N --keep")
            }
            i += 1
        }
        return o
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("trigger-eval: \(message)\n".utf8))
    exit(2)
}
