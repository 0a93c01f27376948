import Foundation
import LiftoffKit
@testable import LiftoffServer
import LiftoffStore
import NIOHTTP1
import Testing

/// A launch command may be answered from the credentials the server saw before, because its
/// append is written only while the credential still holds (docs/server.md, "Credentials on the
/// write path"). Ended elsewhere — another process or instance on the same database — a token or
/// session writes nothing from the next command on, and every read asks the store afresh.
@Suite struct CredentialCacheTests {
    /// The other process: its own handle on the server's database file.
    static func elsewhere<T: Sendable>(_ server: TestServer, _ body: (SQLiteEventStore) async throws -> T) async throws -> T {
        let other = try await SQLiteEventStore.open(path: server.directory.appendingPathComponent("l.db").path, create: false)
        do {
            let result = try await body(other)
            await other.close()
            return result
        } catch {
            await other.close()
            throw error
        }
    }

    static func id(of name: String, in store: SQLiteEventStore) async throws -> Int64 {
        try #require(try await store.accounts().first { $0.name == name }?.id)
    }

    /// Commands whose bodies are valid and would append for an Engineering Lead.
    static func commands(_ launch: Int64) -> [(String, JSONValue)] {
        [("/api/v1/launches/\(launch)/notes", .object(["text": .string("still here?")])),
         ("/api/v1/launches/\(launch)/defects", .object(["text": .string("a defect"), "severity": .string("low")])),
         ("/api/v1/launches/\(launch)/hold", .object(["reason": .string("hold it")]))]
    }

    @Test func aTokenRevokedOrRotatedElsewhereWritesNothing() async throws {
        try await TestServer.with { server in
            for (path, body) in Self.commands(server.launch) {
                let first = try await server.request(.POST, path, token: server.tokens.lead, json: body)
                #expect(first.status == 201, "\(path): \(first.body)")
            }
            #expect(try await server.request(.POST, "/api/v1/launches/\(server.launch)/resume", token: server.tokens.lead,
                                             json: .object(["note": .string("go on")])).status == 201)
            // Rotated in another process: the old token's next command is refused and writes nothing.
            let rotated = try await Self.elsewhere(server) { other in
                try await other.rotateToken(of: try await Self.id(of: "lee", in: other), tokenSHA256: UserToken.sha256("lee-rotated"), expiresAt: nil)
            }
            #expect(rotated)
            let before = try await server.store.read(server.launch, from: 1).count
            for (path, body) in Self.commands(server.launch) {
                let reply = try await server.request(.POST, path, token: server.tokens.lead, json: body)
                #expect(reply.status == 401, "\(path): \(reply.body)")
                #expect(reply.json?["error"]?["code"]?.stringValue == "unauthenticated")
            }
            #expect(try await server.store.read(server.launch, from: 1).count == before, "nothing written after the rotation")
            #expect(try await server.request(.GET, "/api/v1/launches/\(server.launch)", token: server.tokens.lead).status == 401)

            // Revoked in another process, right after a command warmed the cache.
            let note = Self.commands(server.launch)[0]
            #expect(try await server.request(.POST, note.0, token: server.tokens.owner, json: note.1).status == 201)
            let revokedElsewhere = try await Self.elsewhere(server) { other in
                try await other.revokeUser(try await Self.id(of: "pat", in: other))
            }
            #expect(revokedElsewhere)
            let count = try await server.store.read(server.launch, from: 1).count
            let revoked = try await server.request(.POST, note.0, token: server.tokens.owner, json: note.1)
            #expect(revoked.status == 401, "\(revoked.body)")
            #expect(try await server.store.read(server.launch, from: 1).count == count, "nothing written after the revocation")
            // A user who still holds a token keeps writing.
            #expect(try await server.request(.POST, note.0, token: server.tokens.admin, json: note.1).status == 201)
        }
    }

    @Test func aSessionEndedElsewhereWritesNothing() async throws {
        try await TestServer.with { server in
            let cookie = try await SessionTests.login(server, token: server.tokens.lead)
            let csrf = server.services.sessions.csrfToken(forSession: cookie)
            let headers = [("Cookie", "liftoff_session=\(cookie)"), ("X-CSRF-Token", csrf)]
            let (path, body) = Self.commands(server.launch)[0]
            #expect(try await server.request(.POST, path, json: body, headers: headers).status == 201)
            let session = try #require(server.services.sessions.verify(cookie: cookie, now: Date()))
            try await Self.elsewhere(server) { other in try await other.endSession(UserToken.sha256(session)) }
            let before = try await server.store.read(server.launch, from: 1).count
            let reply = try await server.request(.POST, path, json: body, headers: headers)
            #expect(reply.status == 401, "\(reply.body)")
            #expect(try await server.store.read(server.launch, from: 1).count == before, "nothing written after the logout elsewhere")
        }
    }

    @Test func onlyLaunchCommandsAreAnsweredFromTheCache() {
        #expect(LaunchRouteGroup.isCommand(method: .post, path: "/api/v1/launches/12/notes"))
        #expect(!LaunchRouteGroup.isCommand(method: .get, path: "/api/v1/launches/12/notes"))
        #expect(!LaunchRouteGroup.isCommand(method: .post, path: "/api/v1/launches"))
        #expect(!LaunchRouteGroup.isCommand(method: .post, path: "/api/v1/launches/12"))
        #expect(!LaunchRouteGroup.isCommand(method: .post, path: "/api/v1/launches/x/notes"))
        #expect(!LaunchRouteGroup.isCommand(method: .post, path: "/api/v1/launches//notes"))
        #expect(!LaunchRouteGroup.isCommand(method: .post, path: "/api/v1/launches/12/notes/more"))
        #expect(!LaunchRouteGroup.isCommand(method: .post, path: "/api/v1/launches/12/"))
        #expect(!LaunchRouteGroup.isCommand(method: .post, path: "/api/v1/alerts"))
    }
}
