import Foundation
import LiftoffKit
import LiftoffStore
import Testing

/// Temporary files, the built `liftoff` binary and the `sqlite3` CLI. Locally a missing tool
/// skips its test with a printed reason; in CI (CI=true) it is a failure.
enum TestEnvironment {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("liftoff-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The build products directory holds the test bundle and the `liftoff` executable.
    static var liftoffBinary: URL? {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for dir in candidates {
            var url = dir
            for _ in 0..<4 {
                let binary = url.appendingPathComponent("liftoff")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                url = url.deletingLastPathComponent()
            }
        }
        return nil
    }

    static var sqlite3: URL? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent("sqlite3")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// Skips (prints why) or, in CI, fails.
    static func unavailable(_ what: String) {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("\(what) is missing in CI")
        } else {
            print("skipped: \(what) is missing")
        }
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["LIFTOFF_TOKEN"] = nil
        env["LIFTOFF_DB"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static func example(_ name: String) -> (runbook: String, vars: String) {
        let dir = repositoryRoot.appendingPathComponent("examples/\(name)")
        return (dir.appendingPathComponent("runbook.md").path, dir.appendingPathComponent("vars.yaml").path)
    }

    static let runbook = """
    # Checkout v2 go-live

    ## T-1 Day: Preparation

    - [ ] Freeze merges to main
    - [ ] Announce the maintenance window

    ## T-1h: Go/No-Go

    Required approvals from:

    - Engineering Lead
    - Product Owner

    ## T-0: Deploy

    - [ ] Deploy the release
    - [ ] Run smoke tests

    ## T+1h: Verify

    - [ ] Check error rate dashboards
    - [ ] Run smoke tests again
    """

    /// A store with one launch of `runbook`, for store-level tests.
    static func storeWithLaunch(_ dir: URL) async throws -> (SQLiteEventStore, Int64) {
        let store = try await SQLiteEventStore.open(path: dir.appendingPathComponent("l.db").path, create: true)
        let created = LaunchCreated(name: "checkout-v2", runbookFile: "runbook.md", runbookSource: runbook,
                                    t0: Date(timeIntervalSince1970: 1_796_112_000), timeZone: "Europe/Oslo", mode: .rehearsal, variables: nil)
        let first = try await store.createLaunch(name: "checkout-v2", created: EventDraft(actor: "ada", created))
        return (store, first.launch)
    }
}
