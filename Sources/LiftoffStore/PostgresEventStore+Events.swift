import Foundation
import LiftoffKit
import PostgresNIO

extension PostgresEventStore {
    public func createLaunch(name: String, created: EventDraft) async throws(StoreError) -> LaunchEvent {
        let sql = self.sql
        let now = clock()
        do {
            return try await transaction { (c) throws(StoreError) -> LaunchEvent in
                if let existing = try await rows(sql.launchByName, [.text(name)], on: c).first?.int64("id") {
                    throw StoreError(.duplicate, "a launch named '\(name)' exists already (launch \(existing))", hint: "choose another --name")
                }
                guard let id = try await rows(sql.insertLaunch, [.text(name), .text(CanonicalTime.string(now))], on: c).first?.int64("id") else {
                    throw StoreError(.database, "the database did not return the new launch's id")
                }
                let event = EventChain.seal(created, launch: id, seq: 1, time: now, previous: EventChain.genesis)
                try await insert(event, on: c)
                try await notify(event, on: c)
                return event
            }
        } catch where error.kind == .duplicate && !error.message.hasPrefix("a launch named") {
            // Another writer created the same name between our check and our insert.
            throw StoreError(.duplicate, "a launch named '\(name)' exists already", hint: "choose another --name")
        }
    }

    public func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int) async throws(StoreError) -> [LaunchEvent] {
        try await append(drafts, to: launch, expectedSeq: expectedSeq, credential: nil)
    }

    /// With a credential, the transaction first reads it with `FOR SHARE`: a revocation,
    /// rotation or logout waits for this append to commit, and an append after it finds nothing.
    public func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int, previousHash: String,
                       credential: CredentialCheck?) async throws(StoreError) -> [LaunchEvent] {
        try await append(drafts, to: launch, expectedSeq: expectedSeq, credential: credential)
    }

    func append(_ drafts: [EventDraft], to launch: Int64, expectedSeq: Int, credential: CredentialCheck?) async throws(StoreError) -> [LaunchEvent] {
        guard !drafts.isEmpty else { return [] }
        let sql = self.sql
        let locking = appendLocking
        let now = clock()
        return try await transaction { (c) throws(StoreError) -> [LaunchEvent] in
            if let credential {
                let binds: [PostgresValue] = credential.binds(now: now).map { bind in
                    switch bind {
                    case .text(let t): .text(t)
                    case .integer(let i): .int(i)
                    case .null: .null
                    }
                }
                guard try await !rows(credential.postgresQuery(first: 1), binds, on: c).isEmpty else { throw CredentialCheck.ended(credential.kind) }
            }
            if locking == .rowLock {
                guard try await !rows(PostgresSQL.lockLaunch, [.int(launch)], on: c).isEmpty else {
                    throw StoreError(.launchNotFound, "no launch \(launch)", hint: "liftoff launch list shows the launches")
                }
            }
            let last = try await rows(sql.lastEvent, [.int(launch)], on: c).first
            guard let last, let seq = last.int("seq"), let hash = last.string("hash") else {
                throw StoreError(.launchNotFound, "no launch \(launch)", hint: "liftoff launch list shows the launches")
            }
            guard seq == expectedSeq else {
                throw StoreError(.conflict(current: seq), "launch \(launch) is at event \(seq), not \(expectedSeq): someone else wrote first")
            }
            var previous = hash
            var sealed: [LaunchEvent] = []
            for (i, draft) in drafts.enumerated() {
                let event = EventChain.seal(draft, launch: launch, seq: expectedSeq + 1 + i, time: now, previous: previous)
                try await insert(event, on: c)
                previous = event.hash
                sealed.append(event)
            }
            if let newest = sealed.last { try await notify(newest, on: c) }
            return sealed
        }
    }

    func insert(_ event: LaunchEvent, on c: PostgresConnection) async throws(StoreError) {
        do {
            try await exec(sql.insertEvent, [
                .int(event.launch), .number(event.seq), .text(CanonicalTime.string(event.time)),
                .text(event.actor), .text(event.type), .text(CanonicalJSON.string(event.payload)), .text(event.hash),
            ], on: c)
        } catch where error.kind == .duplicate {
            // The primary key (launch_id, seq): another writer took this seq and committed.
            throw StoreError(.conflict(current: event.seq), "event \(event.seq) of launch \(event.launch) exists already")
        }
    }

    /// Delivered to listeners only if the transaction commits, and after it did.
    func notify(_ newest: LaunchEvent, on c: PostgresConnection) async throws(StoreError) {
        try await exec(PostgresSQL.notify, [.text("\(newest.launch):\(newest.seq)")], on: c)
    }

    public func read(_ launch: Int64, from seq: Int) async throws(StoreError) -> [LaunchEvent] {
        try await Self.readEvents(launch, from: seq, client: client, at: location)
    }

    static func readEvents(_ launch: Int64, from seq: Int, client: PostgresClient, at location: String) async throws(StoreError) -> [LaunchEvent] {
        do {
            return try await client.withConnection { c in
                try await rows(StoreSQL.postgres.eventsFrom, [.int(launch), .number(max(seq, 1))], on: c, at: location).map(event)
            }
        } catch {
            throw storeError(error, at: location)
        }
    }

    /// A stored row as an event; unreadable columns cannot hash to the stored hash, so `verify`
    /// names the row rather than the reader crashing.
    static func event(_ row: PostgresRandomAccessRow) -> LaunchEvent {
        let payloadText = row.string("payload") ?? ""
        return LaunchEvent(
            launch: row.int64("launch_id") ?? 0,
            seq: row.int("seq") ?? 0,
            time: CanonicalTime.parse(row.string("time") ?? "") ?? Date(timeIntervalSince1970: 0),
            actor: row.string("actor") ?? "",
            type: row.string("type") ?? "",
            payload: JSONValue.parse(payloadText) ?? .string(payloadText),
            hash: row.string("hash") ?? ""
        )
    }

    public func launches() async throws(StoreError) -> [LaunchSummary] {
        try await rows(sql.listLaunches).map { row in
            LaunchSummary(
                id: row.int64("id") ?? 0,
                name: row.string("name") ?? "",
                createdAt: CanonicalTime.parse(row.string("created_at") ?? "") ?? Date(timeIntervalSince1970: 0),
                lastSeq: row.int("seq") ?? 0,
                lastType: row.string("type") ?? "",
                lastTime: CanonicalTime.parse(row.string("time") ?? "") ?? Date(timeIntervalSince1970: 0)
            )
        }
    }

    public func launchID(named name: String) async throws(StoreError) -> Int64? {
        try await rows(sql.launchByName, [.text(name)]).first?.int64("id")
    }

    /// Fed by LISTEN/NOTIFY through the store's one listening connection (see `PostgresEventNotifier`).
    public func subscribe(_ launch: Int64, from seq: Int) -> AsyncThrowingStream<LaunchEvent, any Error> {
        notifier.subscribe(launch, from: seq)
    }
}
