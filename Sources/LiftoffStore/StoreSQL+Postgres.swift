extension StoreSQL {
    /// PostgreSQL: `$n` parameters, `BIGSERIAL` ids. Times and payloads stay TEXT in their
    /// canonical form (not `timestamptz`/`jsonb`, which normalise) so a row hashes to its stored hash.
    /// The migrations table has a Liftoff name: a shared database may hold another program's.
    public static let postgres = StoreSQL(
        migrations: [
            Migration(version: 1, name: "launches, events, users", statements: [
                """
                CREATE TABLE launches (
                    id BIGSERIAL PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE events (
                    launch_id BIGINT NOT NULL REFERENCES launches(id),
                    seq BIGINT NOT NULL CHECK (seq >= 1),
                    time TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    PRIMARY KEY (launch_id, seq)
                )
                """,
                """
                CREATE TABLE users (
                    id BIGSERIAL PRIMARY KEY,
                    name TEXT NOT NULL,
                    token_sha256 TEXT NOT NULL UNIQUE,
                    roles TEXT NOT NULL,
                    admin BIGINT NOT NULL,
                    launch_id BIGINT REFERENCES launches(id),
                    created_at TEXT NOT NULL
                )
                """,
            ]),
            Migration(version: 2, name: "user ids behind tokens: expiry, revocation, sessions", statements: [
                "ALTER TABLE users ADD COLUMN expires_at TEXT",
                "ALTER TABLE users ADD COLUMN revoked_at TEXT",
                // Names were not unique before: the oldest holder keeps the name, later tokens
                // for it are revoked (they acted with the oldest one's rights).
                """
                UPDATE users SET revoked_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                WHERE EXISTS (SELECT 1 FROM users older WHERE older.name = users.name AND older.id < users.id)
                """,
                "CREATE UNIQUE INDEX users_active_name ON users (name) WHERE revoked_at IS NULL",
                """
                CREATE TABLE liftoff_sessions (
                    id_sha256 TEXT PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users(id),
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                )
                """,
                "CREATE INDEX liftoff_sessions_user ON liftoff_sessions (user_id)",
            ]),
            Migration(version: 3, name: "projection snapshots", statements: [
                """
                CREATE TABLE liftoff_snapshots (
                    launch_id BIGINT PRIMARY KEY REFERENCES launches(id),
                    version BIGINT NOT NULL,
                    seq BIGINT NOT NULL,
                    hash TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created_at TEXT NOT NULL
                )
                """,
            ]),
            Migration(version: 4, name: "slack user ids", statements: [
                // Who pressed a Slack button (docs/slack.md): one active user per Slack id.
                "ALTER TABLE users ADD COLUMN slack_id TEXT",
                "CREATE UNIQUE INDEX users_active_slack ON users (slack_id) WHERE slack_id IS NOT NULL AND revoked_at IS NULL",
            ]),
        ],
        createMigrationsTable: "CREATE TABLE IF NOT EXISTS liftoff_schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        appliedVersions: "SELECT version FROM liftoff_schema_migrations ORDER BY version",
        recordMigration: "INSERT INTO liftoff_schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        insertLaunch: "INSERT INTO launches (name, created_at) VALUES ($1, $2) RETURNING id",
        launchByName: "SELECT id FROM launches WHERE name = $1",
        launchExists: "SELECT id FROM launches WHERE id = $1",
        lastEvent: "SELECT seq, hash FROM events WHERE launch_id = $1 ORDER BY seq DESC LIMIT 1",
        insertEvent: "INSERT INTO events (launch_id, seq, time, actor, type, payload, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        eventsFrom: "SELECT launch_id, seq, time, actor, type, payload, hash FROM events WHERE launch_id = $1 AND seq >= $2 ORDER BY seq",
        listLaunches: """
            SELECT l.id, l.name, l.created_at, e.seq, e.type, e.time
            FROM launches l
            JOIN LATERAL (SELECT seq, type, time FROM events WHERE launch_id = l.id ORDER BY seq DESC LIMIT 1) e ON true
            ORDER BY l.id
            """,
        insertUser: "INSERT INTO users (name, token_sha256, roles, admin, launch_id, created_at, expires_at, slack_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        userByToken: "SELECT id, name, roles, admin, launch_id, expires_at FROM users WHERE token_sha256 = $1 AND revoked_at IS NULL",
        begin: "BEGIN",
        commit: "COMMIT",
        rollback: "ROLLBACK",
        launchRow: "SELECT id, name, created_at FROM launches WHERE id = $1",
        insertLaunchWithID: "INSERT INTO launches (id, name, created_at) VALUES ($1, $2, $3)",
        allUsers: "SELECT id, name, token_sha256, roles, admin, launch_id, created_at, expires_at, revoked_at, slack_id FROM users ORDER BY id",
        insertUserRecord: "INSERT INTO users (name, token_sha256, roles, admin, launch_id, created_at, expires_at, revoked_at, slack_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        users: UserSQL(
            nameTaken: "SELECT id FROM users WHERE name = $1",
            accounts: "SELECT id, name, roles, admin, launch_id, created_at, expires_at, revoked_at, slack_id FROM users ORDER BY id",
            revoke: "UPDATE users SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            rotate: "UPDATE users SET token_sha256 = $1, expires_at = $2 WHERE id = $3 AND revoked_at IS NULL",
            endUserSessions: "DELETE FROM liftoff_sessions WHERE user_id = $1",
            insertSession: "INSERT INTO liftoff_sessions (id_sha256, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
            sessionUser: """
                SELECT u.id, u.name, u.roles, u.admin, u.launch_id, u.expires_at, s.expires_at AS session_expires
                FROM liftoff_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.id_sha256 = $1 AND u.revoked_at IS NULL
                """,
            endSession: "DELETE FROM liftoff_sessions WHERE id_sha256 = $1",
            dropExpiredSessions: "DELETE FROM liftoff_sessions WHERE expires_at < $1",
            bySlack: "SELECT id, name, roles, admin, launch_id, expires_at FROM users WHERE slack_id = $1 AND revoked_at IS NULL",
            slackTaken: "SELECT id, name FROM users WHERE slack_id = $1 AND revoked_at IS NULL AND id <> $2",
            setSlack: "UPDATE users SET slack_id = $1 WHERE id = $2 AND revoked_at IS NULL"
        ),
        snapshots: SnapshotSQL(
            save: """
                INSERT INTO liftoff_snapshots (launch_id, version, seq, hash, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (launch_id) DO UPDATE SET version = excluded.version, seq = excluded.seq, hash = excluded.hash,
                    body = excluded.body, created_at = excluded.created_at
                """,
            latest: "SELECT version, seq, hash, body FROM liftoff_snapshots WHERE launch_id = $1"
        )
    )
}

/// Statements only PostgreSQL has.
enum PostgresSQL {
    /// The channel every append notifies, with `<launch>:<last seq>` as payload.
    static let channel = "liftoff_events"
    static let notify = "SELECT pg_notify('liftoff_events', $1)"
    /// Serialises appends to one launch: the row-lock variant of the append.
    static let lockLaunch = "SELECT id FROM launches WHERE id = $1 FOR UPDATE"
    /// Held for the migration transaction, so instances starting together migrate once.
    static let migrationLock = "SELECT pg_advisory_xact_lock(4992850291713460001)"
    /// Held while a user is added, so two writers cannot both find a name free.
    static let userLock = "SELECT pg_advisory_xact_lock(4992850291713460003)"
    /// Held while a launch is copied in, so two copies of one launch cannot interleave.
    static let copyLock = "SELECT pg_advisory_xact_lock(4992850291713460002)"
    static let migrationsTableExists = "SELECT to_regclass('liftoff_schema_migrations') IS NOT NULL AS present"
    static let liftoffTablesPresent = "SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('launches', 'events', 'users')"
    /// After copying launches with their ids, new launches must number after them.
    static let advanceLaunchIDs = "SELECT setval(pg_get_serial_sequence('launches', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM launches), 1))"
}
