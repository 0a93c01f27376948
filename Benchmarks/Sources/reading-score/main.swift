import Foundation

// How well `liftoff lint` reads runbooks nobody wrote for Liftoff: its JSON against the
// hand-counted truth in reading-truth/ (see reading-truth/FORMAT.md), per file and in total.
//
//   swift run -c release reading-score [--liftoff PATH] [--corpus DIR] [--truth DIR] [--details] [--only PREFIX]

struct Options {
    var liftoff = "../.build/release/liftoff"
    var corpus = ProcessInfo.processInfo.environment["LIFTOFF_SHARED"].map { $0 + "/corpus" } ?? "../../shared/corpus"
    var truth = "reading-truth"
    var details = false
    var only: String?

    init(_ args: [String]) throws {
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw ScoreError("\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--liftoff": liftoff = try value()
            case "--corpus": corpus = try value()
            case "--truth": truth = try value()
            case "--details": details = true
            case "--only": only = try value()
            case "--help", "-h":
                print("reading-score [--liftoff PATH] [--corpus DIR] [--truth DIR] [--details] [--only PREFIX]")
                exit(0)
            default: throw ScoreError("unknown argument \(args[i])")
            }
            i += 1
        }
    }
}

/// Truth files and the runbooks they describe: reading-truth/*.yaml → corpus/*.md,
/// reading-truth/own/*.yaml → the .md beside it.
func cases(_ options: Options) throws -> [(truth: URL, runbook: URL)] {
    let fm = FileManager.default
    var result: [(URL, URL)] = []
    let truthDir = URL(fileURLWithPath: options.truth)
    for (dir, runbookDir) in [(truthDir, URL(fileURLWithPath: options.corpus)), (truthDir.appendingPathComponent("own"), truthDir.appendingPathComponent("own"))] {
        guard let names = try? fm.contentsOfDirectory(atPath: dir.path) else { continue }
        for name in names.sorted() where name.hasSuffix(".yaml") {
            if let only = options.only, !name.hasPrefix(only) { continue }
            let md = runbookDir.appendingPathComponent(String(name.dropLast(5)) + ".md")
            result.append((dir.appendingPathComponent(name), md))
        }
    }
    return result
}

func lint(_ liftoff: String, _ runbook: URL) -> (Data, Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: liftoff)
    process.arguments = ["lint", runbook.path, "--format", "json"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return (Data(), -1) }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (data, process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus)
}

func percent(_ part: Int, _ whole: Int) -> String {
    whole == 0 ? "–" : String(format: "%.0f %%", 100 * Double(part) / Double(whole))
}

func row(_ name: String, _ s: Score) -> String {
    let cells = [
        name,
        percent(s.anchorsRight, s.anchors),
        percent(s.dueTimesRight, s.dueTimes),
        "\(percent(s.ownersRight, s.owners)) (\(s.falseOwners) false)",
        "\(percent(s.criteriaFound, s.criteria)) / \(percent(s.criteriaRight, s.criteria)) (+\(s.spuriousTriggers))",
        "\(s.healthyFiring)",
        "\(percent(s.gatesFound, s.gates)) / \(percent(s.rolesFound, s.roles))",
        "\(percent(s.stepsMatched, s.stepsTruth)) / \(percent(s.stepsMatched, s.stepsRead))",
        "\(s.falseVariables)",
        s.crashed ? "CRASH" : "ok",
    ]
    return "| " + cells.joined(separator: " | ") + " |"
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    guard FileManager.default.isExecutableFile(atPath: options.liftoff) else {
        throw ScoreError("no liftoff binary at \(options.liftoff): build it (swift build -c release --product liftoff) or pass --liftoff")
    }
    var total = Score()
    var lines: [String] = []
    var details: [String] = []
    for (truthURL, runbook) in try cases(options) {
        let truth = try Truth.load(truthURL)
        let (data, status) = lint(options.liftoff, runbook)
        var score: Score
        if status == 0 || status == 1, let reading = try? Reading(json: data) {
            score = Scorer.score(truth: truth, reading: reading)
        } else {
            score = Score()
            score.crashed = true
            score.misses = ["liftoff lint exited \(status)"]
        }
        let name = runbook.deletingPathExtension().lastPathComponent
        lines.append(row(name, score))
        total = total + score
        if options.details, !score.misses.isEmpty {
            details.append("\n## \(name)\n" + score.misses.map { "- \($0)" }.joined(separator: "\n"))
        }
    }
    print("| runbook | anchors | due times | owners | criteria found / fully right (+spurious) | fire when healthy | gates / roles | steps recall / precision | false variables | crash |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    lines.forEach { print($0) }
    print(row("**total**", total))
    details.forEach { print($0) }
    print("\nreproduce: cd Benchmarks && swift run -c release reading-score --liftoff \(options.liftoff)\(options.details ? " --details" : "")")
} catch {
    FileHandle.standardError.write(Data("reading-score: \(error)\n".utf8))
    exit(2)
}
