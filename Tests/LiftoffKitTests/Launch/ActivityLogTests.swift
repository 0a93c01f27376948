import Foundation
import Testing
@testable import LiftoffKit

/// The activity feed keeps value semantics across its chunks: copies diverge, nothing is shared
/// by mistake, and it encodes as the plain list snapshots hold.
@Suite struct ActivityLogTests {
    static func item(_ seq: Int) -> ActivityItem {
        ActivityItem(event: LaunchEvent(launch: 1, seq: seq, time: Date(timeIntervalSince1970: Double(seq)), actor: "lee", type: "note.added", payload: .object([:]), hash: ""),
                     summary: "note \(seq)")
    }

    @Test func holdsItemsInOrderAcrossChunkBoundaries() {
        let count = ActivityLog.chunkSize * 3 + 5
        let log = ActivityLog((1...count).map(Self.item))
        #expect(log.count == count)
        #expect(log.map(\.seq) == Array(1...count))
        #expect(log[ActivityLog.chunkSize].seq == ActivityLog.chunkSize + 1)
        #expect(log.last?.seq == count)
        #expect(log.suffix(3).map(\.seq) == [count - 2, count - 1, count])
    }

    @Test func copiesDivergeWithoutTouchingEachOther() {
        var a = ActivityLog((1...ActivityLog.chunkSize - 1).map(Self.item))
        let b = a
        a.append(Self.item(1000))  // fills the tail into a chunk in `a` only
        a.append(Self.item(1001))
        #expect(b.count == ActivityLog.chunkSize - 1)
        #expect(b.last?.seq == ActivityLog.chunkSize - 1)
        #expect(a.count == ActivityLog.chunkSize + 1)
        var c = b
        c.append(Self.item(2000))
        #expect(c.last?.seq == 2000 && a[ActivityLog.chunkSize - 1].seq == 1000)
        #expect(a != c && b != c)
    }

    @Test func encodesAsAPlainListAndBack() throws {
        let log = ActivityLog((1...300).map(Self.item))
        let data = try JSONEncoder().encode(log)
        #expect(try JSONDecoder().decode([ActivityItem].self, from: data) == Array(log))
        #expect(try JSONDecoder().decode(ActivityLog.self, from: data) == log)
    }
}
