extension StoreSQL {
    /// SQLite: `?` parameters; `BEGIN IMMEDIATE` takes the write lock up front so two writers
    /// never both read the same last seq.
    public static let sqlite = StoreSQL(
        migrations: [
            Migration(version: 1, name: "launches, events, users", statements: [
                """
                CREATE TABLE launches (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE events (
                    launch_id INTEGER NOT NULL REFERENCES launches(id),
                    seq INTEGER NOT NULL CHECK (seq >= 1),
                    time TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    PRIMARY KEY (launch_id, seq)
                ) WITHOUT ROWID
                """,
                """
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    token_sha256 TEXT NOT NULL UNIQUE,
                    roles TEXT NOT NULL,
                    admin INTEGER NOT NULL,
                    launch_id INTEGER REFERENCES launches(id),
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
                UPDATE users SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                WHERE EXISTS (SELECT 1 FROM users older WHERE older.name = users.name AND older.id < users.id)
                """,
                "CREATE UNIQUE INDEX users_active_name ON users (name) WHERE revoked_at IS NULL",
                """
                CREATE TABLE liftoff_sessions (
                    id_sha256 TEXT PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users(id),
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                )
                """,
                "CREATE INDEX liftoff_sessions_user ON liftoff_sessions (user_id)",
            ]),
            Migration(version: 3, name: "projection snapshots", statements: [
                """
                CREATE TABLE liftoff_snapshots (
                    launch_id INTEGER PRIMARY KEY REFERENCES launches(id),
                    version INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
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
        createMigrationsTable: "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        appliedVersions: "SELECT version FROM schema_migrations ORDER BY version",
        recordMigration: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        insertLaunch: "INSERT INTO launches (name, created_at) VALUES (?, ?) RETURNING id",
        launchByName: "SELECT id FROM launches WHERE name = ?",
        launchExists: "SELECT id FROM launches WHERE id = ?",
        lastEvent: "SELECT seq, hash FROM events WHERE launch_id = ? ORDER BY seq DESC LIMIT 1",
        insertEvent: "INSERT INTO events (launch_id, seq, time, actor, type, payload, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        eventsFrom: "SELECT launch_id, seq, time, actor, type, payload, hash FROM events WHERE launch_id = ? AND seq >= ? ORDER BY seq",
        listLaunches: """
            SELECT l.id, l.name, l.created_at, e.seq, e.type, e.time
            FROM launches l JOIN events e ON e.launch_id = l.id
            WHERE e.seq = (SELECT MAX(seq) FROM events WHERE launch_id = l.id)
            ORDER BY l.id
            """,
        insertUser: "INSERT INTO users (name, token_sha256, roles, admin, launch_id, created_at, expires_at, slack_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        userByToken: "SELECT id, name, roles, admin, launch_id, expires_at FROM users WHERE token_sha256 = ? AND revoked_at IS NULL",
        begin: "BEGIN IMMEDIATE",
        commit: "COMMIT",
        rollback: "ROLLBACK",
        launchRow: "SELECT id, name, created_at FROM launches WHERE id = ?",
        insertLaunchWithID: "INSERT INTO launches (id, name, created_at) VALUES (?, ?, ?)",
        allUsers: "SELECT id, name, token_sha256, roles, admin, launch_id, created_at, expires_at, revoked_at, slack_id FROM users ORDER BY id",
        insertUserRecord: "INSERT INTO users (name, token_sha256, roles, admin, launch_id, created_at, expires_at, revoked_at, slack_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        users: UserSQL(
            nameTaken: "SELECT id FROM users WHERE name = ?",
            accounts: "SELECT id, name, roles, admin, launch_id, created_at, expires_at, revoked_at, slack_id FROM users ORDER BY id",
            revoke: "UPDATE users SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            rotate: "UPDATE users SET token_sha256 = ?, expires_at = ? WHERE id = ? AND revoked_at IS NULL",
            endUserSessions: "DELETE FROM liftoff_sessions WHERE user_id = ?",
            insertSession: "INSERT INTO liftoff_sessions (id_sha256, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            sessionUser: """
                SELECT u.id, u.name, u.roles, u.admin, u.launch_id, u.expires_at, s.expires_at AS session_expires
                FROM liftoff_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.id_sha256 = ? AND u.revoked_at IS NULL
                """,
            endSession: "DELETE FROM liftoff_sessions WHERE id_sha256 = ?",
            dropExpiredSessions: "DELETE FROM liftoff_sessions WHERE expires_at < ?",
            bySlack: "SELECT id, name, roles, admin, launch_id, expires_at FROM users WHERE slack_id = ? AND revoked_at IS NULL",
            slackTaken: "SELECT id, name FROM users WHERE slack_id = ? AND revoked_at IS NULL AND id <> ?",
            setSlack: "UPDATE users SET slack_id = ? WHERE id = ? AND revoked_at IS NULL"
        ),
        snapshots: SnapshotSQL(
            save: """
                INSERT INTO liftoff_snapshots (launch_id, version, seq, hash, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (launch_id) DO UPDATE SET version = excluded.version, seq = excluded.seq, hash = excluded.hash,
                    body = excluded.body, created_at = excluded.created_at
                """,
            latest: "SELECT version, seq, hash, body FROM liftoff_snapshots WHERE launch_id = ?"
        )
    )
}
