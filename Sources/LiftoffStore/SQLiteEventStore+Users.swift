import Foundation
import LiftoffKit
import SQLiteNIO

extension SQLiteEventStore {
    public func addUser(_ user: NewUser) async throws(StoreError) -> StoredUser {
        let sql = self.sql
        let roles = CanonicalJSON.string(.array(user.roles.map(JSONValue.string)))
        let now = CanonicalTime.string(clock())
        let launch: SQLiteData = user.launch.map { .integer(SQLiteInt64($0)) } ?? .null
        let id = try await transaction { () throws(StoreError) -> Int64 in
            if let l = user.launch, try await rows(sql.launchExists, [.integer(SQLiteInt64(l))]).isEmpty {
                throw StoreError(.launchNotFound, "no launch \(l)", hint: "liftoff launch list shows the launches")
            }
            let row = try await rows(sql.insertUser, [.text(user.name), .text(user.tokenSHA256), .text(roles), .integer(user.admin ? 1 : 0), launch, .text(now)])
            guard let id = row.first?.column("id")?.integer else { throw StoreError(.database, "the database did not return the new user's id") }
            return Int64(id)
        }
        return StoredUser(id: id, name: user.name, roles: user.roles, admin: user.admin, launch: user.launch)
    }

    public func user(tokenSHA256: String) async throws(StoreError) -> StoredUser? {
        let sql = self.sql
        let found = try await locked { () throws(StoreError) in try await rows(sql.userByToken, [.text(tokenSHA256)]) }
        guard let row = found.first, let id = row.column("id")?.integer, let name = row.column("name")?.string else { return nil }
        var roles: [String] = []
        if case .array(let items)? = JSONValue.parse(row.column("roles")?.string ?? "[]") {
            roles = items.compactMap(\.stringValue)
        }
        return StoredUser(id: Int64(id), name: name, roles: roles, admin: row.column("admin")?.integer == 1,
                          launch: row.column("launch_id")?.integer.map { Int64($0) })
    }
}
