// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Liftoff",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "liftoff", targets: ["liftoff"]),
        .library(name: "LiftoffKit", targets: ["LiftoffKit"]),
        .library(name: "LiftoffStore", targets: ["LiftoffStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
    ],
    targets: [
        // Pure model: Markdown, runbook extraction, time anchors, lint, plan. No I/O.
        .target(
            name: "LiftoffKit",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Event stores: the EventStore protocol and its SQLite implementation.
        .target(
            name: "LiftoffStore",
            dependencies: [
                "LiftoffKit",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "liftoff",
            dependencies: [
                "LiftoffKit",
                "LiftoffStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer entry point; see docs/fuzzing.md. Without -DFUZZING it replays files.
        .executableTarget(name: "LiftoffFuzz", dependencies: ["LiftoffKit"]),
        // Shared by the test targets: repository paths, running the built binary, sample runbooks.
        .target(name: "LiftoffTestSupport", path: "Tests/LiftoffTestSupport"),
        .testTarget(name: "LiftoffKitTests", dependencies: ["LiftoffKit", "LiftoffTestSupport"]),
        .testTarget(name: "LiftoffCLITests", dependencies: ["LiftoffKit", "LiftoffTestSupport"]),
        .testTarget(name: "LiftoffStoreTests", dependencies: ["LiftoffKit", "LiftoffStore", "LiftoffTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
