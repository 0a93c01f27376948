// swift-tools-version: 6.1
// Liftoff's benchmarks, a package of their own so the main build never pulls in
// ordo-one/benchmark. See README.md and DESIGN.md §13.
import Foundation
import PackageDescription

// A path dependency is identified by its folder name, which is whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "LiftoffBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Deterministic N-MB runbooks built from the shapes of the seeds in ../examples.
        .target(name: "RunbookGenerator", path: "Sources/RunbookGenerator"),

        // Whole-process comparison: `liftoff lint` against `cmark-gfm` on the same files.
        .executableTarget(
            name: "lint-vs-cmark",
            dependencies: ["RunbookGenerator"],
            path: "Sources/LintVsCmark"
        ),

        // In-process: MarkdownParser.parse, RunbookExtractor.extract + Linter.lint.
        .executableTarget(
            name: "LintThroughput",
            dependencies: [
                "RunbookGenerator",
                .product(name: "LiftoffKit", package: root),
                .product(name: "LiftoffMarkdown", package: root),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/LintThroughput",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),

        // What the whole-process benchmarks share: spawning children and reading their CPU time,
        // a tiny HTTP server, free ports (Foundation only).
        .target(name: "BenchSupport", path: "Sources/BenchSupport"),

        // 1,000 HTTP checks: liftoff check vs prometheus-blackbox-exporter vs a bash curl loop,
        // in probes per CPU-second (Foundation only; runs the release liftoff binary).
        .executableTarget(name: "check-throughput", dependencies: ["BenchSupport"], path: "Sources/check-throughput"),

        // 1,000 triggers every 15 s: CPU of `liftoff watch` against the same rules as Prometheus
        // alerting rules, in the same run (Foundation only; runs the release liftoff binary).
        .executableTarget(name: "trigger-eval", dependencies: ["BenchSupport"], path: "Sources/trigger-eval"),

        // 500 viewers on one launch's live events while another process appends at 50/s:
        // latency per event per viewer against a loopback TCP round trip, the server's CPU, and
        // wrk against the same server (Foundation only; runs the release liftoff binary).
        .executableTarget(name: "sse-fanout", dependencies: ["BenchSupport"], path: "Sources/sse-fanout"),

        // State reads of a 3,000- and a 30,000-event launch against GET /healthz of the same server,
        // 16 keep-alive clients (Foundation only; runs a built liftoff binary).
        .executableTarget(name: "launch-reads", dependencies: ["BenchSupport"], path: "Sources/launch-reads"),

        // Sequential appends through the API against durable single-row SQLite commits made
        // in-process in the same run (Foundation only; libsqlite3 through dlopen).
        .executableTarget(name: "api-appends", dependencies: ["BenchSupport"], path: "Sources/api-appends"),

        // RSS with 100 loaded launches, and server CPU per event with 500 war-room pages open,
        // against the CPU of one page render (Foundation only).
        .executableTarget(name: "launch-memory", dependencies: ["BenchSupport"], path: "Sources/launch-memory"),

        // How well `liftoff lint` reads the corpus: its JSON against the hand-counted truth in
        // reading-truth/ (Foundation and Yams only; runs a built liftoff binary).
        .executableTarget(
            name: "reading-score",
            dependencies: [.product(name: "Yams", package: "Yams")],
            path: "Sources/reading-score"
        ),

        // JSONValue.parse against JSONDecoder on stored payload shapes, in one process.
        .executableTarget(
            name: "json-parse",
            dependencies: [.product(name: "LiftoffKit", package: root)],
            path: "Sources/json-parse"
        ),

        // Durable appends per second (1 and 8 writers) against the sqlite3 CLI, and the
        // projection of a 100,000-event launch.
        .executableTarget(
            name: "store-append",
            dependencies: [
                .product(name: "LiftoffKit", package: root),
                .product(name: "LiftoffStore", package: root),
            ],
            path: "Sources/store-append"
        ),

        // Durable appends per second to PostgreSQL (1 and 8 writers, optimistic and row-lock
        // appends) against pgbench single-row INSERTs on the same server in the same run.
        .executableTarget(
            name: "store-append-postgres",
            dependencies: [
                .product(name: "LiftoffKit", package: root),
                .product(name: "LiftoffStore", package: root),
            ],
            path: "Sources/store-append-postgres"
        ),
    ],
    swiftLanguageModes: [.v6]
)
