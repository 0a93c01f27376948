import Foundation
import LiftoffKit
import SQLiteNIO

extension SQLiteEventStore {
    public func addUser(_ user: NewUser) async throws(StoreError) -> StoredUser {
        let sql = self.sql
        let roles = CanonicalJSON.string(.array(user.roles.map(JSONValue.string)))
        let now = CanonicalTime.string(clock())
        let launch: SQLiteData = user.launch.map { .integer(SQLiteInt64($0)) } ?? .null
        let expires: SQLiteData = user.expiresAt.map { .text(CanonicalTime.string($0)) } ?? .null
        let id = try await transaction { () throws(StoreError) -> Int64 in
            if let l = user.launch, try await rows(sql.launchExists, [.integer(SQLiteInt64(l))]).isEmpty {
                throw StoreError(.launchNotFound, "no launch \(l)", hint: "liftoff launch list shows the launches")
            }
            if let holder = try await rows(sql.users.nameTaken, [.text(user.name)]).first?.column("id")?.integer {
                throw UserRules.nameTaken(user.name, by: Int64(holder))
            }
            if let slack = user.slackID, let holder = try await rows(sql.users.slackTaken, [.text(slack), .integer(0)]).first {
                throw UserRules.slackTaken(slack, by: holder.column("name")?.string ?? "?", id: Int64(holder.column("id")?.integer ?? 0))
            }
            let row = try await rows(sql.insertUser, [.text(user.name), .text(user.tokenSHA256), .text(roles), .integer(user.admin ? 1 : 0), launch, .text(now), expires,
                                                      user.slackID.map { .text($0) } ?? .null])
            guard let id = row.first?.column("id")?.integer else { throw StoreError(.database, "the database did not return the new user's id") }
            return Int64(id)
        }
        return StoredUser(id: id, name: user.name, roles: user.roles, admin: user.admin, launch: user.launch, expiresAt: user.expiresAt)
    }

    public func user(tokenSHA256: String) async throws(StoreError) -> StoredUser? {
        let sql = self.sql
        let found = try await locked { () throws(StoreError) in try await rows(sql.userByToken, [.text(tokenSHA256)]) }
        return found.first.flatMap { storedUser($0) }
    }

    public func accounts() async throws(StoreError) -> [UserAccount] {
        let sql = self.sql
        return try await locked { () throws(StoreError) in try await rows(sql.users.accounts) }.compactMap { row in
            guard let id = row.column("id")?.integer, let name = row.column("name")?.string else { return nil }
            return UserAccount(id: Int64(id), name: name, roles: ImportRules.roles(row.column("roles")?.string ?? "[]"),
                               admin: row.column("admin")?.integer == 1, launch: row.column("launch_id")?.integer.map { Int64($0) },
                               createdAt: UserRules.time(row.column("created_at")?.string) ?? Date(timeIntervalSince1970: 0),
                               expiresAt: UserRules.time(row.column("expires_at")?.string), revokedAt: UserRules.time(row.column("revoked_at")?.string),
                               slackID: row.column("slack_id")?.string)
        }
    }

    public func revokeUser(_ id: Int64) async throws(StoreError) -> Bool {
        let sql = self.sql
        let now = CanonicalTime.string(clock())
        return try await transaction { () throws(StoreError) -> Bool in
            let revoked = try await rows(sql.users.revoke + " RETURNING id", [.text(now), .integer(SQLiteInt64(id))])
            try await exec(sql.users.endUserSessions, [.integer(SQLiteInt64(id))])
            return !revoked.isEmpty
        }
    }

    public func rotateToken(of id: Int64, tokenSHA256: String, expiresAt: Date?) async throws(StoreError) -> Bool {
        let sql = self.sql
        let expires: SQLiteData = expiresAt.map { .text(CanonicalTime.string($0)) } ?? .null
        return try await transaction { () throws(StoreError) -> Bool in
            let rotated = try await rows(sql.users.rotate + " RETURNING id", [.text(tokenSHA256), expires, .integer(SQLiteInt64(id))])
            try await exec(sql.users.endUserSessions, [.integer(SQLiteInt64(id))])
            return !rotated.isEmpty
        }
    }

    public func user(slackID: String) async throws(StoreError) -> StoredUser? {
        let sql = self.sql
        let found = try await locked { () throws(StoreError) in try await rows(sql.users.bySlack, [.text(slackID)]) }
        return found.first.flatMap { storedUser($0) }
    }

    public func setSlackID(_ slackID: String?, of id: Int64) async throws(StoreError) -> Bool {
        let sql = self.sql
        return try await transaction { () throws(StoreError) -> Bool in
            if let slackID, let holder = try await rows(sql.users.slackTaken, [.text(slackID), .integer(SQLiteInt64(id))]).first {
                throw UserRules.slackTaken(slackID, by: holder.column("name")?.string ?? "?", id: Int64(holder.column("id")?.integer ?? 0))
            }
            let value: SQLiteData = slackID.map { .text($0) } ?? .null
            let updated = try await rows(sql.users.setSlack + " RETURNING id", [value, .integer(SQLiteInt64(id))])
            return !updated.isEmpty
        }
    }

    public func startSession(_ sessionSHA256: String, user: Int64, expiresAt: Date) async throws(StoreError) {
        let sql = self.sql
        let now = CanonicalTime.string(clock())
        try await transaction { () throws(StoreError) in
            try await exec(sql.users.dropExpiredSessions, [.text(now)])
            try await exec(sql.users.insertSession, [.text(sessionSHA256), .integer(SQLiteInt64(user)), .text(now), .text(CanonicalTime.string(expiresAt))])
        }
    }

    public func sessionUser(_ sessionSHA256: String) async throws(StoreError) -> StoredUser? {
        let sql = self.sql
        let found = try await locked { () throws(StoreError) in try await rows(sql.users.sessionUser, [.text(sessionSHA256)]) }
        guard let row = found.first, UserRules.live(row.column("session_expires")?.string, now: clock()) else { return nil }
        return storedUser(row)
    }

    public func endSession(_ sessionSHA256: String) async throws(StoreError) {
        let sql = self.sql
        try await locked { () throws(StoreError) in try await exec(sql.users.endSession, [.text(sessionSHA256)]) }
    }

    /// A user row, or nil when its token has expired.
    func storedUser(_ row: SQLiteRow) -> StoredUser? {
        guard let id = row.column("id")?.integer, let name = row.column("name")?.string else { return nil }
        let expires = row.column("expires_at")?.string
        guard UserRules.live(expires, now: clock()) else { return nil }
        return StoredUser(id: Int64(id), name: name, roles: ImportRules.roles(row.column("roles")?.string ?? "[]"), admin: row.column("admin")?.integer == 1,
                          launch: row.column("launch_id")?.integer.map { Int64($0) }, expiresAt: UserRules.time(expires))
    }
}
