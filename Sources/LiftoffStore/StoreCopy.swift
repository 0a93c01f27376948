import Foundation
import LiftoffKit

/// `liftoff db copy`: launches with their events exactly as stored (seq, time, actor, payload,
/// hash), and the users that may act in them, from one store to another. Each launch is read
/// back from the destination and its chain verified there.
public enum StoreCopy {
    public struct Report: Hashable, Sendable {
        public var copied: [Int64] = []
        public var alreadyPresent: [Int64] = []
        public var events = 0
        public var usersCopied = 0
        public var usersPresent = 0
    }

    /// Copies `launches` (all when nil) from `source` to `destination`.
    public static func copy(from source: any EventStore, to destination: any EventStore, launches wanted: [Int64]? = nil) async throws(StoreError) -> Report {
        var report = Report()
        var ids = wanted ?? []
        if wanted == nil { ids = try await source.launches().map(\.id) }
        for id in ids {
            guard let record = try await source.launchRecord(id) else {
                throw StoreError(.launchNotFound, "no launch \(id) in \(source.location)", hint: "liftoff launch list --db … shows the launches")
            }
            let events = try await source.read(id, from: 1)
            switch try await destination.importLaunch(record, events: events) {
            case .copied:
                report.copied.append(id)
                report.events += events.count
            case .alreadyPresent:
                report.alreadyPresent.append(id)
            }
            let stored = try await destination.read(id, from: 1)
            if let broken = EventChain.verify(stored) {
                throw StoreError(.database, "launch \(id) in \(destination.location) does not verify: broken at seq \(broken.seq) (\(broken.reason))")
            }
            guard stored == events else {
                throw StoreError(.database, "launch \(id) in \(destination.location) reads back differently from \(source.location)")
            }
        }
        let copiedSet = Set(ids)
        for user in try await source.users() where user.user.launch.map(copiedSet.contains) ?? true {
            switch try await destination.importUser(user) {
            case .copied: report.usersCopied += 1
            case .alreadyPresent: report.usersPresent += 1
            }
        }
        return report
    }
}
