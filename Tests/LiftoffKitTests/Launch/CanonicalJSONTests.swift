import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

@Suite struct CanonicalJSONTests {
    static let event = LaunchEvent(
        launch: 7, seq: 2, time: Date(timeIntervalSince1970: 1_796_112_000.25), actor: "alice", type: "step.marked",
        payload: EventCoding.json(StepMarked(step: "t-0/deploy", mark: .done, note: "line1\n\"quoted\" é ✓")), hash: "")

    @Test func keysAreSortedAndNothingIsPadded() {
        #expect(CanonicalJSON.string(Self.event.canonicalBody) ==
            #"{"actor":"alice","launch":7,"payload":{"mark":"done","note":"line1\n\"quoted\" é ✓","step":"t-0/deploy"},"seq":2,"time":"2026-12-01T08:00:00.250Z","type":"step.marked"}"#)
    }

    /// Computed independently with Python's hashlib over the same bytes.
    @Test func goldenHash() {
        #expect(EventChain.hash(previous: EventChain.genesis, body: Self.event.canonicalBody)
            == "36f2f07ec47086f773a4401842ebfd9d25e1a951439b133ced74a86d07ac82f5")
        let previous = EventChain.sha256Hex("prev")
        #expect(previous == "84fd9bac333ad79154348296204fa7f8c537a96e08983e5f73b3f5aca8e8edf7")
        #expect(EventChain.hash(previous: previous, body: Self.event.canonicalBody)
            == "2c635abd439c3b8725b4f306a356bc7c11b5e916e1f2088e192d2b878d337a35")
    }

    @Test func numbersHaveOneForm() {
        #expect(CanonicalJSON.string(.double(1.0)) == "1")
        #expect(CanonicalJSON.string(.double(0.25)) == "0.25")
        #expect(CanonicalJSON.string(.double(.nan)) == "null")
        #expect(CanonicalJSON.string(.int(-42)) == "-42")
        #expect(CanonicalJSON.string(.string("\u{01}\t")) == #""\u0001\t""#)
    }

    @Test func storedTextReadsBackToTheSameBytes() throws {
        let text = CanonicalJSON.string(Self.event.canonicalBody)
        let parsed = try #require(JSONValue.parse(text))
        #expect(CanonicalJSON.string(parsed) == text)
        #expect(CanonicalTime.parse("2026-12-01T08:00:00.250Z") == Self.event.time)
        #expect(CanonicalTime.parse("2026-12-01T08:00:00Z") == nil)
    }

    @Test func verifyNamesTheFirstBrokenLink() throws {
        var f = LaunchFixture()
        for i in 0..<5 { try f.run(.addNote("note \(i)"), as: LaunchFixture.lead) }
        #expect(EventChain.verify(f.events) == nil)
        var tampered = f.events
        tampered[3].payload = .object(["text": .string("rewritten")])
        #expect(EventChain.verify(tampered)?.seq == 4)
        var gap = f.events
        gap.remove(at: 2)
        #expect(EventChain.verify(gap)?.seq == 3)
    }
}
