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
}
