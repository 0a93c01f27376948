import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// Finding 7: a hash chain alone cannot see a cut tail; an anchor kept outside the database can.
@Suite struct ChainAnchorTests {
    static func log(_ notes: Int) throws -> [LaunchEvent] {
        var f = LaunchFixture()
        for i in 0..<notes { try f.run(.addNote("note \(i)"), as: LaunchFixture.admin) }
        return f.events
    }

    @Test func aCutTailIsCaughtAndAnIntactLogHolds() throws {
        let events = try Self.log(5)
        let head = ChainAnchor(seq: events.count, hash: try #require(events.last).hash)
        #expect(head.check(events) == .holds(seq: events.count))
        let cut = Array(events.dropLast(2))
        #expect(EventChain.verify(cut) == nil, "the chain alone still verifies")
        #expect(head.check(cut) == .cut(anchoredSeq: events.count, lastSeq: events.count - 2))
        // An older anchor still holds on the cut log: it proves only what it saw.
        let older = ChainAnchor(seq: 3, hash: events[2].hash)
        #expect(older.check(cut).holds)
        // A rewritten tail: same length, another event at the anchored seq.
        var other = LaunchFixture()
        for i in 0..<5 { try other.run(.addNote("other \(i)"), as: LaunchFixture.admin) }
        #expect(head.check(other.events) == .differs(seq: events.count, found: try #require(other.events.last).hash))
        // A bare hash is looked for anywhere.
        #expect(ChainAnchor(seq: nil, hash: events[3].hash).check(cut) == .holds(seq: 4))
        #expect(ChainAnchor(seq: nil, hash: events[events.count - 1].hash).check(cut) == .hashNotFound(lastSeq: events.count - 2))
    }

    @Test func anchorsAreReadAsGivenOrFromSavedText() {
        let hash = String(repeating: "ab", count: 32)
        #expect(ChainAnchor.parse("12:\(hash)") == ChainAnchor(seq: 12, hash: hash))
        #expect(ChainAnchor.parse(" \(hash.uppercased())\n") == ChainAnchor(seq: nil, hash: hash))
        for bad in ["", "12", "0:\(hash)", "-1:\(hash)", "12:\(hash.dropLast())", "12:\(hash)0", "x:\(hash)", "12:\(hash.dropLast())g"] {
            #expect(ChainAnchor.parse(bad) == nil, "\(bad)")
        }
        let other = String(repeating: "cd", count: 32)
        let saved = """
        {"anchor":{"hash":"\(hash)","seq":12,"text":"12:\(hash)"},"text":"… Chain anchor: 12:\(hash)"}
        | Chain anchor | `40:\(other)` |
        not an anchor: v12:\(hash) 13:\(hash)ff
        """
        #expect(ChainAnchor.all(in: saved) == [ChainAnchor(seq: 12, hash: hash), ChainAnchor(seq: 40, hash: other)])
    }

    @Test func theHeadOfAFoldedLaunchIsItsAnchor() throws {
        let events = try Self.log(2)
        let state = try LaunchState.fold(events)
        let anchor = ChainAnchor(state: state)
        let last = try #require(events.last)
        #expect(anchor == ChainAnchor(seq: last.seq, hash: last.hash))
        #expect(anchor.description == "\(last.seq):\(last.hash)")
    }
}
