import Foundation
import LiftoffKit
import LiftoffTestSupport

/// A small launch built in memory: a runbook with a T-1h gate, events sealed with an injected clock.
package struct LaunchFixture {
    package static let runbook = SampleRunbooks.checkout

    package static let zone = TimeZone(identifier: "Europe/Oslo")!
    /// T-0: 2026-12-01 09:00 Oslo (08:00 UTC).
    package static let t0 = Date(timeIntervalSince1970: 1_796_112_000)
    package static let gate = "t-1h-go-no-go"
    package static let freeze = "t-1-day-preparation/freeze-merges-to-main"
    package static let deploy = "t-0-deploy/deploy-the-release"
    package static let revert = "rollback-procedure/revert-the-deploy"

    package static let admin = LaunchActor(name: "ada", roles: ["Release Manager"], admin: true)
    package static let lead = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)
    package static let owner = LaunchActor(name: "pat", roles: ["Product Owner"], admin: false)
    package static let viewer = LaunchActor(name: "vic", roles: ["viewer"], admin: false)

    package var events: [LaunchEvent] = []
    /// The injected clock: every sealed event takes this time.
    package var now: Date

    package init(now: Date = LaunchFixture.t0.addingTimeInterval(-2 * 86_400), variables: LaunchVariables? = nil) {
        self.now = now
        let created = LaunchCreated(name: "checkout-v2", runbookFile: "runbook.md", runbookSource: Self.runbook, t0: Self.t0,
                                    timeZone: "Europe/Oslo", mode: .rehearsal, variables: variables)
        append(EventDraft(actor: "ada", created))
    }

    package var state: LaunchState {
        get throws { try LaunchState.fold(events) }
    }

    package mutating func append(_ draft: EventDraft) {
        let previous = events.last?.hash ?? EventChain.genesis
        events.append(EventChain.seal(draft, launch: 1, seq: events.count + 1, time: now, previous: previous))
    }

    /// Decides a command as `actor` at the fixture's clock and appends the result.
    @discardableResult
    package mutating func run(_ command: LaunchCommand, as actor: LaunchActor) throws -> Result<[EventDraft], Refusal> {
        let result = LaunchDecider.decide(try state, command, by: actor, now: now)
        if case .success(let drafts) = result { drafts.forEach { append($0) } }
        return result
    }

    package static func refusal(_ result: Result<[EventDraft], Refusal>) -> Refusal? {
        if case .failure(let r) = result { return r }
        return nil
    }
}
