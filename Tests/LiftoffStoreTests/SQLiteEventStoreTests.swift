import Foundation
import LiftoffKit
import LiftoffStore
import Testing

/// What only the SQLite store does: one file, recognised and left alone when foreign.
/// (The behaviour both stores share is in `EventStoreContractTests`.)
@Suite struct SQLiteEventStoreTests {
    @Test func tokensNeverReachTheFile() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let (store, _) = try await TestEnvironment.storeWithLaunch(dir)
        let token = UserToken.generate()
        #expect(!token.contains("=") && !token.contains("+") && !token.contains("/"))
        _ = try await store.addUser(NewUser(name: "pat", tokenSHA256: UserToken.sha256(token), roles: ["Product Owner"], admin: false, launch: 1))
        #expect(try await store.user(tokenSHA256: UserToken.sha256(token))?.name == "pat")
        await store.close()
        let bytes = try Data(contentsOf: dir.appendingPathComponent("l.db"))
            + ((try? Data(contentsOf: dir.appendingPathComponent("l.db-wal"))) ?? Data())
        #expect(bytes.range(of: Data(token.utf8)) == nil, "the token itself never reaches the file")
    }

    @Test func missingDatabaseIsNotCreatedUnlessAsked() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let path = dir.appendingPathComponent("none.db").path
        await #expect(throws: StoreError.self) { try await SQLiteEventStore.open(path: path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A caller that throws before `close()` drops the store: it closes itself rather than
    /// tripping sqlite-nio's assertion (which would take the whole process down).
    @Test func aStoreDroppedWithoutClosingClosesItself() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let path = dir.appendingPathComponent("dropped.db").path
        for _ in 0..<3 {
            let store = try await SQLiteEventStore.open(path: path, create: true)
            #expect(try await store.launches().isEmpty)
        }
        try await Task.sleep(for: .milliseconds(200))
        let store = try await SQLiteEventStore.open(path: path, create: false)
        #expect(try await store.launches().isEmpty)
        await store.close()
        await store.close()
    }
}
