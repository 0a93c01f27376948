// In-process throughput of the pure pipeline on a generated 1 MB runbook:
// MarkdownParser.parse alone, and RunbookExtractor.extract + Linter.lint (what
// `liftoff lint` does between reading the file and writing the report).
//
//   cd Benchmarks && swift package benchmark --target LintThroughput
//
// Absolute times are machine-specific; compare against a baseline taken on the
// same machine (`swift package benchmark baseline update/compare`), and see
// lint-vs-cmark for the ratio against cmark-gfm.
import Benchmark
import LiftoffKit
import LiftoffMarkdown
import RunbookGenerator

let benchmarks: @Sendable () -> Void = {
    let text = RunbookGenerator.runbook(bytes: 1 << 20)

    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(5),
        maxIterations: 20
    )

    Benchmark("MarkdownParser.parse 1 MB") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(MarkdownParser.parse(text))
        }
    }

    Benchmark("RunbookExtractor.extract + Linter.lint 1 MB") { benchmark in
        for _ in benchmark.scaledIterations {
            let runbook = RunbookExtractor.extract(text, file: "runbook-1mb.md")
            blackHole(Linter.lint(runbook, vars: nil))
        }
    }
}
