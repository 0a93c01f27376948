import Foundation
import LiftoffKit
import LiftoffApplication
import LiftoffStore
import Testing

/// What every store promises (the `EventStore` contract), run unchanged against SQLite and PostgreSQL.
@Suite struct EventStoreContractTests {
    @Test(arguments: StoreKind.allCases)
    func appendsAreGaplessChainedAndReadBack(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, launch in
                let note = EventDraft(actor: "lee", NoteAdded(text: "war room open"))
                let written = try await store.append([note, note], to: launch, expectedSeq: 1)
                #expect(written.map(\.seq) == [2, 3])
                let all = try await store.read(launch, from: 1)
                #expect(all.map(\.seq) == [1, 2, 3])
                #expect(Array(all.dropFirst()) == written)
                #expect(EventChain.verify(all) == nil)
                #expect(try await store.read(launch, from: 3).map(\.seq) == [3])
                #expect(try await store.read(launch, from: 4).isEmpty)
                #expect(try await store.append([], to: launch, expectedSeq: 3).isEmpty)
            }
            // Another handle (another process) reads exactly what was acknowledged.
            let seqs = try await db.withStore(create: false) { store in try await store.read(1, from: 1).map(\.seq) }
            #expect(seqs == [1, 2, 3])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func staleExpectedSeqIsAConflictAndWritesNothing(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, launch in
                let note = EventDraft(actor: "lee", NoteAdded(text: "x"))
                _ = try await store.append([note], to: launch, expectedSeq: 1)
                await #expect(throws: StoreError.self) { try await store.append([note], to: launch, expectedSeq: 1) }
                do {
                    _ = try await store.append([note, note], to: launch, expectedSeq: 1)
                    Issue.record("a stale append succeeded")
                } catch let error as StoreError {
                    #expect(error.kind == .conflict(current: 2))
                }
                #expect(try await store.read(launch, from: 1).count == 2)
            }
        }
    }

    /// The append a projection makes, knowing the hash of the event it follows: the same
    /// contract (gapless, chained, a stale head is a conflict), and a hash the store does not
    /// have is never chained to.
    @Test(arguments: StoreKind.allCases)
    func appendsAfterAKnownHashKeepTheContract(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, launch in
                let note = EventDraft(actor: "lee", NoteAdded(text: "x"))
                let head = try #require(try await store.read(launch, from: 1).last)
                let written = try await store.append([note, note], to: launch, expectedSeq: 1, previousHash: head.hash)
                #expect(written.map(\.seq) == [2, 3])
                #expect(try await store.read(launch, from: 2) == written)
                do {
                    _ = try await store.append([note], to: launch, expectedSeq: 2, previousHash: written[0].hash)
                    Issue.record("a stale append succeeded")
                } catch let error as StoreError {
                    #expect(error.isConflict)
                }
                // A wrong hash for the right head: what is stored still chains to the real event 3.
                let more = try await store.append([note], to: launch, expectedSeq: 3, previousHash: String(repeating: "0", count: 64))
                #expect(more.map(\.seq) == [4])
                let all = try await store.read(launch, from: 1)
                #expect(all.map(\.seq) == [1, 2, 3, 4])
                #expect(EventChain.verify(all) == nil)
                do {
                    _ = try await store.append([note], to: 99, expectedSeq: 1, previousHash: head.hash)
                    Issue.record("appended to a launch that does not exist")
                } catch let error as StoreError {
                    #expect(error.kind == .launchNotFound)
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func unknownLaunchAndDuplicateNameAreRefused(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, launch in
                do {
                    _ = try await store.append([EventDraft(actor: "lee", NoteAdded(text: "x"))], to: 99, expectedSeq: 1)
                    Issue.record("appended to a launch that does not exist")
                } catch let error as StoreError {
                    #expect(error.kind == .launchNotFound)
                }
                #expect(try await store.read(99, from: 1).isEmpty)
                do {
                    _ = try await store.createLaunch(name: "checkout-v2", created: TestEnvironment.createdDraft())
                    Issue.record("two launches share a name")
                } catch let error as StoreError {
                    #expect(error.kind == .duplicate)
                }
                #expect(try await store.launchID(named: "checkout-v2") == launch)
                #expect(try await store.launchID(named: "other") == nil)
                let second = try await store.createLaunch(name: "other", created: TestEnvironment.createdDraft(name: "other"))
                #expect(second.launch == launch + 1)
                #expect(second.seq == 1)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func launchesAreListedWithTheirLatestEvent(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, launch in
                _ = try await store.append([EventDraft(actor: "lee", NoteAdded(text: "x"))], to: launch, expectedSeq: 1)
                _ = try await store.createLaunch(name: "second", created: TestEnvironment.createdDraft(name: "second"))
                let list = try await store.launches()
                #expect(list.map(\.name) == ["checkout-v2", "second"])
                #expect(list.map(\.lastSeq) == [2, 1])
                #expect(list.first?.lastType == "note.added")
                #expect(list.last?.lastType == "launch.created")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func subscriptionDeliversEventsAppendedLaterByAnyHandle(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, launch in
                let stream = store.subscribe(launch, from: 1)
                _ = try await store.append([EventDraft(actor: "lee", NoteAdded(text: "one"))], to: launch, expectedSeq: 1)
                // A second handle stands for another process (another `serve` instance).
                try await db.withStore(create: false) { other in
                    _ = try await other.append([EventDraft(actor: "kim", NoteAdded(text: "two"))], to: launch, expectedSeq: 2)
                    _ = try await other.append([EventDraft(actor: "kim", NoteAdded(text: "three")), EventDraft(actor: "kim", NoteAdded(text: "four"))],
                                               to: launch, expectedSeq: 3)
                }
                var seen: [LaunchEvent] = []
                for try await event in stream {
                    seen.append(event)
                    if seen.count == 5 { break }
                }
                #expect(seen.map(\.seq) == [1, 2, 3, 4, 5])
                #expect(seen == (try await store.read(launch, from: 1)))
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func usersAreFoundByTheirTokensHashOnly(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, launch in
                let token = UserToken.generate()
                #expect(token.count == 43)
                let added = try await store.addUser(NewUser(name: "pat", tokenSHA256: UserToken.sha256(token), roles: ["Product Owner"], admin: false, launch: launch))
                _ = try await store.addUser(NewUser(name: "ada", tokenSHA256: UserToken.sha256("ada-token"), roles: [], admin: true, launch: nil))
                let user = try await store.user(tokenSHA256: UserToken.sha256(token))
                #expect(user == added)
                #expect(user?.roles == ["Product Owner"])
                #expect(user?.launch == launch)
                #expect(try await store.user(tokenSHA256: UserToken.sha256("ada-token"))?.admin == true)
                #expect(try await store.user(tokenSHA256: UserToken.sha256("guess")) == nil)
                #expect(try await store.user(tokenSHA256: token) == nil, "the token itself is not a key")
                await #expect(throws: StoreError.self) {
                    try await store.addUser(NewUser(name: "x", tokenSHA256: "t", roles: [], admin: false, launch: 42))
                }
                #expect(try await store.users().map(\.user.name) == ["pat", "ada"])
            }
        }
    }

    /// The Slack user id behind a participant (docs/slack.md): set on add, found, changed,
    /// cleared, held by one active user at a time, and copied with the users.
    @Test(arguments: StoreKind.allCases)
    func slackIDsRoundTripAndMapToOneActiveUser(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, _ in
                let lee = try await store.addUser(NewUser(name: "lee", tokenSHA256: UserToken.sha256("lee-token"), roles: ["Engineering Lead"], admin: false,
                                                          launch: nil, slackID: "U0LEE"))
                let pat = try await store.addUser(NewUser(name: "pat", tokenSHA256: UserToken.sha256("pat-token"), roles: [], admin: false, launch: nil))
                #expect(try await store.user(slackID: "U0LEE") == lee)
                #expect(try await store.user(slackID: "U0NOBODY") == nil)
                #expect(try await store.accounts().first { $0.name == "lee" }?.slackID == "U0LEE")
                #expect(try await store.users().first { $0.user.name == "lee" }?.user.slackID == "U0LEE", "db copy carries it")

                await #expect(throws: StoreError.self, "one Slack user acts as one participant") {
                    try await store.setSlackID("U0LEE", of: pat.id)
                }
                await #expect(throws: StoreError.self) {
                    try await store.addUser(NewUser(name: "sam", tokenSHA256: UserToken.sha256("sam-token"), roles: [], admin: false, launch: nil, slackID: "U0LEE"))
                }
                #expect(try await store.setSlackID("U0PAT", of: pat.id))
                #expect(try await store.user(slackID: "U0PAT")?.name == "pat")
                #expect(try await store.setSlackID(nil, of: lee.id))
                #expect(try await store.user(slackID: "U0LEE") == nil)
                #expect(try await store.accounts().first { $0.name == "lee" }?.slackID == nil)

                #expect(try await store.revokeUser(pat.id))
                #expect(try await store.user(slackID: "U0PAT") == nil, "a revoked user's Slack presses act as nobody")
                #expect(try await store.setSlackID("U0PAT", of: lee.id), "and the Slack id is free again")
                #expect(try await store.setSlackID("U0X", of: pat.id) == false, "a revoked user cannot be changed")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func migrationsAreIdempotentAndAMissingSchemaIsNotCreatedUnlessAsked(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            await #expect(throws: StoreError.self) { try await db.withStore(create: false) { _ in } }
            #expect(try await db.location.migrate() == [1, 2, 3, 4])
            #expect(try await db.location.migrate() == [])
            try await db.withLaunch { _, _ in }
            #expect(try await db.location.migrate() == [])
            let count = try await db.withStore(create: false) { store in try await store.read(1, from: 1).count }
            #expect(count == 1)
        }
    }

    /// 50 writers, each with its own handle, mark steps (several the same step) through
    /// `LaunchService`, which retries on conflicts: no gap, no lost or doubled append.
    @Test(arguments: StoreKind.allCases)
    func fiftyConcurrentWritersKeepTheLogGaplessAndConsistent(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { first, launch in
                try await ConcurrentWriters.run(writers: 50, on: db, launch: launch, check: first)
            }
        }
    }

    @Test(arguments: [(StoreKind.sqlite, StoreKind.postgres), (.postgres, .sqlite), (.sqlite, .sqlite)])
    func copyingPreservesEventsExactlyAndRefusesToOverwrite(from: StoreKind, to: StoreKind) async throws {
        try await from.withDatabase { source in
            _ = try await to.withDatabase { destination in
                try await source.withLaunch { store, launch in
                    let state = try await LaunchService(store: store).state(launch)
                    let step = try #require(state.runbook.steps.first).id
                    let actor = LaunchActor(name: "lee", roles: ["Engineer"], admin: false)
                    try await LaunchService(store: store).execute(.markStep(step: step, mark: .done, note: "ok"), on: launch, by: actor)
                    try await LaunchService(store: store).execute(.addNote("copy me"), on: launch, by: actor)
                    _ = try await store.createLaunch(name: "second", created: TestEnvironment.createdDraft(name: "second"))
                    _ = try await store.addUser(NewUser(name: "ada", tokenSHA256: UserToken.sha256("a"), roles: ["Engineer"], admin: true, launch: nil))
                    _ = try await store.addUser(NewUser(name: "pat", tokenSHA256: UserToken.sha256("p"), roles: [], admin: false, launch: 2))
                    let events = try await store.read(launch, from: 1)

                    try await destination.withStore { target in
                        let report = try await StoreCopy.copy(from: store, to: target, launches: [launch])
                        #expect(report.copied == [launch])
                        #expect(report.events == events.count)
                        #expect(report.usersCopied == 1, "only users of the copied launches (and of every launch)")
                        #expect(try await target.read(launch, from: 1) == events)
                        #expect(try await target.user(tokenSHA256: UserToken.sha256("a"))?.name == "ada")
                        #expect(try await target.user(tokenSHA256: UserToken.sha256("p")) == nil)

                        let again = try await StoreCopy.copy(from: store, to: target)
                        #expect(again.alreadyPresent == [launch])
                        #expect(again.copied == [2])
                        #expect(again.usersPresent == 1 && again.usersCopied == 1)
                        // New launches in the destination number after the copied ones.
                        let next = try await target.createLaunch(name: "third", created: TestEnvironment.createdDraft(name: "third"))
                        #expect(next.launch == 3)

                        // The source moves on: the destination's launch 1 now differs and is not overwritten.
                        _ = try await store.append([EventDraft(actor: "lee", NoteAdded(text: "later"))], to: launch, expectedSeq: events.count)
                        do {
                            _ = try await StoreCopy.copy(from: store, to: target, launches: [launch])
                            Issue.record("a launch with other content was overwritten")
                        } catch let error as StoreError {
                            #expect(error.kind == .duplicate)
                        }
                        #expect(try await target.read(launch, from: 1) == events)
                    }
                }
            }
        }
    }
}

enum ConcurrentWriters {
    static func run(writers: Int, on db: TestDatabase, launch: Int64, check first: any EventStore) async throws {
        let steps = try await LaunchService(store: first).state(launch).runbook.steps.map(\.id)
        // Only steps before the gate, so no refusals for the gate muddy the count.
        let open = Array(steps.prefix(2))
        let marks: [StepMark] = [.done, .failed, .blocked, .skipped]

        let acknowledged = try await withThrowingTaskGroup(of: [LaunchEvent].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    try await db.withStore(create: false) { store in
                        let service = LaunchService(store: store)
                        let actor = LaunchActor(name: "writer-\(writer)", roles: ["Engineer"], admin: false)
                        var mine: [LaunchEvent] = []
                        for round in 0..<3 {
                            let command = LaunchCommand.markStep(step: open[(writer + round) % open.count], mark: marks[(writer + round) % marks.count], note: "w\(writer) r\(round)")
                            do {
                                mine += try await service.execute(command, on: launch, by: actor)
                            } catch {
                                // A refusal (already in that state) is fine; anything else is not.
                                guard case LaunchService.Failure.refused? = error as? LaunchService.Failure else { throw error }
                            }
                        }
                        return mine
                    }
                }
            }
            var all: [LaunchEvent] = []
            for try await events in group { all += events }
            return all
        }

        let stored = try await first.read(launch, from: 1)
        #expect(stored.map(\.seq) == Array(1...stored.count), "gapless from 1")
        #expect(EventChain.verify(stored) == nil)
        let bySeq = Dictionary(uniqueKeysWithValues: stored.map { ($0.seq, $0) })
        for event in acknowledged {
            #expect(bySeq[event.seq] == event, "acknowledged event \(event.seq) is stored as acknowledged")
        }
        #expect(acknowledged.count == stored.count - 1, "every stored event but the first was acknowledged to exactly one writer")
        #expect(Set(acknowledged.map(\.seq)).count == acknowledged.count)
        let joins = stored.filter { $0.type == "participant.added" }.map(\.actor)
        #expect(Set(joins).count == joins.count, "a writer that retried after a conflict did not join twice")

        // The projection agrees with the last mark of each step in the log.
        let state = try LaunchState.fold(stored)
        for step in open {
            let last = try stored.filter { $0.type == "step.marked" }.map { try $0.decode(StepMarked.self) }.last { $0.step == step }
            let expected: StepState? = last.map {
                switch $0.mark {
                case .done: .done
                case .skipped: .skipped
                case .failed: .failed
                case .blocked: .blocked
                case .reopened: .pending
                }
            }
            #expect(state.progress(of: step).state == expected ?? .pending)
        }
    }
}
