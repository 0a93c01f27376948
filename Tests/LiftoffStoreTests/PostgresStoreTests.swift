import Foundation
import LiftoffKit
import LiftoffStore
import Testing

/// What only the PostgreSQL store does: LISTEN/NOTIFY fan-out that survives a dropped
/// connection, the advisory-lock leadership, both append strategies, URLs.
@Suite struct PostgresStoreTests {
    /// The listener's backend is killed (pg_terminate_backend) while another connection keeps
    /// appending; the subscriber reconnects and gets every event once, in order.
    @Test func subscriberCatchesUpAfterItsListenerIsKilled() async throws {
        try await StoreKind.postgres.withDatabase { db in
            guard case .postgres(let url) = db.location else { return }
            try await db.withLaunch { store, launch in
                let total = 60
                let stream = store.subscribe(launch, from: 2)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // Another handle appends one note every 20 ms.
                        try await db.withStore(create: false) { other in
                            for seq in 1..<total {
                                _ = try await other.append([EventDraft(actor: "kim", NoteAdded(text: "n\(seq)"))], to: launch, expectedSeq: seq)
                                try await Task.sleep(for: .milliseconds(20))
                            }
                        }
                    }
                    group.addTask {
                        // Kill the LISTEN backend twice, once early and once mid-way.
                        for delay in [300, 500] {
                            try await Task.sleep(for: .milliseconds(delay))
                            var killed: [String] = []
                            for _ in 0..<50 where killed.isEmpty {
                                killed = try await TestPostgres.execute("""
                                    SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity
                                    WHERE datname = current_database() AND application_name = 'liftoff' AND query LIKE 'LISTEN%'
                                    """, on: url)
                                if killed.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
                            }
                            #expect(killed == ["true"], "the listener's backend was found and terminated")
                        }
                    }
                    var seen: [Int] = []
                    for try await event in stream {
                        seen.append(event.seq)
                        if event.seq == total { break }
                    }
                    #expect(seen == Array(2...total), "every event once, in order")
                    try await group.waitForAll()
                }
            }
        }
    }

    @Test func aStoreThatNeverSubscribesNeverListens() async throws {
        try await StoreKind.postgres.withDatabase { db in
            guard case .postgres(let url) = db.location else { return }
            try await db.withLaunch { store, launch in
                _ = try await store.append([EventDraft(actor: "kim", NoteAdded(text: "x"))], to: launch, expectedSeq: 1)
                let listening = try await TestPostgres.execute("SELECT count(*)::text FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'", on: url)
                #expect(listening == ["0"])
            }
        }
    }

    /// Two contenders on one database: one leads; when its session dies, the other takes over
    /// within 10 s and the first one's body is cancelled.
    @Test func leadershipFailsOverWhenTheLeadersSessionDies() async throws {
        try await StoreKind.postgres.withDatabase { db in
            guard case .postgres(let url) = db.location else { return }
            let key = Int64.random(in: 1...Int64.max)
            let a = PostgresWatcherLeadership(url: url, key: key, retryInterval: .seconds(2), heartbeat: .milliseconds(500))
            let b = PostgresWatcherLeadership(url: url, key: key, retryInterval: .seconds(2), heartbeat: .milliseconds(500))
            let log = LeadershipLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (name, contender) in [("a", a), ("b", b)] {
                    group.addTask {
                        try await contender.run {
                            await log.record("\(name) leads")
                            do {
                                try await Task.sleep(for: .seconds(3600))
                            } catch {
                                await log.record("\(name) stops")
                                throw error
                            }
                        }
                    }
                }
                let first = try await log.waitFor { $0.contains { $0.hasSuffix("leads") } }
                try await Task.sleep(for: .seconds(3))
                let leaders = await log.entries.filter { $0.hasSuffix("leads") }
                #expect(leaders.count == 1, "only one leads: \(leaders)")
                let leader = first.hasPrefix("a") ? a : b
                let standby = first.hasPrefix("a") ? b : a
                #expect(leader.role == .leader)
                #expect(standby.role == .standby)

                let killedAt = ContinuousClock.now
                // pg_locks is cluster-wide: pick this test's database and key (classid:objid = high:low 32 bits).
                let killed = try await TestPostgres.execute("""
                    SELECT pg_terminate_backend(pid)::text FROM pg_locks
                    WHERE locktype = 'advisory' AND granted AND objsubid = 1
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                      AND ((classid::bigint << 32) | objid::bigint) = \(key)
                    """, on: url)
                #expect(killed == ["true"])
                let other = first.hasPrefix("a") ? "b" : "a"
                _ = try await log.waitFor(timeout: .seconds(10)) { $0.contains("\(other) leads") }
                #expect(ContinuousClock.now - killedAt < .seconds(10), "taken over within 10 s")
                let entries = await log.entries
                #expect(entries.contains("\(first.prefix(1)) stops"), "the old leader's body was cancelled: \(entries)")
                #expect(standby.role == .leader)
                group.cancelAll()
            }
        }
    }

    @Test(arguments: PostgresEventStore.AppendLocking.allCases)
    func bothAppendStrategiesStayGaplessUnderContention(locking: PostgresEventStore.AppendLocking) async throws {
        try await StoreKind.postgres.withDatabase { db in
            guard case .postgres(let url) = db.location else { return }
            _ = try await db.withLaunch { _, _ in }
            let writers = 16, each = 10
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<writers {
                    group.addTask {
                        try await PostgresEventStore.withStore(url, create: false, appendLocking: locking) { store in
                            var head = try await store.read(1, from: 1).last?.seq ?? 1
                            for i in 0..<each {
                                while true {
                                    do {
                                        head = try await store.append([EventDraft(actor: "w\(w)", NoteAdded(text: "\(i)"))], to: 1, expectedSeq: head).last?.seq ?? head
                                        break
                                    } catch let error as StoreError {
                                        guard case .conflict(let current) = error.kind else { throw error }
                                        head = current
                                    }
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await db.withStore(create: false) { store in
                let events = try await store.read(1, from: 1)
                #expect(events.map(\.seq) == Array(1...(1 + writers * each)))
                #expect(EventChain.verify(events) == nil)
            }
        }
    }

    @Test func urlsAreReadAndTheirPasswordsNeverShown() throws {
        let url = try PostgresURL("postgres://liftoff:s3cr%40t@db.internal:6543/launches?sslmode=require")
        #expect(url.host == "db.internal")
        #expect(url.port == 6543)
        #expect(url.username == "liftoff")
        #expect(url.database == "launches")
        #expect(url.sslMode == .require)
        #expect(url.description == "postgres://liftoff:***@db.internal:6543/launches?sslmode=require")
        #expect(!String(describing: StoreLocation.postgres(url)).contains("s3cr"))
        let defaults = try PostgresURL("postgresql://ops@localhost", environment: [:])
        #expect(defaults.port == 5432 && defaults.database == "ops" && defaults.sslMode == .prefer)
        #expect(defaults.description == "postgres://ops@localhost:5432/ops?sslmode=prefer")
        for bad in ["postgres://db.internal/x", "postgres://u@/x", "postgres://u@h/x?sslmode=maybe", "postgres://u@h/x?password=p"] {
            #expect(throws: StoreError.self) { try PostgresURL(bad) }
        }
        do {
            _ = try StoreLocation(spec: "mysql://root:hunter2@h/db")
            Issue.record("a mysql URL was accepted")
        } catch {
            #expect(!error.description.contains("hunter2"))
            #expect(error.description.contains("root:***@h"))
        }
        #expect(try StoreLocation(spec: "sqlite:/tmp/x.db") == .sqlite(path: "/tmp/x.db"))
        #expect(try StoreLocation(spec: "plain.db") == .sqlite(path: "plain.db"))
    }

    @Test func anUnreachableServerIsAClearErrorWithoutThePassword() async throws {
        let url = try PostgresURL("postgres://liftoff:hunter2@127.0.0.1:1/liftoff?sslmode=disable")
        do {
            try await PostgresEventStore.withStore(url, create: false) { _ in }
            Issue.record("connected to port 1")
        } catch let error as StoreError {
            #expect(error.description.contains("cannot reach PostgreSQL at postgres://liftoff:***@127.0.0.1:1/liftoff"), "\(error)")
            #expect(error.hint != nil)
            #expect(!error.description.contains("hunter2"))
        }
    }
}

actor LeadershipLog {
    private(set) var entries: [String] = []

    func record(_ entry: String) { entries.append(entry) }

    /// Polls until `condition` holds; returns the first entry.
    func waitFor(timeout: Duration = .seconds(20), _ condition: @Sendable ([String]) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while !condition(entries) {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting; log: \(entries)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return entries.first ?? ""
    }
}
