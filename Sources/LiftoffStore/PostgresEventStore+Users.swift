import Foundation
import LiftoffKit
import PostgresNIO

extension PostgresEventStore {
    public func addUser(_ user: NewUser) async throws(StoreError) -> StoredUser {
        let sql = self.sql
        let now = CanonicalTime.string(clock())
        let launch: PostgresValue = user.launch.map { .int($0) } ?? .null
        let id = try await transaction { (c) throws(StoreError) -> Int64 in
            if let l = user.launch, try await rows(sql.launchExists, [.int(l)], on: c).isEmpty {
                throw StoreError(.launchNotFound, "no launch \(l)", hint: "liftoff launch list shows the launches")
            }
            try await exec(PostgresSQL.userLock, on: c)
            if let holder = try await rows(sql.users.nameTaken, [.text(user.name)], on: c).first?.int64("id") {
                throw UserRules.nameTaken(user.name, by: holder)
            }
            if let slack = user.slackID, let holder = try await rows(sql.users.slackTaken, [.text(slack), .int(0)], on: c).first {
                throw UserRules.slackTaken(slack, by: holder.string("name") ?? "?", id: holder.int64("id") ?? 0)
            }
            let row = try await rows(sql.insertUser, [.text(user.name), .text(user.tokenSHA256), .text(ImportRules.rolesText(user.roles)),
                                                      .int(user.admin ? 1 : 0), launch, .text(now), Self.time(user.expiresAt),
                                                      user.slackID.map { .text($0) } ?? .null], on: c)
            guard let id = row.first?.int64("id") else { throw StoreError(.database, "the database did not return the new user's id") }
            return id
        }
        return StoredUser(id: id, name: user.name, roles: user.roles, admin: user.admin, launch: user.launch, expiresAt: user.expiresAt)
    }

    public func user(tokenSHA256: String) async throws(StoreError) -> StoredUser? {
        try await rows(sql.userByToken, [.text(tokenSHA256)]).first.flatMap { storedUser($0) }
    }

    public func accounts() async throws(StoreError) -> [UserAccount] {
        try await rows(sql.users.accounts).compactMap { row in
            guard let id = row.int64("id"), let name = row.string("name") else { return nil }
            return UserAccount(id: id, name: name, roles: ImportRules.roles(row.string("roles") ?? "[]"), admin: row.int("admin") == 1,
                               launch: row.int64("launch_id"), createdAt: UserRules.time(row.string("created_at")) ?? Date(timeIntervalSince1970: 0),
                               expiresAt: UserRules.time(row.string("expires_at")), revokedAt: UserRules.time(row.string("revoked_at")),
                               slackID: row.string("slack_id"))
        }
    }

    public func revokeUser(_ id: Int64) async throws(StoreError) -> Bool {
        let sql = self.sql
        let now = CanonicalTime.string(clock())
        return try await transaction { (c) throws(StoreError) -> Bool in
            let revoked = try await rows(sql.users.revoke + " RETURNING id", [.text(now), .int(id)], on: c)
            try await exec(sql.users.endUserSessions, [.int(id)], on: c)
            return !revoked.isEmpty
        }
    }

    public func rotateToken(of id: Int64, tokenSHA256: String, expiresAt: Date?) async throws(StoreError) -> Bool {
        let sql = self.sql
        return try await transaction { (c) throws(StoreError) -> Bool in
            let rotated = try await rows(sql.users.rotate + " RETURNING id", [.text(tokenSHA256), Self.time(expiresAt), .int(id)], on: c)
            try await exec(sql.users.endUserSessions, [.int(id)], on: c)
            return !rotated.isEmpty
        }
    }

    public func user(slackID: String) async throws(StoreError) -> StoredUser? {
        try await rows(sql.users.bySlack, [.text(slackID)]).first.flatMap { storedUser($0) }
    }

    public func setSlackID(_ slackID: String?, of id: Int64) async throws(StoreError) -> Bool {
        let sql = self.sql
        return try await transaction { (c) throws(StoreError) -> Bool in
            try await exec(PostgresSQL.userLock, on: c)
            if let slackID, let holder = try await rows(sql.users.slackTaken, [.text(slackID), .int(id)], on: c).first {
                throw UserRules.slackTaken(slackID, by: holder.string("name") ?? "?", id: holder.int64("id") ?? 0)
            }
            let value: PostgresValue = slackID.map { .text($0) } ?? .null
            let updated = try await rows(sql.users.setSlack + " RETURNING id", [value, .int(id)], on: c)
            return !updated.isEmpty
        }
    }

    public func startSession(_ sessionSHA256: String, user: Int64, expiresAt: Date) async throws(StoreError) {
        let sql = self.sql
        let now = CanonicalTime.string(clock())
        try await transaction { (c) throws(StoreError) in
            try await exec(sql.users.dropExpiredSessions, [.text(now)], on: c)
            try await exec(sql.users.insertSession, [.text(sessionSHA256), .int(user), .text(now), .text(CanonicalTime.string(expiresAt))], on: c)
        }
    }

    public func sessionUser(_ sessionSHA256: String) async throws(StoreError) -> StoredUser? {
        guard let row = try await rows(sql.users.sessionUser, [.text(sessionSHA256)]).first,
              UserRules.live(row.string("session_expires"), now: clock()) else { return nil }
        return storedUser(row)
    }

    public func endSession(_ sessionSHA256: String) async throws(StoreError) {
        try await exec(sql.users.endSession, [.text(sessionSHA256)])
    }

    /// A user row, or nil when its token has expired.
    func storedUser(_ row: PostgresRandomAccessRow) -> StoredUser? {
        guard let id = row.int64("id"), let name = row.string("name") else { return nil }
        let expires = row.string("expires_at")
        guard UserRules.live(expires, now: clock()) else { return nil }
        return StoredUser(id: id, name: name, roles: ImportRules.roles(row.string("roles") ?? "[]"), admin: row.int("admin") == 1,
                          launch: row.int64("launch_id"), expiresAt: UserRules.time(expires))
    }

    static func time(_ date: Date?) -> PostgresValue {
        date.map { .text(CanonicalTime.string($0)) } ?? .null
    }

    // MARK: db copy

    public func launchRecord(_ id: Int64) async throws(StoreError) -> LaunchRecord? {
        try await rows(sql.launchRow, [.int(id)]).first.map(Self.launchRecord)
    }

    static func launchRecord(_ row: PostgresRandomAccessRow) -> LaunchRecord {
        LaunchRecord(id: row.int64("id") ?? 0, name: row.string("name") ?? "",
                     createdAt: CanonicalTime.parse(row.string("created_at") ?? "") ?? Date(timeIntervalSince1970: 0))
    }

    public func importLaunch(_ launch: LaunchRecord, events: [LaunchEvent]) async throws(StoreError) -> ImportOutcome {
        try ImportRules.validate(launch, events)
        let sql = self.sql
        let location = self.location
        return try await transaction { (c) throws(StoreError) -> ImportOutcome in
            // One copy at a time, so two copies of one launch cannot interleave.
            try await exec(PostgresSQL.copyLock, on: c)
            if let present = try await rows(sql.launchRow, [.int(launch.id)], on: c).first.map(Self.launchRecord) {
                let presentEvents = try await rows(sql.eventsFrom, [.int(launch.id), .int(1)], on: c).map(Self.event)
                return try ImportRules.existing(present, presentEvents, incoming: launch, events, at: location)
            }
            if let other = try await rows(sql.launchByName, [.text(launch.name)], on: c).first?.int64("id") {
                throw ImportRules.nameTaken(launch.name, by: other, incoming: launch.id, at: location)
            }
            try await exec(sql.insertLaunchWithID, [.int(launch.id), .text(launch.name), .text(CanonicalTime.string(launch.createdAt))], on: c)
            try await exec(PostgresSQL.advanceLaunchIDs, on: c)
            for event in events { try await insert(event, on: c) }
            if let newest = events.last { try await notify(newest, on: c) }
            return .copied
        }
    }

    public func users() async throws(StoreError) -> [UserRecord] {
        try await rows(sql.allUsers).map { row in
            UserRecord(user: NewUser(name: row.string("name") ?? "", tokenSHA256: row.string("token_sha256") ?? "",
                                     roles: ImportRules.roles(row.string("roles") ?? "[]"), admin: row.int("admin") == 1, launch: row.int64("launch_id"),
                                     expiresAt: UserRules.time(row.string("expires_at")), slackID: row.string("slack_id")),
                       createdAt: CanonicalTime.parse(row.string("created_at") ?? "") ?? Date(timeIntervalSince1970: 0),
                       revokedAt: UserRules.time(row.string("revoked_at")))
        }
    }

    public func importUser(_ record: UserRecord) async throws(StoreError) -> ImportOutcome {
        if let present = try await users().first(where: { $0.user.tokenSHA256 == record.user.tokenSHA256 }) {
            return try ImportRules.user(present, incoming: record, at: location)
        }
        let u = record.user
        let sql = self.sql
        try await transaction { (c) throws(StoreError) in
            try await exec(PostgresSQL.userLock, on: c)
            if let holder = try await rows(sql.users.nameTaken, [.text(u.name)], on: c).first?.int64("id") {
                throw UserRules.nameTaken(u.name, by: holder)
            }
            try await exec(sql.insertUserRecord, [.text(u.name), .text(u.tokenSHA256), .text(ImportRules.rolesText(u.roles)), .int(u.admin ? 1 : 0),
                                                  u.launch.map { .int($0) } ?? .null, .text(CanonicalTime.string(record.createdAt)),
                                                  Self.time(u.expiresAt), Self.time(record.revokedAt), u.slackID.map { .text($0) } ?? .null], on: c)
        }
        return .copied
    }

    func exec(_ sql: String, _ binds: [PostgresValue] = []) async throws(StoreError) {
        _ = try await rows(sql, binds)
    }
}
