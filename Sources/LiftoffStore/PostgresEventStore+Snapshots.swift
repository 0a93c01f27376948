import Foundation
import LiftoffKit
import PostgresNIO

extension PostgresEventStore {
    public func saveSnapshot(_ snapshot: StoredSnapshot) async throws(StoreError) {
        let sql = self.sql
        let now = CanonicalTime.string(clock())
        try await transaction { (c) throws(StoreError) in
            try await exec(sql.snapshots.save, [
                .int(snapshot.launch), .number(snapshot.version), .number(snapshot.seq), .text(snapshot.hash), .text(snapshot.body), .text(now),
            ], on: c)
        }
    }

    public func snapshot(of launch: Int64) async throws(StoreError) -> StoredSnapshot? {
        guard let row = try await rows(sql.snapshots.latest, [.int(launch)]).first,
              let version = row.int("version"), let seq = row.int("seq"), let hash = row.string("hash"), let body = row.string("body") else { return nil }
        return StoredSnapshot(launch: launch, version: version, seq: seq, hash: hash, body: body)
    }
}
