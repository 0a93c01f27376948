// Durable appends per second to the PostgreSQL event store (1 and 8 writers, both append
// strategies), against pgbench running single-row INSERTs of event-shaped rows on the same
// server in the same run.
//
//   swift run -c release --package-path Benchmarks store-append-postgres postgres://postgres@127.0.0.1:PORT/postgres?sslmode=disable [APPENDS]
//
// The URL names a server and a database the benchmark may create databases from; pgbench must be on PATH.
import Foundation
import LiftoffKit
import LiftoffStore

@main
struct StoreAppendPostgresBenchmark {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let spec = arguments.first ?? ProcessInfo.processInfo.environment["LIFTOFF_TEST_POSTGRES_URL"] else {
            FileHandle.standardError.write(Data("usage: store-append-postgres postgres://user@host:port/db?sslmode=disable [APPENDS]\n".utf8))
            exit(2)
        }
        let admin = try PostgresURL(spec)
        let appends = arguments.dropFirst().first.flatMap(Int.init) ?? 2000
        var results: [String: Double] = [:]
        // Alternate the order so neither strategy always runs on a warmer server.
        for round in 0..<2 {
            for locking in round == 0 ? PostgresEventStore.AppendLocking.allCases : PostgresEventStore.AppendLocking.allCases.reversed() {
                for writers in [1, 8] {
                    let rate = try await liftoffAppends(admin: admin, locking: locking, writers: writers, appends: appends)
                    let key = "\(locking.rawValue) \(writers)"
                    results[key] = max(results[key] ?? 0, rate)
                }
            }
        }
        let peer1 = try pgbench(admin: admin, clients: 1, transactions: appends)
        let peer8 = try pgbench(admin: admin, clients: 8, transactions: appends / 8)
        print("durable appends/s (best of 2 runs, \(appends) appends each)")
        print("| writers | liftoff optimistic | liftoff row-lock | pgbench single-row INSERT | optimistic / pgbench | row-lock / pgbench |")
        print("|--:|--:|--:|--:|--:|--:|")
        for (writers, peer) in [(1, peer1), (8, peer8)] {
            let o = results["optimistic \(writers)"] ?? 0, r = results["row-lock \(writers)"] ?? 0
            print(String(format: "| %d | %.0f | %.0f | %.0f | %.2f | %.2f |", writers, o, r, peer, o / peer, r / peer))
        }
        print("reproduce: swift run -c release --package-path Benchmarks store-append-postgres '\(admin)' \(appends)")
    }

    static let runbook = """
    # Bench
    ## T-0: Go
    - [ ] Deploy
    """

    static func created() -> EventDraft {
        EventDraft(actor: "bench", LaunchCreated(name: "bench", runbookFile: "r.md", runbookSource: runbook, t0: Date(timeIntervalSince1970: 1_796_112_000),
                                                 timeZone: "UTC", mode: .rehearsal, variables: nil))
    }

    /// A fresh database; `writers` store handles (as separate processes would have) append to one
    /// launch with optimistic retries.
    static func liftoffAppends(admin: PostgresURL, locking: PostgresEventStore.AppendLocking, writers: Int, appends: Int) async throws -> Double {
        let name = "liftoff_bench_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
        try psql(admin, "CREATE DATABASE \(name)")
        defer { try? psql(admin, "DROP DATABASE \(name) WITH (FORCE)") }
        var target = admin
        target.database = name
        let url = target
        let launch = try await PostgresEventStore.withStore(url, create: true) { store in
            try await store.createLaunch(name: "bench", created: created()).launch
        }
        let conflicts = ConflictCounter()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<writers {
                group.addTask {
                    try await PostgresEventStore.withStore(url, create: false, appendLocking: locking) { store in
                        var head = try await store.read(launch, from: 1).last?.seq ?? 1
                        for i in 0..<(appends / writers) {
                            let draft = EventDraft(actor: "w\(w)", NoteAdded(text: "note \(i) from writer \(w)"))
                            while true {
                                do {
                                    head = try await store.append([draft], to: launch, expectedSeq: head).last?.seq ?? head
                                    break
                                } catch let error as StoreError {
                                    guard case .conflict(let current) = error.kind else { throw error }
                                    head = current
                                    await conflicts.add()
                                }
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = seconds(ContinuousClock.now - start)
        let count = appends / writers * writers
        FileHandle.standardError.write(Data(String(format: "  %@ %d writer(s): %.0f appends/s, %d conflicts\n", locking.rawValue, writers, Double(count) / elapsed, await conflicts.count).utf8))
        return Double(count) / elapsed
    }

    actor ConflictCounter {
        var count = 0
        func add() { count += 1 }
    }

    /// pgbench with a script of one INSERT of an event-shaped row (same columns, payload and
    /// hash sizes), each its own durable transaction.
    static func pgbench(admin: PostgresURL, clients: Int, transactions: Int) throws -> Double {
        try psql(admin, "DROP TABLE IF EXISTS liftoff_bench_events; CREATE TABLE liftoff_bench_events (launch_id BIGINT NOT NULL, seq BIGSERIAL, time TEXT NOT NULL, actor TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (launch_id, seq))")
        defer { try? psql(admin, "DROP TABLE IF EXISTS liftoff_bench_events") }
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("liftoff-pgbench-\(UUID().uuidString).sql")
        try Data("""
        INSERT INTO liftoff_bench_events (launch_id, time, actor, type, payload, hash) VALUES (1, '2026-12-01T08:00:00.250Z', 'w' || :client_id, 'note.added', '{"text":"note ' || :client_id || ' from writer ' || :client_id || '"}', md5(random()::text) || md5(random()::text));

        """.utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }
        let out = try run("pgbench", ["-n", "-h", admin.host, "-p", String(admin.port), "-U", admin.username, "-c", String(clients), "-j", String(clients),
                                      "-t", String(transactions), "-f", script.path, admin.database])
        guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
              let tps = Double(line.dropFirst("tps = ".count).prefix { $0.isNumber || $0 == "." }) else {
            throw BenchError("pgbench printed no tps:\n\(out)")
        }
        FileHandle.standardError.write(Data("  pgbench \(clients) client(s): \(line)\n".utf8))
        return tps
    }

    static func psql(_ url: PostgresURL, _ sql: String) throws {
        _ = try run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", url.host, "-p", String(url.port), "-U", url.username, "-d", url.database, "-c", sql])
    }

    struct BenchError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/\(tool)" }
        guard let path = paths.first(where: FileManager.default.isExecutableFile(atPath:)) else { throw BenchError("\(tool) is not on PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw BenchError("\(tool) failed:\n\(text)") }
        return text
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
