import Foundation
import LiftoffKit
import LiftoffStore
import LiftoffTestSupport
import Testing

/// Temporary files, the built `liftoff` binary and the `sqlite3` CLI. Locally a missing tool
/// skips its test with a printed reason; in CI (CI=true) it is a failure.
enum TestEnvironment {
    static let repositoryRoot = Repository.root

    static func temporaryDirectory() throws -> URL {
        try Repository.temporaryDirectory("liftoff-store")
    }

    /// The build products directory holds the test bundle and the `liftoff` executable.
    static var liftoffBinary: URL? { ProcessRunner.liftoff }

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

    typealias Output = ProcessOutput

    /// Runs a program with Liftoff's own variables cleared from the environment.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        try ProcessRunner.run(executable, arguments, environment: environment, removing: ["LIFTOFF_TOKEN", "LIFTOFF_DB"])
    }

    static func example(_ name: String) -> (runbook: String, vars: String) {
        Repository.example(name)
    }

    static let runbook = SampleRunbooks.checkout

    static func createdDraft(name: String = "checkout-v2") -> EventDraft {
        EventDraft(actor: "ada", LaunchCreated(name: name, runbookFile: "runbook.md", runbookSource: runbook,
                                               t0: Date(timeIntervalSince1970: 1_796_112_000), timeZone: "Europe/Oslo", mode: .rehearsal, variables: nil))
    }

    /// A store with one launch of `runbook`, for store-level tests.
    static func storeWithLaunch(_ dir: URL) async throws -> (SQLiteEventStore, Int64) {
        let store = try await SQLiteEventStore.open(path: dir.appendingPathComponent("l.db").path, create: true)
        let first = try await store.createLaunch(name: "checkout-v2", created: createdDraft())
        return (store, first.launch)
    }
}
