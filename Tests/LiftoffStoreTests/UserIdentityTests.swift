import Foundation
import LiftoffKit
import LiftoffStore
import LiftoffTestSupport
import Testing

/// Finding 2: rights followed the name, not the token. A user is an id behind a token; names are
/// unique; tokens can be revoked, rotated and expire; sessions live in the store.
@Suite struct UserIdentityTests {
    static func user(_ name: String, _ token: String, admin: Bool = false, roles: [String] = [], expires: Date? = nil) -> NewUser {
        NewUser(name: name, tokenSHA256: UserToken.sha256(token), roles: roles, admin: admin, launch: nil, expiresAt: expires)
    }

    @Test(arguments: StoreKind.allCases)
    func aNameCarriesOneUserAndARevokedNameStaysTaken(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, _ in
                let ada = try await store.addUser(Self.user("ada", "ada-admin", admin: true))
                await #expect(throws: StoreError.self, "a second ada, with any rights, is refused") {
                    try await store.addUser(Self.user("ada", "ada-viewer", roles: ["viewer"]))
                }
                #expect(try await store.user(tokenSHA256: UserToken.sha256("ada-viewer")) == nil)
                #expect(try await store.user(tokenSHA256: UserToken.sha256("ada-admin"))?.id == ada.id)
                #expect(try await store.revokeUser(ada.id))
                #expect(try await store.revokeUser(ada.id) == false, "revoking twice changes nothing")
                #expect(try await store.user(tokenSHA256: UserToken.sha256("ada-admin")) == nil, "a revoked token does not work")
                await #expect(throws: StoreError.self, "nobody inherits a revoked name") {
                    try await store.addUser(Self.user("ada", "ada-again", admin: true))
                }
                let accounts = try await store.accounts()
                #expect(accounts.map(\.name) == ["ada"])
                #expect(accounts.first?.revokedAt != nil)
                #expect(try await store.rotateToken(of: ada.id, tokenSHA256: UserToken.sha256("new"), expiresAt: nil) == false,
                        "a revoked user gets no new token")
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func rotationReplacesTheTokenAndEndsSessions(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, _ in
                let lee = try await store.addUser(Self.user("lee", "old", roles: ["Engineering Lead"]))
                try await store.startSession(UserToken.sha256("session"), user: lee.id, expiresAt: Date().addingTimeInterval(3600))
                #expect(try await store.sessionUser(UserToken.sha256("session"))?.id == lee.id)
                #expect(try await store.rotateToken(of: lee.id, tokenSHA256: UserToken.sha256("new"), expiresAt: nil))
                #expect(try await store.user(tokenSHA256: UserToken.sha256("old")) == nil)
                let rotated = try await store.user(tokenSHA256: UserToken.sha256("new"))
                #expect(rotated?.id == lee.id && rotated?.roles == ["Engineering Lead"], "same user, same rights")
                #expect(try await store.sessionUser(UserToken.sha256("session")) == nil, "rotation ends the sessions")
                // Another handle (another server instance) sees it too.
                let elsewhere = try await db.withStore { (other: any EventStore) async throws -> StoredUser? in
                    try await other.sessionUser(UserToken.sha256("session"))
                }
                #expect(elsewhere == nil)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func sessionsEndAndExpireAndExpiredTokensDoNotWork(kind: StoreKind) async throws {
        try await kind.withDatabase { db in
            try await db.withLaunch { store, _ in
                let pat = try await store.addUser(Self.user("pat", "pat"))
                try await store.startSession(UserToken.sha256("s1"), user: pat.id, expiresAt: Date().addingTimeInterval(3600))
                try await store.startSession(UserToken.sha256("s2"), user: pat.id, expiresAt: Date().addingTimeInterval(-1))
                #expect(try await store.sessionUser(UserToken.sha256("s1"))?.name == "pat")
                #expect(try await store.sessionUser(UserToken.sha256("s2")) == nil, "an expired session")
                try await db.withStore { other in try await other.endSession(UserToken.sha256("s1")) }
                #expect(try await store.sessionUser(UserToken.sha256("s1")) == nil, "ended on one instance, ended on all")

                let old = try await store.addUser(Self.user("old", "old", expires: Date().addingTimeInterval(-60)))
                #expect(try await store.user(tokenSHA256: UserToken.sha256("old")) == nil, "an expired token does not work")
                let soon = try await store.addUser(Self.user("soon", "soon", expires: Date().addingTimeInterval(3600)))
                #expect(try await store.user(tokenSHA256: UserToken.sha256("soon"))?.id == soon.id)
                #expect(try await store.accounts().first { $0.id == old.id }?.standing(at: Date()) == "expired")
            }
        }
    }

    /// A database from before names were unique: the oldest holder of a name keeps it, later
    /// tokens under that name (which acted with the oldest one's rights) are revoked.
    @Test func upgradingRevokesLaterHoldersOfADuplicateName() async throws {
        guard let sqlite3 = TestEnvironment.sqlite3 else { return TestEnvironment.unavailable("sqlite3") }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v1.db").path
        let v1 = StoreSQL.sqlite.migrations[0].statements.joined(separator: ";\n") + """
            ;
            CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
            INSERT INTO schema_migrations VALUES (1, 'launches, events, users', '2026-11-01T00:00:00.000Z');
            INSERT INTO users (name, token_sha256, roles, admin, launch_id, created_at) VALUES
              ('ada', '\(UserToken.sha256("first"))', '[]', 1, NULL, '2026-11-01T00:00:00.000Z'),
              ('ada', '\(UserToken.sha256("second"))', '["viewer"]', 0, NULL, '2026-11-02T00:00:00.000Z'),
              ('lee', '\(UserToken.sha256("lee"))', '[]', 0, NULL, '2026-11-02T00:00:00.000Z');
            PRAGMA application_id = \(SQLiteEventStore.applicationID);
            """
        let made = try TestEnvironment.run(sqlite3, [path, v1])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try await SQLiteEventStore.migrate(path: path) == [2, 3, 4])
        let store = try await SQLiteEventStore.open(path: path, create: false)
        #expect(try await store.user(tokenSHA256: UserToken.sha256("first"))?.admin == true)
        #expect(try await store.user(tokenSHA256: UserToken.sha256("second")) == nil)
        #expect(try await store.user(tokenSHA256: UserToken.sha256("lee"))?.name == "lee")
        #expect(try await store.accounts().map { $0.revokedAt != nil } == [false, true, false])
        await store.close()
    }

    @Test func upgradingAPostgresDatabaseRevokesLaterHoldersOfADuplicateName() async throws {
        try await StoreKind.postgres.withDatabase { db in
            guard case .postgres(let url) = db.location else { return }
            let setup = StoreSQL.postgres.migrations[0].statements + [
                StoreSQL.postgres.createMigrationsTable,
                "INSERT INTO liftoff_schema_migrations VALUES (1, 'launches, events, users', '2026-11-01T00:00:00.000Z')",
                """
                INSERT INTO users (name, token_sha256, roles, admin, launch_id, created_at) VALUES
                  ('ada', '\(UserToken.sha256("first"))', '[]', 1, NULL, '2026-11-01T00:00:00.000Z'),
                  ('ada', '\(UserToken.sha256("second"))', '["viewer"]', 0, NULL, '2026-11-02T00:00:00.000Z')
                """,
            ]
            for statement in setup { try await TestPostgres.execute(statement, on: url) }
            #expect(try await db.location.migrate() == [2, 3, 4])
            try await db.withStore(create: false) { store in
                #expect(try await store.user(tokenSHA256: UserToken.sha256("first"))?.admin == true)
                #expect(try await store.user(tokenSHA256: UserToken.sha256("second")) == nil)
                let revoked = try await store.accounts().map(\.revokedAt)
                #expect(revoked.count == 2 && revoked[0] == nil && revoked[1] != nil, "revoked at a canonical time: \(revoked)")
            }
        }
    }

    // MARK: The CLI

    /// The finding as reported: a second "ada" token with the viewer role acted with the first
    /// ada's admin rights. Now the second ada is refused, and says what to do instead.
    @Test func aSecondUserOfTheSameNameIsRefused() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let cli = CLI(dir: dir) else { return }
        _ = try cli.addUser("ada", roles: [], admin: true)
        let second = try TestEnvironment.run(cli.binary, ["user", "add", "ada", "--role", "viewer"], environment: ["LIFTOFF_DB": cli.db])
        #expect(second.status != 0)
        #expect(second.stdout.isEmpty, "no token printed")
        #expect(second.stderr.contains("already a user named 'ada'") && second.stderr.contains("liftoff user rotate ada"), "\(second.stderr)")
    }

    /// `user add --slack`, `user update --slack / --no-slack` and `user list` (docs/slack.md).
    @Test func slackUsersAreMappedAddedUpdatedClearedAndListed() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let cli = CLI(dir: dir) else { return }
        func user(_ args: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            let r = try TestEnvironment.run(cli.binary, ["user"] + args, environment: ["LIFTOFF_DB": cli.db])
            return (r.status, r.stdout, r.stderr)
        }
        #expect(try user("add", "lee", "--role", "Engineering Lead", "--slack", "U0123LEE").status == 0)
        #expect(try user("add", "pat", "--role", "Product Owner").status == 0)
        let bad = try user("add", "sam", "--slack", "lee@example.com")
        #expect(bad.status == 2 && bad.stderr.contains("not a Slack user id"), "\(bad.stderr)")
        let taken = try user("update", "pat", "--slack", "U0123LEE")
        #expect(taken.status != 0 && taken.stderr.contains("already mapped to 'lee'"), "\(taken.stderr)")
        #expect(try user("update", "pat", "--slack", "U0456PAT").status == 0)
        #expect(try user("update", "lee", "--no-slack").status == 0)
        #expect(try user("update", "lee").status == 2, "one of --slack or --no-slack")

        let list = try user("list", "--format", "json")
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.first { $0["name"] as? String == "pat" }?["slack"] as? String == "U0456PAT")
        #expect(rows.first { $0["name"] as? String == "lee" }?["slack"] is NSNull)
        #expect(try user("list").stdout.contains("slack U0456PAT"))
    }

    @Test func listRotateRevokeAndExpiry() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let cli = CLI(dir: dir) else { return }
        let e = TestEnvironment.example("go-live")
        let created = try cli.run("launch", "create", e.runbook, "--vars", e.vars, "--at", "2026-12-01T09:00", "--tz", "Europe/Oslo", "--name", "x", "--mode", "rehearsal")
        #expect(created.status == 0, "\(created.stderr)")
        let old = try cli.addUser("ada", roles: [], admin: true)
        let expiring = try TestEnvironment.run(cli.binary, ["user", "add", "ops", "--role", "viewer", "--expires", "30d"], environment: ["LIFTOFF_DB": cli.db])
        #expect(expiring.status == 0, "\(expiring.stderr)")
        let bad = try TestEnvironment.run(cli.binary, ["user", "add", "x", "--expires", "soon"], environment: ["LIFTOFF_DB": cli.db])
        #expect(bad.status == 2)

        let list = try cli.run("user", "list", "--format", "json")
        #expect(list.status == 0, "\(list.stderr)")
        #expect(!list.stdout.contains(old) && !list.stdout.contains(UserToken.sha256(old)), "never the token nor its hash")
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.map { $0["name"] as? String } == ["ada", "ops"])
        #expect(rows.last?["expiresAt"] is String && rows.first?["expiresAt"] is NSNull)
        #expect(rows.first?["state"] as? String == "active")

        #expect(try cli.run("note", "add", "1", "before", token: old).status == 0)
        let rotated = try cli.run("user", "rotate", "ada")
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let new = rotated.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(new.count == 43 && new != old)
        let withOld = try cli.run("note", "add", "1", "after", token: old)
        #expect(withOld.status != 0, "the old token stops working")
        #expect(try cli.run("note", "add", "1", "after", token: new).status == 0)

        let adaID = "\(rows.first?["id"] as? Int ?? 0)"
        let revoked = try cli.run("user", "revoke", adaID)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(try cli.run("note", "add", "1", "revoked", token: new).status != 0, "a revoked token stops working")
        let text = try cli.run("user", "list")
        #expect(text.stdout.contains("revoked"), "\(text.stdout)")
        #expect(try cli.run("user", "rotate", "ada").status != 0, "revocation is final")
        #expect(try cli.run("user", "revoke", "nobody").status == 2)
    }
}
