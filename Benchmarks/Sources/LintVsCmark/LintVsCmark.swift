// lint-vs-cmark: whole-process wall time and peak RSS of `liftoff lint` against `cmark-gfm`
// on the same generated runbooks, on 5 MB of `_a_ ` repeated, and on the seeds in examples/. Every figure
// that matters is a ratio against cmark-gfm measured in the same run
// (DESIGN.md §13); absolute milliseconds are printed for context only.
import Foundation
import RunbookGenerator

@main
struct LintVsCmark {
    struct Options {
        var liftoff = "../.build/release/liftoff"
        var cmark = "/usr/bin/cmark-gfm"
        var examples = "../examples"
        var sizes = [1, 2, 4, 5, 8]
        var reps = 5
        var seedReps = 20
        var seed = RunbookGenerator.defaultSeed
        var keep = false
        var skipSeeds = false
        /// MB of `_a_ ` repeated (one paragraph of emphasis: the inline parser's worst ordinary case); 0 skips it.
        var emphasisMB = 5
        var generate: (mb: Int, path: String)?
    }

    static func main() throws {
        var o = try parse(Array(CommandLine.arguments.dropFirst()))
        let fm = FileManager.default

        if let g = o.generate {
            let text = RunbookGenerator.runbook(bytes: g.mb << 20, seed: o.seed)
            try text.write(toFile: g.path, atomically: true, encoding: .utf8)
            print("wrote \(g.path) (\(text.utf8.count) bytes, seed \(hex(o.seed)))")
            return
        }

        o.liftoff = absolute(o.liftoff)
        o.examples = absolute(o.examples)
        guard fm.isExecutableFile(atPath: o.liftoff) else {
            fail("no liftoff binary at \(o.liftoff); build it at the package root with `swift build -c release --product liftoff`, or pass --liftoff PATH")
        }
        guard fm.isExecutableFile(atPath: o.cmark) else { fail("no cmark-gfm at \(o.cmark); pass --cmark PATH") }

        let dir = fm.temporaryDirectory.appendingPathComponent("liftoff-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if !o.keep { try? fm.removeItem(at: dir) } }

        print("# lint-vs-cmark")
        print("")
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(osName())")
        print("liftoff: \(o.liftoff)")
        print("cmark:   \(o.cmark) (\(firstLine(of: o.cmark, ["--version"])))")
        print("seed:    \(hex(o.seed)); \(o.reps) alternating runs per size, median wall time (ContinuousClock)")
        print("")

        // Generated runbooks.
        var rows: [(mb: Int, bytes: Int, liftoff: Duration, cmark: Duration, lcpu: Double, ccpu: Double, lrss: Int, crss: Int)] = []
        for mb in o.sizes {
            let text = RunbookGenerator.runbook(bytes: mb << 20, seed: o.seed)
            let file = dir.appendingPathComponent("runbook-\(mb)mb.md").path
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let r = try compare(file: file, reps: o.reps, o)
            rows.append((mb, text.utf8.count, r.wall.liftoff, r.wall.cmark, r.cpu.liftoff, r.cpu.cmark, r.rss.liftoff, r.rss.cmark))
            FileHandle.standardError.write(Data("  \(mb) MB: liftoff \(ms(r.wall.liftoff)) ms (cpu \(fmt(r.cpu.liftoff)) s, \(megabytes(r.rss.liftoff)) MB), cmark \(ms(r.wall.cmark)) ms (cpu \(fmt(r.cpu.cmark)) s, \(megabytes(r.rss.cmark)) MB)\n".utf8))
        }

        print("| Size | Bytes | liftoff lint (median wall) | cmark-gfm (median wall) | liftoff / cmark | liftoff MB/s | cmark MB/s | CPU liftoff / cmark | peak RSS liftoff / cmark |")
        print("|-----:|------:|---------------------------:|------------------------:|----------------:|-------------:|-----------:|--------------------:|-------------------------:|")
        for r in rows {
            let mib = Double(r.bytes) / 1_048_576
            print("| \(r.mb) MB | \(r.bytes) | \(ms(r.liftoff)) ms | \(ms(r.cmark)) ms | \(fmt(ratio(r.liftoff, r.cmark)))× | \(fmt(mib / seconds(r.liftoff), 1)) | \(fmt(mib / seconds(r.cmark), 1)) | \(fmt(r.lcpu, 2)) s / \(fmt(r.ccpu, 2)) s = \(fmt(r.lcpu / r.ccpu))× | \(megabytes(r.lrss)) MB / \(megabytes(r.crss)) MB = \(fmt(Double(r.lrss) / Double(r.crss)))× |")
        }
        print("")

        // Emphasis repeated: no runbook structure at all, so this is the Markdown parser's
        // memory and time against cmark-gfm's on inline-heavy text.
        if o.emphasisMB > 0 {
            let unit = "_a_ "
            let text = String(repeating: unit, count: (o.emphasisMB << 20) / unit.utf8.count) + "\n"
            let file = dir.appendingPathComponent("emphasis-\(o.emphasisMB)mb.md").path
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let r = try compare(file: file, reps: o.reps, o)
            print("`_a_ ` repeated, \(o.emphasisMB) MB (\(text.utf8.count) bytes): liftoff \(ms(r.wall.liftoff)) ms, cmark-gfm \(ms(r.wall.cmark)) ms (\(fmt(ratio(r.wall.liftoff, r.wall.cmark)))× wall); peak RSS liftoff \(megabytes(r.rss.liftoff)) MB, cmark-gfm \(megabytes(r.rss.cmark)) MB (\(fmt(Double(r.rss.liftoff) / Double(r.rss.cmark)))×)")
            print("")
        }

        if let small = rows.min(by: { $0.mb < $1.mb }), let big = rows.max(by: { $0.mb < $1.mb }), big.mb > small.mb {
            func perMB(_ d: Duration, _ bytes: Int) -> Double { seconds(d) * 1000 / (Double(bytes) / 1_048_576) }
            let l1 = perMB(small.liftoff, small.bytes), l8 = perMB(big.liftoff, big.bytes)
            let c1 = perMB(small.cmark, small.bytes), c8 = perMB(big.cmark, big.bytes)
            print("linearity (wall): liftoff \(fmt(l1, 1)) ms/MB at \(small.mb) MB, \(fmt(l8, 1)) ms/MB at \(big.mb) MB (×\(fmt(l8 / l1)); 1.00 = linear); cmark-gfm \(fmt(c1, 1)) → \(fmt(c8, 1)) ms/MB (×\(fmt(c8 / c1)))")
            let lc1 = small.lcpu / (Double(small.bytes) / 1_048_576), lc8 = big.lcpu / (Double(big.bytes) / 1_048_576)
            print("linearity (CPU):  liftoff \(fmt(lc1 * 1000, 1)) ms/MB at \(small.mb) MB, \(fmt(lc8 * 1000, 1)) ms/MB at \(big.mb) MB (×\(fmt(lc8 / lc1)))")
        }
        if let five = rows.first(where: { $0.mb == 5 }) {
            let r = ratio(five.liftoff, five.cmark)
            let cpu = "CPU-time ratio \(fmt(five.lcpu / five.ccpu))×"
            print(r <= 3
                ? "target (5 MB within 3× of cmark-gfm): met, \(fmt(r))× wall; \(cpu)"
                : "target (5 MB within 3× of cmark-gfm): MISSED, \(fmt(r))× wall (\(fmt(r / 3))× over the budget); \(cpu)")
        }
        print("")

        // The seeds: small files, so this is mostly process start-up on both sides.
        if !o.skipSeeds {
            let seeds = ((try? fm.contentsOfDirectory(atPath: o.examples)) ?? []).sorted()
                .map { "\(o.examples)/\($0)/runbook.md" }
                .filter { fm.fileExists(atPath: $0) }
            if !seeds.isEmpty {
                print("Seeds (median of \(o.seedReps) alternating runs each):")
                print("")
                print("| Seed | Bytes | liftoff lint (median wall) | cmark-gfm (median wall) | liftoff / cmark |")
                print("|------|------:|---------------------------:|------------------------:|----------------:|")
                for s in seeds {
                    let bytes = (try? fm.attributesOfItem(atPath: s)[.size] as? Int) ?? 0
                    let r = try compare(file: s, reps: o.seedReps, o)
                    let (l, c) = (r.wall.liftoff, r.wall.cmark)
                    let name = URL(fileURLWithPath: s).deletingLastPathComponent().lastPathComponent
                    print("| \(name) | \(bytes) | \(fmt(seconds(l) * 1000, 1)) ms | \(fmt(seconds(c) * 1000, 1)) ms | \(fmt(ratio(l, c)))× |")
                }
                print("")
            }
        }

        var cmd = "cd Benchmarks && swift run -c release lint-vs-cmark --liftoff \(o.liftoff) --cmark \(o.cmark)"
        cmd += " --sizes \(o.sizes.map(String.init).joined(separator: ",")) --reps \(o.reps) --seed-reps \(o.seedReps) --seed \(hex(o.seed)) --emphasis-mb \(o.emphasisMB)"
        if o.skipSeeds { cmd += " --skip-seeds" }
        print("reproduce: (cd \"$(git rev-parse --show-toplevel)\" && swift build -c release --product liftoff) && \(cmd)")
        print("liftoff command per file: \(o.liftoff) lint FILE --format json --output /dev/null")
        print("cmark command per file:   \(o.cmark) -t xml -e table -e tasklist FILE > /dev/null")
        if o.keep { print("files kept in \(dir.path)") }
    }

    /// One child's wall time, CPU seconds (user + sys) and peak resident set in bytes.
    struct Sample { var wall: Duration; var cpu: Double; var peakRSS: Int }

    struct Comparison {
        var wall: (liftoff: Duration, cmark: Duration)
        var cpu: (liftoff: Double, cmark: Double)
        var rss: (liftoff: Int, cmark: Int)
    }

    /// Untimed warm-up (cmark-gfm reads the file into the page cache; `liftoff --help`
    /// pages the binary in), then `reps` rounds alternating which runs first.
    /// Returns the median wall time, CPU seconds and peak RSS of each.
    static func compare(file: String, reps: Int, _ o: Options) throws -> Comparison {
        let lift = { try run(o.liftoff, ["lint", file, "--format", "json", "--output", "/dev/null"], okCodes: [0, 1]) }
        let cm = { try run(o.cmark, ["-t", "xml", "-e", "table", "-e", "tasklist", file], okCodes: [0]) }
        _ = try run(o.liftoff, ["--help"], okCodes: [0]); _ = try cm()
        var l: [Sample] = [], c: [Sample] = []
        for i in 0..<reps {
            if i % 2 == 0 { l.append(try lift()); c.append(try cm()) }
            else { c.append(try cm()); l.append(try lift()) }
        }
        return Comparison(wall: (median(l.map(\.wall)), median(c.map(\.wall))),
                          cpu: (medianD(l.map(\.cpu)), medianD(c.map(\.cpu))),
                          rss: (medianI(l.map(\.peakRSS)), medianI(c.map(\.peakRSS))))
    }

    static func medianI(_ xs: [Int]) -> Int { xs.sorted()[xs.count / 2] }

    /// Bytes as MB with one decimal.
    static func megabytes(_ bytes: Int) -> String { fmt(Double(bytes) / 1_048_576, 1) }

    static func medianD(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Wall time of one process from launch to exit; stdout and stderr go to /dev/null.
    /// posix_spawn + waitpid: Foundation's `waitUntilExit` polls and put a ~50 ms floor under
    /// every run, which hid the start-up time of small files. `wait4` returns the child's own
    /// resource usage: its CPU time and its peak RSS (`ru_maxrss`, in KiB on Linux).
    static func run(_ exe: String, _ args: [String], okCodes: Set<Int32>) throws -> Sample {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([exe] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, exe, &actions, nil, argv, environ)
        guard spawned == 0 else { fail("cannot start \(exe): error \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1, errno == EINTR {}
        let elapsed = clock.now - start
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        guard exited, okCodes.contains(code) else {
            fail("\(exe) \(args.joined(separator: " ")) ended with \(exited ? "status \(code)" : "signal \(status & 0x7F)")")
        }
        return Sample(wall: elapsed, cpu: cpu, peakRSS: usage.ru_maxrss * 1024)
    }

    // MARK: - Helpers

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value() -> String {
            i += 1
            guard i < args.count else { fail("\(args[i - 1]) needs a value") }
            return args[i]
        }
        func int(_ s: String) -> Int {
            guard let n = Int(s), n > 0 else { fail("not a positive number: \(s)") }
            return n
        }
        while i < args.count {
            switch args[i] {
            case "--liftoff": o.liftoff = value()
            case "--cmark": o.cmark = value()
            case "--examples": o.examples = value()
            case "--sizes": o.sizes = value().split(separator: ",").map { int(String($0)) }
            case "--reps": o.reps = int(value())
            case "--seed-reps": o.seedReps = int(value())
            case "--seed":
                let s = value()
                guard let n = s.hasPrefix("0x") ? UInt64(s.dropFirst(2), radix: 16) : UInt64(s) else { fail("bad seed \(s)") }
                o.seed = n
            case "--keep": o.keep = true
            case "--skip-seeds": o.skipSeeds = true
            case "--emphasis-mb":
                guard let n = Int(value()), n >= 0 else { fail("--emphasis-mb needs a whole number of MB (0 skips)") }
                o.emphasisMB = n
            case "--generate":
                let mb = int(value())
                o.generate = (mb, value())
            case "-h", "--help":
                print("""
                usage: lint-vs-cmark [--liftoff PATH] [--cmark PATH] [--examples DIR] [--sizes 1,2,4,5,8]
                                     [--reps 5] [--seed-reps 20] [--seed 0x...] [--keep] [--skip-seeds]
                                     [--emphasis-mb 5]
                       lint-vs-cmark --generate MB FILE     write one generated runbook and stop
                """)
                exit(0)
            default: fail("unknown argument \(args[i]); see --help")
            }
            i += 1
        }
        return o
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
            .standardizedFileURL.path
    }

    static func median(_ xs: [Duration]) -> Duration {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func ratio(_ a: Duration, _ b: Duration) -> Double { seconds(a) / seconds(b) }
    static func ms(_ d: Duration) -> String { String(Int((seconds(d) * 1000).rounded())) }

    static func fmt(_ x: Double, _ digits: Int = 2) -> String {
        guard x.isFinite else { return "–" }
        var p = 1.0
        for _ in 0..<digits { p *= 10 }
        let r = (x * p).rounded() / p
        var s = String(r)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
            if digits == 0 { s = String(s[..<dot]) }
        }
        return s
    }

    static func hex(_ n: UInt64) -> String { "0x" + String(n, radix: 16) }

    static func osName() -> String {
        let v = ProcessInfo.processInfo.operatingSystemVersion
        return "Linux \(v.majorVersion).\(v.minorVersion).\(v.patchVersion)"
    }

    static func firstLine(of exe: String, _ args: [String]) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return "?" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "?"
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("lint-vs-cmark: \(message)\n".utf8))
        exit(2)
    }
}
