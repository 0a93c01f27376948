import Foundation
import LiftoffKit
import LiftoffStore
import Testing

@Suite struct SQLiteEventStoreTests {
    @Test func appendsAreGaplessChainedAndReadBack() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let (store, launch) = try await TestEnvironment.storeWithLaunch(dir)
        let note = EventDraft(actor: "lee", NoteAdded(text: "war room open"))
        let written = try await store.append([note, note], to: launch, expectedSeq: 1)
        #expect(written.map(\.seq) == [2, 3])
        let all = try await store.read(launch, from: 1)
        #expect(all == (try await store.read(launch, from: 1)))
        #expect(all.map(\.seq) == [1, 2, 3])
        #expect(Array(all.dropFirst()) == written)
        #expect(EventChain.verify(all) == nil)
        #expect(try await store.read(launch, from: 3).map(\.seq) == [3])
        await store.close()
    }

    @Test func staleExpectedSeqIsAConflictAndWritesNothing() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let (store, launch) = try await TestEnvironment.storeWithLaunch(dir)
        let note = EventDraft(actor: "lee", NoteAdded(text: "x"))
        _ = try await store.append([note], to: launch, expectedSeq: 1)
        await #expect(throws: StoreError.self) { try await store.append([note], to: launch, expectedSeq: 1) }
        do {
            _ = try await store.append([note], to: launch, expectedSeq: 1)
        } catch {
            #expect(error.kind == .conflict(current: 2))
        }
        #expect(try await store.read(launch, from: 1).count == 2)
        await store.close()
    }

    @Test func launchesAreListedWithTheirLatestEvent() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let (store, launch) = try await TestEnvironment.storeWithLaunch(dir)
        _ = try await store.append([EventDraft(actor: "lee", NoteAdded(text: "x"))], to: launch, expectedSeq: 1)
        let list = try await store.launches()
        #expect(list.map(\.name) == ["checkout-v2"])
        #expect(list.first?.lastSeq == 2)
        #expect(list.first?.lastType == "note.added")
        await store.close()
    }

    @Test func subscriptionDeliversEventsAppendedLater() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let (store, launch) = try await TestEnvironment.storeWithLaunch(dir)
        let stream = store.subscribe(launch, from: 2)
        _ = try await store.append([EventDraft(actor: "lee", NoteAdded(text: "one"))], to: launch, expectedSeq: 1)
        _ = try await store.append([EventDraft(actor: "lee", NoteAdded(text: "two"))], to: launch, expectedSeq: 2)
        var seen: [Int] = []
        for try await event in stream {
            seen.append(event.seq)
            if seen.count == 2 { break }
        }
        #expect(seen == [2, 3])
        await store.close()
    }

    @Test func tokensAreStoredOnlyAsTheirHash() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let (store, _) = try await TestEnvironment.storeWithLaunch(dir)
        let token = UserToken.generate()
        #expect(token.count == 43)
        #expect(!token.contains("=") && !token.contains("+") && !token.contains("/"))
        _ = try await store.addUser(NewUser(name: "pat", tokenSHA256: UserToken.sha256(token), roles: ["Product Owner"], admin: false, launch: 1))
        let user = try await store.user(tokenSHA256: UserToken.sha256(token))
        #expect(user?.name == "pat")
        #expect(user?.roles == ["Product Owner"])
        #expect(user?.launch == 1)
        #expect(try await store.user(tokenSHA256: UserToken.sha256("guess")) == nil)
        await store.close()
        let bytes = try Data(contentsOf: dir.appendingPathComponent("l.db"))
            + ((try? Data(contentsOf: dir.appendingPathComponent("l.db-wal"))) ?? Data())
        #expect(bytes.range(of: Data(token.utf8)) == nil, "the token itself never reaches the file")
    }

    @Test func reopeningAppliesNoMigrationTwice() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let (store, launch) = try await TestEnvironment.storeWithLaunch(dir)
        await store.close()
        let again = try await SQLiteEventStore.open(path: dir.appendingPathComponent("l.db").path, create: false)
        #expect(try await again.read(launch, from: 1).count == 1)
        await again.close()
    }

    @Test func missingDatabaseIsNotCreatedUnlessAsked() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let path = dir.appendingPathComponent("none.db").path
        await #expect(throws: StoreError.self) { try await SQLiteEventStore.open(path: path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
