import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures

/// A launch of a small runbook with known times, for the launch clock's tests: a numbered
/// preparation at T-1h, a gate at T-30m, and a deploy window H+0:00 → H+1:00 whose steps say
/// what they wait for. T-0 is 2026-12-01 09:00 Oslo (08:00 UTC).
struct ClockFixture {
    static let runbook = """
    # Clock test

    ## T-1h: Preparation

    1. Freeze merges (~10 min)
    2. Back up the database (~20 min)
    3. Announce the freeze

    ## T-30m: Go/No-Go

    Required approvals from:

    - Engineering Lead

    ## H+0:00 → H+1:00: Deploy

    - [ ] Deploy the release (~15 min)
    - [ ] Run smoke tests <!-- liftoff: after="Deploy the release" duration=10m -->
    - [ ] Flip DNS <!-- liftoff: after: Run smoke tests, Back up the database -->

    ## Rollback Procedure

    1. Revert the deploy
    """

    static let t0 = LaunchFixture.t0
    static let lead = LaunchFixture.lead
    static let admin = LaunchFixture.admin

    var f: LaunchFixture

    init(runbook: String = ClockFixture.runbook, t0: Date = ClockFixture.t0, zone: String = "Europe/Oslo", now: Date? = nil) {
        f = LaunchFixture(now: now ?? t0.addingTimeInterval(-2 * 3600))
        f.events.removeAll()
        let created = LaunchCreated(name: "clock", runbookFile: "clock.md", runbookSource: runbook, t0: t0,
                                    timeZone: zone, mode: .rehearsal, variables: nil)
        f.append(EventDraft(actor: "ada", created))
    }

    var state: LaunchState { get throws { try f.state } }

    /// The id of the step whose text starts with `words`.
    func id(_ words: String) throws -> String {
        let steps = try state.runbook.steps.filter { $0.text.hasPrefix(words) }
        guard steps.count == 1, let step = steps.first else { throw FixtureError(message: "no single step '\(words)'") }
        return step.id
    }

    var gate: String { get throws { try state.runbook.gates.first?.id ?? "" } }

    /// Runs `command` at `minutes` after T-0 (negative: before).
    mutating func at(_ minutes: Double, _ command: LaunchCommand, as actor: LaunchActor = ClockFixture.lead) throws {
        f.now = Self.t0.addingTimeInterval(minutes * 60)
        if case .failure(let refusal) = try f.run(command, as: actor) { throw refusal }
    }

    mutating func done(_ words: String, at minutes: Double) throws {
        try at(minutes, .markStep(step: try id(words), mark: .done, note: nil))
    }

    static func time(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    struct FixtureError: Error { var message: String }
}
