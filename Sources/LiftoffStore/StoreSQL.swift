/// The SQL a relational event store runs, kept apart from the code that runs it so another
/// dialect (PostgreSQL: `$1` parameters, `BIGSERIAL`, `LISTEN/NOTIFY`) is a second value of this type.
public struct StoreSQL: Sendable {
    /// One schema step; applied in order inside a transaction and recorded in `schema_migrations`.
    public struct Migration: Sendable {
        public var version: Int
        public var name: String
        public var statements: [String]
    }

    public var migrations: [Migration]
    public var createMigrationsTable: String
    public var appliedVersions: String
    public var recordMigration: String
    public var insertLaunch: String
    public var launchByName: String
    public var launchExists: String
    public var lastEvent: String
    public var insertEvent: String
    public var eventsFrom: String
    public var listLaunches: String
    public var insertUser: String
    public var userByToken: String
    public var begin: String
    public var commit: String
    public var rollback: String
    /// For `db copy`: a launch's row, a launch inserted with its id, users with their tokens' hashes.
    public var launchRow: String
    public var insertLaunchWithID: String
    public var allUsers: String
    public var insertUserRecord: String
    /// Users by id, revocation, rotation and browser sessions (docs/server.md, "Participants and tokens").
    public var users: UserSQL
    public var snapshots: SnapshotSQL
}

/// One projection snapshot per launch (docs/storage.md, "Snapshots").
public struct SnapshotSQL: Sendable {
    /// Binds: launch, version, seq, hash, body, created_at; replaces the launch's snapshot.
    public var save: String
    public var latest: String
}

/// The statements behind user ids, revocation, rotation, expiry and server-side sessions.
public struct UserSQL: Sendable {
    /// Any user, revoked or not, holding a name: names are never reused, since launches know
    /// participants by name.
    public var nameTaken: String
    public var accounts: String
    public var revoke: String
    public var rotate: String
    public var endUserSessions: String
    public var insertSession: String
    public var sessionUser: String
    public var endSession: String
    public var dropExpiredSessions: String
    /// The active user mapped to a Slack user id (docs/slack.md).
    public var bySlack: String
    /// Binds: slack id, the user id that may keep it.
    public var slackTaken: String
    /// Binds: slack id or NULL, user id.
    public var setSlack: String
}
