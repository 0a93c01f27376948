import Foundation
@testable import LiftoffKit
import LiftoffTestSupport

/// A small launch built in memory: a runbook with a T-1h gate, events sealed with an injected clock.
struct LaunchFixture {
    static let runbook = SampleRunbooks.checkout

    static let zone = TimeZone(identifier: "Europe/Oslo")!
    /// T-0: 2026-12-01 09:00 Oslo (08:00 UTC).
    static let t0 = Date(timeIntervalSince1970: 1_796_112_000)
    static let gate = "t-1h-go-no-go"
    static let freeze = "t-1-day-preparation/freeze-merges-to-main"
    static let deploy = "t-0-deploy/deploy-the-release"
    static let revert = "rollback-procedure/revert-the-deploy"

    static let admin = LaunchActor(name: "ada", roles: ["Release Manager"], admin: true)
    static let lead = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)
    static let owner = LaunchActor(name: "pat", roles: ["Product Owner"], admin: false)
    static let viewer = LaunchActor(name: "vic", roles: ["viewer"], admin: false)

    var events: [LaunchEvent] = []
    /// The injected clock: every sealed event takes this time.
    var now: Date

    init(now: Date = LaunchFixture.t0.addingTimeInterval(-2 * 86_400), variables: LaunchVariables? = nil) {
        self.now = now
        let created = LaunchCreated(name: "checkout-v2", runbookFile: "runbook.md", runbookSource: Self.runbook, t0: Self.t0,
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

    /// Decides a command as `actor` at the fixture's clock and appends the result.
    @discardableResult
    mutating func run(_ command: LaunchCommand, as actor: LaunchActor) throws -> Result<[EventDraft], Refusal> {
        let result = LaunchDecider.decide(try state, command, by: actor, now: now)
        if case .success(let drafts) = result { drafts.forEach { append($0) } }
        return result
    }

    static func refusal(_ result: Result<[EventDraft], Refusal>) -> Refusal? {
        if case .failure(let r) = result { return r }
        return nil
    }
}
