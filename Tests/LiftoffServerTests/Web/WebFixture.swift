import Foundation
import LiftoffKit
import LiftoffTestSupport
@testable import LiftoffServer

/// A launch built from real events through `LaunchDecider`, for rendering pages.
struct WebFixture {
    static let zone = TimeZone(identifier: "Europe/Oslo") ?? .current
    /// T-0: 2026-12-01 09:00 Oslo (08:00 UTC).
    static let t0 = Date(timeIntervalSince1970: 1_796_112_000)
    static let gate = "t-1h-go-no-go"
    static let freeze = "t-1-day-preparation/freeze-merges-to-main"

    static let admin = LaunchActor(name: "ada", roles: ["Release Manager"], admin: true)
    static let lead = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)
    static let viewer = LaunchActor(name: "vic", roles: ["viewer"], admin: false)

    static let hostile = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
    ]

    var events: [LaunchEvent] = []
    var now: Date

    init(runbook: String = SampleRunbooks.checkout, now: Date = WebFixture.t0.addingTimeInterval(-2 * 3600), variables: LaunchVariables? = nil) {
        self.now = now
        let created = LaunchCreated(name: "checkout-v2", runbookFile: "runbook.md", runbookSource: runbook, t0: Self.t0,
                                    timeZone: "Europe/Oslo", mode: .rehearsal, variables: variables)
        append(EventDraft(actor: "ada", created))
    }

    var state: LaunchState {
        get throws { try LaunchState.fold(events) }
    }


    mutating func append(_ draft: EventDraft) {
        let previous = events.last?.hash ?? EventChain.genesis
        events.append(EventChain.seal(draft, launch: 1, seq: events.count + 1, time: now, previous: previous))
    }

    /// Appends what the decider allows; a refusal fails the test that expected success.
    mutating func run(_ command: LaunchCommand, as actor: LaunchActor) throws {
        let drafts = try LaunchDecider.decide(try state, command, by: actor, now: now).get()
        drafts.forEach { append($0) }
    }

    mutating func post(_ status: StatusLevel, _ message: String) throws {
        try run(.postStatus(status: status, message: message), as: Self.lead)
    }

    /// Publishes for customers as the lead (the public status page's content).
    mutating func publish(_ phase: PublicNotice.Phase, _ message: String, title: String = "", incident: Int? = nil) throws {
        try run(.publish(PublicNotice(phase: phase, title: title, incident: incident, impact: .major), message: message), as: Self.lead)
    }

    mutating func trigger(_ name: String, _ state: TriggerStatus, _ value: Double?) {
        append(EventDraft(actor: "system", TriggerChanged(trigger: name, state: state, previous: nil, value: value, series: nil, observedAt: now, message: nil)))
    }

    func warRoom(as actor: LaunchActor, watching: [String] = [], signals: [String: SignalFetch] = [:]) throws -> String {
        let viewer = PageViewer(name: actor.name, roles: actor.roles, admin: actor.admin, csrfToken: "csrf-token-value")
        return WarRoomPage(state: try state, viewer: viewer, now: now, watching: watching, signals: signals).render()
    }
}

extension String {
    func webCount(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }
}
