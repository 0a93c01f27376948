import Foundation
import LiftoffKit
import SQLiteNIO

extension SQLiteEventStore {
    public func launchRecord(_ id: Int64) async throws(StoreError) -> LaunchRecord? {
        let sql = self.sql
        let found = try await locked { () throws(StoreError) in try await rows(sql.launchRow, [.integer(SQLiteInt64(id))]) }
        return found.first.map(Self.launchRecord)
    }

    static func launchRecord(_ row: SQLiteRow) -> LaunchRecord {
        LaunchRecord(id: Int64(row.column("id")?.integer ?? 0), name: row.column("name")?.string ?? "",
                     createdAt: CanonicalTime.parse(row.column("created_at")?.string ?? "") ?? Date(timeIntervalSince1970: 0))
    }

    public func importLaunch(_ launch: LaunchRecord, events: [LaunchEvent]) async throws(StoreError) -> ImportOutcome {
        try ImportRules.validate(launch, events)
        let sql = self.sql
        let location = self.location
        return try await transaction { () throws(StoreError) -> ImportOutcome in
            if let present = try await rows(sql.launchRow, [.integer(SQLiteInt64(launch.id))]).first.map(Self.launchRecord) {
                let presentEvents = try await rows(sql.eventsFrom, [.integer(SQLiteInt64(launch.id)), .integer(1)]).map(Self.event)
                return try ImportRules.existing(present, presentEvents, incoming: launch, events, at: location)
            }
            if let other = try await rows(sql.launchByName, [.text(launch.name)]).first?.column("id")?.integer {
                throw ImportRules.nameTaken(launch.name, by: Int64(other), incoming: launch.id, at: location)
            }
            try await exec(sql.insertLaunchWithID, [.integer(SQLiteInt64(launch.id)), .text(launch.name), .text(CanonicalTime.string(launch.createdAt))])
            for event in events { try await insert(event) }
            return .copied
        }
    }

    public func users() async throws(StoreError) -> [UserRecord] {
        let sql = self.sql
        return try await locked { () throws(StoreError) in try await rows(sql.allUsers) }.map { row in
            UserRecord(user: NewUser(name: row.column("name")?.string ?? "", tokenSHA256: row.column("token_sha256")?.string ?? "",
                                     roles: ImportRules.roles(row.column("roles")?.string ?? "[]"), admin: row.column("admin")?.integer == 1,
                                     launch: row.column("launch_id")?.integer.map { Int64($0) }, expiresAt: UserRules.time(row.column("expires_at")?.string),
                                     slackID: row.column("slack_id")?.string),
                       createdAt: CanonicalTime.parse(row.column("created_at")?.string ?? "") ?? Date(timeIntervalSince1970: 0),
                       revokedAt: UserRules.time(row.column("revoked_at")?.string))
        }
    }

    public func importUser(_ record: UserRecord) async throws(StoreError) -> ImportOutcome {
        if let present = try await users().first(where: { $0.user.tokenSHA256 == record.user.tokenSHA256 }) {
            return try ImportRules.user(present, incoming: record, at: location)
        }
        let sql = self.sql
        let u = record.user
        let launch: SQLiteData = u.launch.map { .integer(SQLiteInt64($0)) } ?? .null
        let expires: SQLiteData = u.expiresAt.map { .text(CanonicalTime.string($0)) } ?? .null
        let revoked: SQLiteData = record.revokedAt.map { .text(CanonicalTime.string($0)) } ?? .null
        try await transaction { () throws(StoreError) in
            if let holder = try await rows(sql.users.nameTaken, [.text(u.name)]).first?.column("id")?.integer {
                throw UserRules.nameTaken(u.name, by: Int64(holder))
            }
            try await exec(sql.insertUserRecord, [.text(u.name), .text(u.tokenSHA256), .text(ImportRules.rolesText(u.roles)), .integer(u.admin ? 1 : 0),
                                                  launch, .text(CanonicalTime.string(record.createdAt)), expires, revoked,
                                                  u.slackID.map { .text($0) } ?? .null])
        }
        return .copied
    }
}
