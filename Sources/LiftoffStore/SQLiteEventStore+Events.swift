import Foundation
import LiftoffKit
import SQLiteNIO

extension SQLiteEventStore {
    public func createLaunch(name: String, created: EventDraft) async throws(StoreError) -> LaunchEvent {
        let sql = self.sql
        let now = clock()
        return try await transaction { () throws(StoreError) -> LaunchEvent in
            if let existing = try await rows(sql.launchByName, [.text(name)]).first?.column("id")?.integer {
                throw StoreError(.duplicate, "a launch named '\(name)' exists already (launch \(existing))", hint: "choose another --name")
            }
            guard let id = try await rows(sql.insertLaunch, [.text(name), .text(CanonicalTime.string(now))]).first?.column("id")?.integer else {
                throw StoreError(.database, "the database did not return the new launch's id")
            }
            let event = EventChain.seal(created, launch: Int64(id), seq: 1, time: now, previous: EventChain.genesis)
            try await insert(event)
            return event
        }
    }

    public func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int) async throws(StoreError) -> [LaunchEvent] {
        guard !drafts.isEmpty else { return [] }
        let sql = self.sql
        let written = try await transaction { () throws(StoreError) -> [LaunchEvent] in
            let last = try await rows(sql.lastEvent, [.integer(SQLiteInt64(launch))]).first
            guard let last, let seq = last.column("seq")?.integer, let hash = last.column("hash")?.string else {
                throw StoreError(.launchNotFound, "no launch \(launch)", hint: "liftoff launch list shows the launches")
            }
            guard Int(seq) == expectedSeq else {
                throw StoreError(.conflict(current: Int(seq)), "launch \(launch) is at event \(seq), not \(expectedSeq): someone else wrote first")
            }
            var previous = hash
            var sealed: [LaunchEvent] = []
            let now = clock()
            for (i, draft) in drafts.enumerated() {
                let event = EventChain.seal(draft, launch: launch, seq: expectedSeq + 1 + i, time: now, previous: previous)
                try await insert(event)
                previous = event.hash
                sealed.append(event)
            }
            return sealed
        }
        appendSignal.appended(to: launch)
        return written
    }

    /// One statement instead of four (BEGIN, read the head, insert, COMMIT): the insert carries
    /// its own check that event `expectedSeq` is the one whose hash the caller chained to, and the
    /// unique (launch, seq) key refuses a writer that came second. Each statement is a round trip
    /// to SQLite's thread, which is most of an append's cost (docs/storage.md, "Appends").
    public func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int, previousHash: String) async throws(StoreError) -> [LaunchEvent] {
        try await append(drafts, to: launch, expectedSeq: expectedSeq, previousHash: previousHash, credential: nil)
    }

    /// With a credential, the same statement also asks that it still holds: a server that
    /// decided on a credential it knew already writes with one round trip, and never for one
    /// that ended meanwhile.
    public func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int, previousHash: String,
                       credential: CredentialCheck?) async throws(StoreError) -> [LaunchEvent] {
        guard !drafts.isEmpty else { return [] }
        var previous = previousHash
        let now = clock()
        let sealed = drafts.enumerated().map { i, draft in
            let event = EventChain.seal(draft, launch: launch, seq: expectedSeq + 1 + i, time: now, previous: previous)
            previous = event.hash
            return event
        }
        var binds: [SQLiteData] = []
        for event in sealed {
            binds += [.integer(SQLiteInt64(event.launch)), .integer(SQLiteInt64(event.seq)), .text(CanonicalTime.string(event.time)),
                      .text(event.actor), .text(event.type), .text(CanonicalJSON.string(event.payload)), .text(event.hash)]
        }
        binds += [.integer(SQLiteInt64(launch)), .integer(SQLiteInt64(expectedSeq)), .text(previousHash)]
        if let credential {
            binds += credential.binds(now: now).map { bind -> SQLiteData in
                switch bind {
                case .text(let t): .text(t)
                case .integer(let i): .integer(SQLiteInt64(i))
                case .null: .null
                }
            }
        }
        let values = binds
        let statement = Self.chainedInsert(rows: sealed.count, credential: credential)
        let inserted: [SQLiteRow]
        do {
            inserted = try await locked { () throws(StoreError) in try await rows(statement, values) }
        } catch where error.kind == .duplicate {
            throw StoreError(.conflict(current: expectedSeq + 1), "event \(expectedSeq + 1) of launch \(launch) exists already")
        }
        // Nothing written: the credential ended, no such launch, or event `expectedSeq` is not the
        // one the caller knows. The reading path tells the last two apart, with its own error.
        guard inserted.count == sealed.count else {
            if let credential, try await !credential.holds(in: self) { throw CredentialCheck.ended(credential.kind) }
            return try await append(drafts, to: launch, expectedSeq: expectedSeq)
        }
        appendSignal.appended(to: launch)
        return sealed
    }

    /// `INSERT … SELECT` of `rows` events, only when the event they follow has the expected hash
    /// (and the credential, if any, still holds).
    /// One event, the common case, selects its binds directly: SQLite compiles every statement
    /// anew, and without the `VALUES` subquery that takes about a third less time.
    static func chainedInsert(rows: Int, credential: CredentialCheck? = nil) -> String {
        let source = rows == 1
            ? "SELECT ?, ?, ?, ?, ?, ?, ?"
            : "SELECT column1, column2, column3, column4, column5, column6, column7 FROM (VALUES "
                + Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ") + ")"
        let holds = credential.map { " AND " + $0.sqliteCondition } ?? ""
        return """
            INSERT INTO events (launch_id, seq, time, actor, type, payload, hash) \(source) \
            WHERE EXISTS (SELECT 1 FROM events WHERE launch_id = ? AND seq = ? AND hash = ?)\(holds) RETURNING seq
            """
    }

    func insert(_ event: LaunchEvent) async throws(StoreError) {
        do {
            try await exec(sql.insertEvent, [
                .integer(SQLiteInt64(event.launch)), .integer(SQLiteInt64(event.seq)), .text(CanonicalTime.string(event.time)),
                .text(event.actor), .text(event.type), .text(CanonicalJSON.string(event.payload)), .text(event.hash),
            ])
        } catch where error.kind == .duplicate {
            // The unique (launch_id, seq) key: another writer took this seq.
            throw StoreError(.conflict(current: event.seq), "event \(event.seq) of launch \(event.launch) exists already")
        }
    }

    public func read(_ launch: Int64, from seq: Int) async throws(StoreError) -> [LaunchEvent] {
        let sql = self.sql
        let found = try await locked { () throws(StoreError) in
            try await rows(sql.eventsFrom, [.integer(SQLiteInt64(launch)), .integer(SQLiteInt64(max(seq, 1)))])
        }
        return found.map(Self.event)
    }

    /// A stored row as an event. Unreadable columns become values that cannot hash to the stored
    /// hash, so `verify` points at the row instead of the reader crashing.
    static func event(_ row: SQLiteRow) -> LaunchEvent {
        let payloadText = row.column("payload")?.string ?? ""
        return LaunchEvent(
            launch: Int64(row.column("launch_id")?.integer ?? 0),
            seq: Int(row.column("seq")?.integer ?? 0),
            time: CanonicalTime.parse(row.column("time")?.string ?? "") ?? Date(timeIntervalSince1970: 0),
            actor: row.column("actor")?.string ?? "",
            type: row.column("type")?.string ?? "",
            payload: JSONValue.parse(payloadText) ?? .string(payloadText),
            hash: row.column("hash")?.string ?? ""
        )
    }

    public func launches() async throws(StoreError) -> [LaunchSummary] {
        let sql = self.sql
        let found = try await locked { () throws(StoreError) in try await rows(sql.listLaunches) }
        return found.map { row in
            LaunchSummary(
                id: Int64(row.column("id")?.integer ?? 0),
                name: row.column("name")?.string ?? "",
                createdAt: CanonicalTime.parse(row.column("created_at")?.string ?? "") ?? Date(timeIntervalSince1970: 0),
                lastSeq: Int(row.column("seq")?.integer ?? 0),
                lastType: row.column("type")?.string ?? "",
                lastTime: CanonicalTime.parse(row.column("time")?.string ?? "") ?? Date(timeIntervalSince1970: 0)
            )
        }
    }

    public func launchID(named name: String) async throws(StoreError) -> Int64? {
        let sql = self.sql
        return try await locked { () throws(StoreError) in
            try await rows(sql.launchByName, [.text(name)]).first?.column("id")?.integer.map { Int64($0) }
        }
    }

    /// `PRAGMA data_version` of this connection: it changes when another connection commits.
    func dataVersion() async -> Int? {
        guard let row = try? await rows("PRAGMA data_version").first else { return nil }
        return row.column("data_version")?.integer
    }

    public func subscribe(_ launch: Int64, from seq: Int) -> AsyncThrowingStream<LaunchEvent, any Error> {
        AsyncThrowingStream { continuation in
            let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            let unregister = appendSignal.register(launch, wake)
            let (fileTicks, fileTick) = AsyncStream.makeStream(of: DatabaseFileWatcher.Tick.self, bufferingPolicy: .bufferingNewest(1))
            let stopListening = fileWatcher.listen(fileTick)
            let task = Task {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // Other processes' commits: the file watcher ticks when the database
                        // or its WAL changed (and once a second), and `PRAGMA data_version`,
                        // which changes only when another connection committed, says whether
                        // there is anything to read (docs/storage.md, "Live updates: SQLite").
                        // A file changes with a commit's first write, before the commit is
                        // done: it is visible once the WAL is synced, and nothing the watcher
                        // sees changes after that (the WAL index is mapped memory). So a change
                        // is looked at again, 1, 2, 4 … then every 64 ms, until the commit shows
                        // or a second has passed since the latest change; a loaded disk can
                        // take that long to sync. This process's own commits change the files
                        // too without changing data_version: while they keep coming, the
                        // question is asked every 64 ms, and their own wake-ups read anyway.
                        // A failed pragma (nil) still reads, and so does a quiet second.
                        var seen = await self.dataVersion()
                        var lastRead = ContinuousClock.now
                        for await tick in fileTicks {
                            var ticked = ContinuousClock.now
                            var changes = self.fileWatcher.changes
                            var pause = Duration.zero
                            while !Task.isCancelled {
                                if pause > .zero, (try? await Task.sleep(for: pause)) == nil { break }
                                let now = await self.dataVersion()
                                if now == nil || now != seen || ContinuousClock.now - lastRead >= .seconds(1) {
                                    seen = now
                                    lastRead = ContinuousClock.now
                                    wake.yield()
                                    break
                                }
                                guard case .changed = tick else { break }
                                if self.fileWatcher.changes != changes {
                                    changes = self.fileWatcher.changes
                                    ticked = ContinuousClock.now
                                }
                                guard ContinuousClock.now - ticked < .seconds(1) else { break }
                                pause = pause == .zero ? .milliseconds(1) : min(pause * 2, .milliseconds(64))
                            }
                        }
                        wake.finish()
                    }
                    var next = max(seq, 1)
                    wake.yield()
                    for await _ in wakes {
                        if Task.isCancelled { break }
                        do {
                            for event in try await self.read(launch, from: next) {
                                continuation.yield(event)
                                next = event.seq + 1
                            }
                        } catch {
                            continuation.finish(throwing: error)
                            group.cancelAll()
                            return
                        }
                    }
                    group.cancelAll()
                    continuation.finish()
                }
            }
            continuation.onTermination = { _ in
                unregister()
                stopListening()
                fileTick.finish()
                task.cancel()
            }
        }
    }
}
