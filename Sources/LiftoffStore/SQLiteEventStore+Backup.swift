import Foundation
import LiftoffKit
import SQLiteNIO

extension SQLiteEventStore {
    /// What `backup(to:)` wrote: every launch of the copy with its chain verified there.
    public struct BackupReport: Sendable, Hashable {
        public var launches: Int
        public var events: Int
    }

    /// A consistent copy of the whole database in a new file, taken while other processes keep
    /// appending: `VACUUM INTO` reads one snapshot (WAL mode lets writers go on) and writes it
    /// compacted, as a database without a WAL of its own. The copy is then opened and each launch's
    /// hash chain verified in it (docs/operations.md, "Backups").
    public func backup(to destination: String) async throws(StoreError) -> BackupReport {
        if FileManager.default.fileExists(atPath: destination) {
            throw StoreError(.duplicate, "'\(destination)' exists already", hint: "back up to a new file name; a backup never overwrites")
        }
        let folder = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw StoreError(.unwritable, "cannot write in '\(folder)'", hint: "create the folder or back up elsewhere")
        }
        try await locked { () throws(StoreError) in
            try await exec("VACUUM INTO ?", [.text(destination)])
        }
        let copy = try await SQLiteEventStore.open(path: destination, create: false)
        do throws(StoreError) {
            var report = BackupReport(launches: 0, events: 0)
            for launch in try await copy.launches() {
                let events = try await copy.read(launch.id, from: 1)
                if let broken = EventChain.verify(events) {
                    throw StoreError(.database, "the copy's launch \(launch.id) does not verify at seq \(broken.seq): \(broken.reason)",
                                     hint: "the source may be damaged: run `liftoff verify \(launch.id)` on it")
                }
                report.launches += 1
                report.events += events.count
            }
            await copy.close()
            return report
        } catch {
            await copy.close()
            throw error
        }
    }
}
