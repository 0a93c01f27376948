import Foundation
import LiftoffKit
import SQLiteNIO

extension SQLiteEventStore {
    public func saveSnapshot(_ snapshot: StoredSnapshot) async throws(StoreError) {
        let sql = self.sql
        let now = CanonicalTime.string(clock())
        // In a transaction of its own: on the shared connection a bare write could join (and
        // roll back with) another task's append.
        try await transaction { () throws(StoreError) in
            try await exec(sql.snapshots.save, [
                .integer(SQLiteInt64(snapshot.launch)), .integer(SQLiteInt64(snapshot.version)), .integer(SQLiteInt64(snapshot.seq)),
                .text(snapshot.hash), .text(snapshot.body), .text(now),
            ])
        }
    }

    public func snapshot(of launch: Int64) async throws(StoreError) -> StoredSnapshot? {
        guard let row = try await rows(sql.snapshots.latest, [.integer(SQLiteInt64(launch))]).first,
              let version = row.column("version")?.integer, let seq = row.column("seq")?.integer,
              let hash = row.column("hash")?.string, let body = row.column("body")?.string else { return nil }
        return StoredSnapshot(launch: launch, version: Int(version), seq: Int(seq), hash: hash, body: body)
    }
}
