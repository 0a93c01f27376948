// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Liftoff",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "liftoff", targets: ["liftoff"]),
        .library(name: "LiftoffMarkdown", targets: ["LiftoffMarkdown"]),
        .library(name: "LiftoffKit", targets: ["LiftoffKit"]),
        .library(name: "LiftoffRender", targets: ["LiftoffRender"]),
        .library(name: "LiftoffStore", targets: ["LiftoffStore"]),
        .library(name: "LiftoffNotify", targets: ["LiftoffNotify"]),
        .library(name: "LiftoffServer", targets: ["LiftoffServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // GitHub-flavoured Markdown: blocks, inlines, source positions, front matter splitting.
        // Depends on nothing (not even Foundation); see docs/architecture.md.
        .target(name: "LiftoffMarkdown"),
        // Pure model: runbook extraction, time anchors, lint, plan. No I/O.
        .target(
            name: "LiftoffKit",
            dependencies: [
                "LiftoffMarkdown",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Output formats: text, JSON, SARIF, JUnit, ICS, Atom, the typed HTML builder, Markdown → HTML,
        // the status and launch reports (docs/architecture.md). Pure like the core it renders.
        .target(
            name: "LiftoffRender",
            dependencies: [
                "LiftoffKit",
                "LiftoffMarkdown",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Event stores: the EventStore protocol and its SQLite and PostgreSQL implementations.
        .target(
            name: "LiftoffStore",
            dependencies: [
                "LiftoffKit",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The application layer: launch commands (decide → append → retry) and the live
        // projections of the launches a process serves (docs/architecture.md).
        .target(
            name: "LiftoffApplication",
            dependencies: ["LiftoffKit", "LiftoffRender", "LiftoffStore", .product(name: "Logging", package: "swift-log")]
        ),
        // Observers with sockets and processes: http, tls, dns, tcp, command, prometheus.
        .target(
            name: "LiftoffProbes",
            dependencies: [
                "LiftoffKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        // Status-update delivery: Slack and signed webhooks, driven by the outbox in the event log.
        .target(
            name: "LiftoffNotify",
            dependencies: [
                "LiftoffKit",
                "LiftoffStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The live launch: checks, triggers, rollback, shifts, status cadence, outbox (DESIGN §6–§9).
        .target(
            name: "LiftoffWatcher",
            dependencies: [
                "LiftoffKit",
                "LiftoffStore",
                "LiftoffApplication",
                "LiftoffProbes",
                "LiftoffNotify",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The demo's stand-in production: blue/green services, a weight, synthetic metrics and a
        // Prometheus-API query endpoint answered from them (`liftoff demo`, `liftoff sandbox`).
        .target(
            name: "LiftoffSandbox",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // One process that serves or watches: server + watcher + delivery + leadership, as one
        // service group (`serve`, `watch` and `demo` run it).
        .target(
            name: "LiftoffRuntime",
            dependencies: [
                "LiftoffStore",
                "LiftoffApplication",
                "LiftoffNotify",
                "LiftoffWatcher",
                "LiftoffServer",
                "LiftoffProbes",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `liftoff demo`: a whole rehearsal launch against the sandbox, in compressed time.
        .target(
            name: "LiftoffDemo",
            dependencies: [
                "LiftoffKit",
                "LiftoffRender",
                "LiftoffStore",
                "LiftoffApplication",
                "LiftoffProbes",
                "LiftoffWatcher",
                "LiftoffServer",
                "LiftoffRuntime",
                "LiftoffSandbox",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The war room: JSON API, live updates (SSE), auth, pages; `liftoff serve` runs it.
        .target(
            name: "LiftoffServer",
            dependencies: [
                "LiftoffKit",
                // The pages are built with its typed HTML (the runbook with MarkdownHTML); the API
                // answers with its reports.
                "LiftoffRender",
                "LiftoffStore",
                "LiftoffApplication",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                // `serve --tls-cert/--tls-key` (App/ServerCertificate.swift).
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // Connection guards see HTTP parts as Hummingbird decodes them (App/ConnectionGuard.swift).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The war room's stylesheet and script, compiled in (served from /assets).
            resources: [.embedInCode("Web/Assets/style.css"), .embedInCode("Web/Assets/warroom.js")]
        ),
        .executableTarget(
            name: "liftoff",
            dependencies: [
                "LiftoffKit",
                "LiftoffRender",
                "LiftoffStore",
                "LiftoffApplication",
                "LiftoffProbes",
                "LiftoffWatcher",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                "LiftoffNotify",
                "LiftoffServer",
                "LiftoffRuntime",
                "LiftoffSandbox",
                "LiftoffDemo",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test support, not shipped: a child that appends until it is killed (CrashSafetyTests).
        .executableTarget(
            name: "liftoff-append-loop",
            dependencies: ["LiftoffKit", "LiftoffStore", "LiftoffApplication"],
            path: "Tests/Executables/liftoff-append-loop"
        ),
        // libFuzzer entry point; see docs/fuzzing.md. Without -DFUZZING it replays files.
        .executableTarget(name: "LiftoffFuzz", dependencies: ["LiftoffKit", "LiftoffRender", "LiftoffMarkdown"]),
        // Shared by the test targets: repository paths, running the built binary, sample runbooks.
        .target(
            name: "LiftoffTestSupport",
            dependencies: [
                "LiftoffProbes",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/LiftoffTestSupport"
        ),
        // Launches built in memory for the core's and the output formats' tests (LaunchFixture,
        // LiveFixture) and the seed runbooks (Fixtures); not shipped.
        .target(
            name: "LiftoffKitFixtures",
            dependencies: ["LiftoffKit", "LiftoffTestSupport"],
            path: "Tests/LiftoffKitFixtures"
        ),
        // The Markdown parser's unit tests and its differential test against cmark-gfm.
        .testTarget(name: "LiftoffMarkdownTests", dependencies: ["LiftoffMarkdown"]),
        .testTarget(
            name: "LiftoffKitTests",
            dependencies: ["LiftoffKit", "LiftoffRender", "LiftoffMarkdown", "LiftoffKitFixtures", "LiftoffTestSupport", .product(name: "Yams", package: "Yams")]
        ),
        // The output formats: reports, SARIF, JUnit, ICS, the HTML builder and Markdown → HTML.
        .testTarget(
            name: "LiftoffRenderTests",
            dependencies: ["LiftoffRender", "LiftoffKit", "LiftoffMarkdown", "LiftoffKitFixtures"]
        ),
        // The sandbox over real HTTP, and `liftoff demo` end to end as a child process.
        .testTarget(
            name: "LiftoffDemoTests",
            dependencies: [
                "LiftoffSandbox", "LiftoffDemo", "LiftoffKit", "LiftoffStore", "LiftoffTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "LiftoffCLITests", dependencies: ["LiftoffKit", "LiftoffTestSupport"]),
        // Both stores through one contract suite; PostgreSQL from LIFTOFF_TEST_POSTGRES_URL.
        .testTarget(
            name: "LiftoffStoreTests",
            dependencies: [
                "LiftoffKit", "LiftoffRender", "LiftoffStore", "LiftoffApplication", "LiftoffTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // The watcher against real HTTP servers, a real Prometheus and real commands.
        .testTarget(
            name: "LiftoffWatcherTests",
            dependencies: [
                "LiftoffWatcher", "LiftoffKit", "LiftoffRender", "LiftoffStore", "LiftoffApplication", "LiftoffProbes", "LiftoffNotify", "LiftoffTestSupport",
                "LiftoffRuntime", "LiftoffServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The server over real HTTP on 127.0.0.1 with a real SQLite file.
        .testTarget(
            name: "LiftoffServerTests",
            dependencies: [
                "LiftoffServer",
                "LiftoffRender",
                "LiftoffNotify",
                "LiftoffProbes",
                "LiftoffKit",
                "LiftoffStore",
                "LiftoffApplication",
                "LiftoffTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Probes against real servers on 127.0.0.1: Hummingbird (HTTP/HTTPS), dnsmasq, prometheus.
        .testTarget(
            name: "LiftoffProbesTests",
            dependencies: [
                "LiftoffProbes",
                "LiftoffKit",
                "LiftoffRender",
                "LiftoffMarkdown",
                "LiftoffTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Delivery against a real webhook receiver (Hummingbird on 127.0.0.1) and a real child process.
        .testTarget(
            name: "LiftoffNotifyTests",
            dependencies: [
                "LiftoffNotify",
                "LiftoffKit",
                "LiftoffStore",
                "LiftoffApplication",
                "LiftoffTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
