import Foundation
import Testing
@testable import LiftoffKit
import LiftoffTestSupport

@Suite struct StatusCadenceTests {
    static let anchor = Date(timeIntervalSince1970: 1_796_112_000)

    static func at(_ minutes: Double) -> Date { anchor.addingTimeInterval(minutes * 60) }

    @Test(arguments: [
        ("15 minutes", [StatusCadence.Period(interval: 900, until: nil)]),
        ("every 15 minutes", [.init(interval: 900, until: nil)]),
        ("Every 15 minutes", [.init(interval: 900, until: nil)]),
        ("every minute", [.init(interval: 60, until: nil)]),
        ("hourly", [.init(interval: 3600, until: nil)]),
        ("every 1h", [.init(interval: 3600, until: nil)]),
        ("every 30 min for the first 4h, then hourly for 24h",
         [.init(interval: 1800, until: 4 * 3600), .init(interval: 3600, until: 24 * 3600)]),
        // The go-live template's sentence: "then normal" ends the cadence.
        ("Every 30 min for first 4h, then hourly for 24h, then normal",
         [.init(interval: 1800, until: 4 * 3600), .init(interval: 3600, until: 24 * 3600)]),
        ("every 30 min for 4 hours; every 60 min", [.init(interval: 1800, until: 4 * 3600), .init(interval: 3600, until: nil)]),
        // A bound that does not reach past the previous one counts from where that one ended.
        ("every 5 min for 1h, then every 15 min for 1h", [.init(interval: 300, until: 3600), .init(interval: 900, until: 7200)]),
        ("daily check-ins", [.init(interval: 86_400, until: nil)]),
        ("twice weekly review", [.init(interval: 302_400, until: nil)]),
    ])
    func readsCadencesAsRunbooksWriteThem(text: String, periods: [StatusCadence.Period]) throws {
        #expect(try StatusCadence.parse(text).periods == periods)
    }

    @Test(arguments: [
        ("", "empty"),
        ("often", "cannot read the interval 'often'"),
        ("real-time updates", "not a cadence"),
        ("every 30 seconds", "more often than every minute"),
        ("every 15 minutes, then hourly", "without an end"),
        ("every 30 min for ever", "cannot read the duration"),
        ("every 30 min for 1h, then normal, then hourly", "after the cadence ended"),
    ])
    func refusesWhatItCannotRead(text: String, message: String) {
        #expect {
            _ = try StatusCadence.parse(text)
        } throws: { error in
            (error as? StatusCadence.ParseError)?.message.contains(message) ?? false
        }
    }

    @Test func nextDueFallsOnTheGridFromTheAnchor() throws {
        let s = StatusSchedule(cadence: try StatusCadence.parse("every 15 minutes"), anchor: Self.anchor)
        #expect(s.nextDue(after: Self.at(-90)) == Self.anchor, "before the anchor: the anchor")
        #expect(s.nextDue(after: Self.at(0)) == Self.at(15), "strictly after")
        #expect(s.nextDue(after: Self.at(7)) == Self.at(15))
        #expect(s.nextDue(after: Self.at(15)) == Self.at(30))
        #expect(s.nextDue(after: Self.at(10_000.5)) == Self.at(10_005))
    }

    @Test func theTemplateCadenceChangesPaceAndEnds() throws {
        let s = StatusSchedule(cadence: try StatusCadence.parse("every 30 min for the first 4h, then hourly for 24h"), anchor: Self.anchor)
        #expect(s.nextDue(after: Self.at(200)) == Self.at(210))
        #expect(s.nextDue(after: Self.at(230)) == Self.at(240), "4h is the boundary and an update")
        #expect(s.nextDue(after: Self.at(240)) == Self.at(300), "then hourly")
        #expect(s.nextDue(after: Self.at(23 * 60 + 1)) == Self.at(24 * 60))
        #expect(s.nextDue(after: Self.at(24 * 60)) == nil, "the cadence has ended")
        let times = s.dueTimes(from: Self.anchor, to: Self.at(48 * 60))
        #expect(times.count == 1 + 8 + 20, "T-0, eight in the first 4h, twenty hourly to H+24")
        #expect(times.first == Self.anchor)
        #expect(times.last == Self.at(24 * 60))
    }

    @Test func aBoundaryOffTheGridIsStillAnUpdate() throws {
        let s = StatusSchedule(cadence: try StatusCadence.parse("every 25 min for 1h, then hourly"), anchor: Self.anchor)
        #expect(s.nextDue(after: Self.at(50)) == Self.at(60))
        #expect(s.nextDue(after: Self.at(60)) == Self.at(120))
        let last = StatusSchedule(cadence: try StatusCadence.parse("every 25 min for 1h"), anchor: Self.anchor)
        #expect(last.nextDue(after: Self.at(50)) == nil, "no update after the last period")
    }

    /// The seed runbooks (in examples/) say how often to communicate; each phrase reads or is refused with a reason.
    @Test func theSeedsCommunicationCadencesAllRead() throws {
        var read = 0
        for name in ["go-live", "feature-launch", "acme-blue-green"] {
            let text = try String(contentsOfFile: Repository.example(name).runbook, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let lower = line.lowercased()
                guard let range = lower.range(of: "frequency: ") ?? lower.range(of: "monitoring cadence:** ") else { continue }
                let phrase = String(lower[range.upperBound...])
                // "real-time", "continuous monitoring" say no interval: refused with a reason.
                if phrase.hasPrefix("real-time") || phrase.hasPrefix("continuous") {
                    #expect(throws: StatusCadence.ParseError.self, "\(name): \(phrase)") { _ = try StatusCadence.parse(phrase) }
                } else {
                    #expect(throws: Never.self, "\(name): \(phrase)") { _ = try StatusCadence.parse(phrase) }
                }
                read += 1
            }
        }
        #expect(read > 0)
    }
}
