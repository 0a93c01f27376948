// Durable appends per second to the SQLite event store (1 writer, 8 writers), against the
// sqlite3 CLI inserting the same rows with the same durability in the same run, and the
// projection (fold) and chain verification of a 100,000-event launch.
//
//   swift run -c release --package-path Benchmarks store-append [APPENDS]
import Foundation
import LiftoffKit
import LiftoffStore

@main
struct StoreAppendBenchmark {
    static func main() async throws {
        let appends = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 400
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("liftoff-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        let one = try await liftoffAppends(dir: dir, name: "one", writers: 1, appends: appends)
        let eight = try await liftoffAppends(dir: dir, name: "eight", writers: 8, appends: appends)
        let peer = try sqlite3CLI(dir: dir, appends: appends)
        print(String(format: "durable appends/s  liftoff 1 writer: %.0f  8 writers: %.0f  sqlite3 CLI: %@",
                     one, eight, peer.map { String(format: "%.0f", $0) } ?? "n/a (sqlite3 not installed)"))
        if let peer {
            print(String(format: "ratio to sqlite3 CLI  1 writer: %.2f  8 writers: %.2f", one / peer, eight / peer))
        }
        let (fold, verify) = try projection(events: 100_000)
        print(String(format: "100,000-event launch  fold: %.2f s  verify chain: %.2f s", fold, verify))
        print("reproduce: swift run -c release --package-path Benchmarks store-append \(appends)")
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

    /// `writers` connections share one file, each appending its share with optimistic retries.
    static func liftoffAppends(dir: URL, name: String, writers: Int, appends: Int) async throws -> Double {
        let path = dir.appendingPathComponent("\(name).db").path
        let setup = try await SQLiteEventStore.open(path: path, create: true)
        let launch = try await setup.createLaunch(name: name, created: created()).launch
        await setup.close()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<writers {
                group.addTask {
                    let store = try await SQLiteEventStore.open(path: path, create: false)
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
                            }
                        }
                    }
                    await store.close()
                }
            }
            try await group.waitForAll()
        }
        let seconds = seconds(ContinuousClock.now - start)
        return Double(appends / writers * writers) / seconds
    }

    /// The same rows, one autocommitted INSERT each, WAL and synchronous=FULL.
    static func sqlite3CLI(dir: URL, appends: Int) throws -> Double? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/sqlite3" }
        guard let sqlite3 = paths.first(where: FileManager.default.isExecutableFile(atPath:)) else { return nil }
        var previous = EventChain.genesis
        var script = """
        PRAGMA journal_mode=WAL;
        PRAGMA synchronous=FULL;
        CREATE TABLE events (launch_id INTEGER NOT NULL, seq INTEGER NOT NULL, time TEXT NOT NULL, actor TEXT NOT NULL,
          type TEXT NOT NULL, payload TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (launch_id, seq)) WITHOUT ROWID;

        """
        for i in 0..<appends {
            let event = EventChain.seal(EventDraft(actor: "w0", NoteAdded(text: "note \(i) from writer 0")), launch: 1, seq: i + 1, time: Date(), previous: previous)
            previous = event.hash
            let payload = CanonicalJSON.string(event.payload).replacingOccurrences(of: "'", with: "''")
            script += "INSERT INTO events VALUES (1, \(event.seq), '\(CanonicalTime.string(event.time))', 'w0', '\(event.type)', '\(payload)', '\(event.hash)');\n"
        }
        let scriptURL = dir.appendingPathComponent("peer.sql")
        try Data(script.utf8).write(to: scriptURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite3)
        process.arguments = [dir.appendingPathComponent("peer.db").path]
        process.standardInput = try FileHandle(forReadingFrom: scriptURL)
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        return Double(appends) / seconds(ContinuousClock.now - start)
    }

    static func projection(events count: Int) throws -> (fold: Double, verify: Double) {
        var events: [LaunchEvent] = []
        events.reserveCapacity(count)
        var previous = EventChain.genesis
        let steps = ["t-0-go/deploy"]
        for seq in 1...count {
            let draft: EventDraft = switch seq {
            case 1: created()
            case 2: EventDraft(actor: "bench", ParticipantAdded(participant: "bench", roles: ["Engineer"], admin: true))
            default: seq.isMultiple(of: 2)
                ? EventDraft(actor: "bench", StepMarked(step: steps[0], mark: seq.isMultiple(of: 4) ? .done : .reopened, note: nil))
                : EventDraft(actor: "bench", NoteAdded(text: "note \(seq)"))
            }
            let event = EventChain.seal(draft, launch: 1, seq: seq, time: Date(timeIntervalSince1970: 1_796_000_000 + Double(seq)), previous: previous)
            previous = event.hash
            events.append(event)
        }
        var start = ContinuousClock.now
        let state = try LaunchState.fold(events)
        let fold = seconds(ContinuousClock.now - start)
        precondition(state.seq == count)
        start = ContinuousClock.now
        precondition(EventChain.verify(events) == nil)
        return (fold, seconds(ContinuousClock.now - start))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
