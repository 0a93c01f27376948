import Foundation
import LiftoffKit
import LiftoffStore
import Testing

/// An append with a `CredentialCheck` is written only while the token or session still names
/// the same user with the same rights, on both stores, whoever ended it (docs/server.md,
/// "Credentials on the write path").
@Suite struct CredentialCheckedAppendTests {
    static let note = EventDraft(actor: "pat", NoteAdded(text: "checked"))

    static func append(_ store: any EventStore, _ launch: Int64, _ credential: CredentialCheck) async throws -> [LaunchEvent] {
        let head = try #require(try await store.read(launch, from: 1).last)
        return try await store.append([note], to: launch, expectedSeq: head.seq, previousHash: head.hash, credential: credential)
    }

    static func expectEnded(_ store: any EventStore, _ launch: Int64, _ credential: CredentialCheck, _ why: Comment) async throws {
        let before = try await store.read(launch, from: 1).count
        do {
            _ = try await Self.append(store, launch, credential)
            Issue.record("written with an ended credential: \(why)")
        } catch let error as StoreError {
            #expect(error.kind == .credentialEnded, why)
        }
        #expect(try await store.read(launch, from: 1).count == before, "nothing written: \(why)")
    }

    @Test(arguments: StoreKind.allCases)
    func tokensThatEndedElsewhereWriteNothing(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, launch in
                let pat = try await store.addUser(NewUser(name: "pat", tokenSHA256: UserToken.sha256("pat-token"), roles: ["Release Manager"], admin: false, launch: launch))
                let lee = try await store.addUser(NewUser(name: "lee", tokenSHA256: UserToken.sha256("lee-token"), roles: [], admin: false, launch: nil))
                let patToken = CredentialCheck(kind: .token, sha256: UserToken.sha256("pat-token"), user: pat)
                #expect(try await Self.append(store, launch, patToken).count == 1)

                // The rights the write was decided on must be the ones the store holds.
                var promoted = pat
                promoted.admin = true
                try await Self.expectEnded(store, launch, CredentialCheck(kind: .token, sha256: patToken.sha256, user: promoted), "admin it does not have")
                var otherRoles = pat
                otherRoles.roles = ["Engineering Lead"]
                try await Self.expectEnded(store, launch, CredentialCheck(kind: .token, sha256: patToken.sha256, user: otherRoles), "roles it does not have")
                try await Self.expectEnded(store, launch, CredentialCheck(kind: .token, sha256: patToken.sha256, user: lee), "another user's token")

                // Rotated and revoked through another handle, as `liftoff user` in a terminal does.
                let rotatedElsewhere = try await db.withStore(create: false) { other in
                    try await other.rotateToken(of: pat.id, tokenSHA256: UserToken.sha256("pat-new"), expiresAt: nil)
                }
                #expect(rotatedElsewhere)
                try await Self.expectEnded(store, launch, patToken, "rotated")
                let rotated = CredentialCheck(kind: .token, sha256: UserToken.sha256("pat-new"), user: pat)
                #expect(try await Self.append(store, launch, rotated).count == 1)
                let revokedElsewhere = try await db.withStore(create: false) { other in try await other.revokeUser(pat.id) }
                #expect(revokedElsewhere)
                try await Self.expectEnded(store, launch, rotated, "revoked")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func expiredTokensAndEndedSessionsWriteNothing(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, launch in
                let ada = try await store.addUser(NewUser(name: "ada", tokenSHA256: UserToken.sha256("ada-token"), roles: ["Comms"], admin: true, launch: nil))
                let session = UserToken.sha256("ada-session")
                try await store.startSession(session, user: ada.id, expiresAt: Date().addingTimeInterval(3600))
                let viaSession = CredentialCheck(kind: .session, sha256: session, user: ada)
                #expect(try await Self.append(store, launch, viaSession).count == 1)
                try await db.withStore(create: false) { other in try await other.endSession(session) }
                try await Self.expectEnded(store, launch, viaSession, "logged out")

                // A token that expired after the server looked it up.
                let past = Date().addingTimeInterval(-1)
                let old = try await store.addUser(NewUser(name: "old", tokenSHA256: UserToken.sha256("old-token"), roles: [], admin: true, launch: nil, expiresAt: past))
                try await Self.expectEnded(store, launch, CredentialCheck(kind: .token, sha256: UserToken.sha256("old-token"), user: old), "expired")
                let stale = UserToken.sha256("stale-session")
                try await store.startSession(stale, user: ada.id, expiresAt: past)
                try await Self.expectEnded(store, launch, CredentialCheck(kind: .session, sha256: stale, user: ada), "session expired")
            }
        }
    }
}
