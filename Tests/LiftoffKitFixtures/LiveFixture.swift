import Foundation
import LiftoffKit

/// A live launch in memory: a runbook with explicit triggers, a shift step, a rollback
/// procedure and a rollback authority; events sealed with an injected clock.
package struct LiveFixture {
    package static let runbook = """
    # Payments v3 go-live

    **Rollback Authority:** Engineering Lead

    ## T-1h: Go/No-Go

    Required approvals from:

    - Engineering Lead

    ## T-0: Deploy

    - [ ] Deploy the release
    - [ ] Shift traffic to the new version

      ```liftoff
      shift:
        stages: [10, 50, 100]
        pause: 5m
        analysis: [error rate, smoke]
        command: ./scripts/set-weight.sh {{weight}} {{POOL}}
      ```

    <!-- liftoff: trigger error rate: error rate > 1% for 1m then rollback -->

    <!-- liftoff: trigger slow: p99 latency > 800ms for 2m every 30s then page -->

    ## Rollback Procedure

    1. Announce the rollback in the war room
    2. Revert the deploy

       ```bash
       ./scripts/rollback.sh {{ENV}}
       ```

    3. Run the down migration: `bash scripts/migrate-down.sh production`
    """

    package static let t0 = Date(timeIntervalSince1970: 1_796_112_000)
    package static let admin = LaunchActor(name: "ada", roles: ["Release Manager"], admin: true)
    package static let lead = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)
    package static let owner = LaunchActor(name: "pat", roles: ["Product Owner"], admin: false)
    package static let viewer = LaunchActor(name: "vic", roles: ["viewer"], admin: false)

    package static func vars(policy: RollbackPolicy? = nil) -> LaunchVariables {
        var v = LaunchVariables(values: ["ENV": "production", "POOL": "blue pool; rm -rf /"], prometheus: "http://127.0.0.1:9090",
                                signals: ["error rate": "sum(rate(errors[1m]))", "p99 latency": "histogram_quantile(0.99, x)"])
        v.rollbackPolicy = policy
        v.channels = [NotifyChannel(name: "slack", kind: .slack, url: "env:SLACK", secret: nil)]
        return v
    }

    package var events: [LaunchEvent] = []
    package var now: Date

    package init(runbook: String = LiveFixture.runbook, policy: RollbackPolicy? = nil, now: Date = LiveFixture.t0) {
        self.now = now
        append(EventDraft(actor: "ada", LaunchCreated(name: "payments-v3", runbookFile: "runbook.md", runbookSource: runbook, t0: Self.t0,
                                                      timeZone: "Europe/Oslo", mode: .live, variables: Self.vars(policy: policy))))
    }

    package var state: LaunchState {
        get throws { try LaunchState.fold(events) }
    }

    package mutating func append(_ draft: EventDraft) {
        let previous = events.last?.hash ?? EventChain.genesis
        events.append(EventChain.seal(draft, launch: 1, seq: events.count + 1, time: now, previous: previous))
    }

    package mutating func append(_ drafts: [EventDraft]) { drafts.forEach { append($0) } }

    @discardableResult
    package mutating func run(_ command: LaunchCommand, as actor: LaunchActor) throws -> Result<[EventDraft], Refusal> {
        let result = LaunchDecider.decide(try state, command, by: actor, now: now)
        if case .success(let drafts) = result { append(drafts) }
        return result
    }

    /// Evaluates one rule at `now` as the watcher would and appends what it decides.
    package mutating func evaluate(_ id: String, _ observation: TriggerObservation) throws {
        let state = try self.state
        let rule = try unwrap(state.triggerRule(id))
        let outcome = TriggerEvaluator.evaluate(rule, state: state.trigger(id), observation: observation, now: now)
        append(LiveRules.afterEvaluation(state, rule: rule, outcome: outcome, now: now))
    }

    /// Appends the status posts owed (milestones, phases), the way the watcher does.
    package mutating func postMilestone() throws {
        let state = try self.state
        append(StatusMilestones.owed(events: events, state: state, now: now).map { EventDraft(actor: StatusMilestones.actor, $0) })
    }

    package func step(_ prefix: String) throws -> String {
        try unwrap(try state.runbook.steps.first { $0.text.hasPrefix(prefix) }).id
    }

    package static func refusal(_ result: Result<[EventDraft], Refusal>) -> Refusal? {
        if case .failure(let r) = result { return r }
        return nil
    }
}

package func unwrap<T>(_ value: T?, _ comment: String = "") throws -> T {
    guard let value else { throw FixtureError.missing(comment) }
    return value
}

package enum FixtureError: Error { case missing(String) }
