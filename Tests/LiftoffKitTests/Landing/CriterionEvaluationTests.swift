import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// A metric success criterion as a pure state machine over observations: it must hold for its
/// whole window, a breach restarts it, no data never verifies it, and nothing it does asks for
/// a rollback.
@Suite struct CriterionEvaluationTests {
    static let runbook = """
    # Payments v3 go-live

    **Rollback Authority:** Engineering Lead

    ## T-0: Deploy

    - [ ] Deploy the release

    <!-- liftoff: trigger error rate: error rate > 1% for 1m then rollback -->

    ## Success Criteria

    - Error rate < 1% for 10 minutes

    **Business Success:**

    - **Product Owner**: Support volume normal

    ## Rollback Procedure

    1. Revert the deploy
    """

    static func check(_ state: LaunchState) throws -> SuccessCheck {
        try unwrap(state.successChecks.first { $0.isMetric }, "a metric criterion")
    }

    /// Evaluates the metric criterion at `f.now` as the watcher does and appends what it decides.
    static func evaluate(_ f: inout LiveFixture, _ observation: TriggerObservation) throws {
        let state = try f.state
        let check = try Self.check(state)
        let outcome = CriterionEvaluator.evaluate(check, progress: state.criterion(check.id), observation: observation, now: f.now)
        f.append(LiveRules.afterCriterionEvaluation(state, check: check, outcome: outcome))
    }

    func states(_ f: LiveFixture) throws -> [CriterionStatus] {
        try f.events.filter { $0.type == EventType.criterionChanged.rawValue }.map { try $0.decode(CriterionChanged.self).state }
    }

    @Test func healthyValueVerifiesAfterItsWindowAndNeverRequestsARollback() throws {
        var f = LiveFixture(runbook: Self.runbook)
        let check = try Self.check(try f.state)
        #expect(check.windowSeconds == 600)
        #expect(try f.state.criterion(check.id).status == .waiting)
        for minute in 0...10 {
            f.now = LiveFixture.t0.addingTimeInterval(Double(minute * 60))
            try Self.evaluate(&f, .vector([(labels: ["service": "payments"], value: 0.002)]))
            if minute < 10 { #expect(try f.state.criterion(check.id).status == .verifying) }
        }
        #expect(try states(f) == [.verifying, .verified])
        let progress = try f.state.criterion(check.id)
        #expect(progress.verifiedAt == LiveFixture.t0.addingTimeInterval(600) && progress.value == 0.002)
        #expect(!f.events.contains { $0.type == EventType.rollbackRequested.rawValue })
        // Verified is final: a later breach is the triggers' business.
        f.now = LiveFixture.t0.addingTimeInterval(700)
        try Self.evaluate(&f, .scalar(0.5))
        #expect(try f.state.criterion(check.id).status == .verified)
        #expect(!f.events.contains { $0.type == EventType.rollbackRequested.rawValue })
    }

    @Test func aBreachMidWindowRestartsIt() throws {
        var f = LiveFixture(runbook: Self.runbook)
        let check = try Self.check(try f.state)
        try Self.evaluate(&f, .scalar(0.001))
        f.now = LiveFixture.t0.addingTimeInterval(300)
        try Self.evaluate(&f, .scalar(0.03))
        let broken = try f.state.criterion(check.id)
        #expect(broken.status == .broken && broken.brokenValue == 0.03 && broken.breaches == 1)
        f.now = LiveFixture.t0.addingTimeInterval(360)
        try Self.evaluate(&f, .scalar(0.001))
        f.now = LiveFixture.t0.addingTimeInterval(900)
        try Self.evaluate(&f, .scalar(0.001))
        #expect(try f.state.criterion(check.id).status == .verifying, "the window counts from 6 minutes, not from T-0")
        f.now = LiveFixture.t0.addingTimeInterval(960)
        try Self.evaluate(&f, .scalar(0.001))
        #expect(try states(f) == [.verifying, .broken, .verifying, .verified])
        #expect(!f.events.contains { $0.type == EventType.rollbackRequested.rawValue })
    }

    @Test func noDataAndErrorsNeverVerify() throws {
        var f = LiveFixture(runbook: Self.runbook)
        let check = try Self.check(try f.state)
        for minute in 0...20 {
            f.now = LiveFixture.t0.addingTimeInterval(Double(minute * 60))
            try Self.evaluate(&f, minute % 2 == 0 ? .vector([]) : .scalar(.nan))
        }
        #expect(try f.state.criterion(check.id).status == .waiting)
        #expect(try states(f).isEmpty, "waiting → waiting is no change")
        // Holding, then a gap: the window starts over.
        try Self.evaluate(&f, .scalar(0.001))
        f.now = f.now.addingTimeInterval(300)
        try Self.evaluate(&f, .error("connection refused"))
        f.now = f.now.addingTimeInterval(400)
        try Self.evaluate(&f, .scalar(0.001))
        #expect(try f.state.criterion(check.id).status == .verifying)
        #expect(try states(f) == [.verifying, .waiting, .verifying])
    }

    @Test func dueCriteriaRespectTheirIntervalAndStopWhenVerified() throws {
        var f = LiveFixture(runbook: Self.runbook)
        var state = try f.state
        let check = try Self.check(state)
        f.now = LiveFixture.t0.addingTimeInterval(-60)
        #expect(LiveRules.dueCriteria(state, now: f.now).isEmpty, "not before T-0")
        f.now = LiveFixture.t0
        #expect(LiveRules.dueCriteria(state, now: f.now).map(\.id) == [check.id])
        let outcome = CriterionEvaluator.evaluate(check, progress: state.criterion(check.id), observation: .scalar(0), now: f.now)
        f.append(LiveRules.afterCriterionEvaluation(state, check: check, outcome: outcome))
        state = try f.state
        state.record(outcome, for: check)
        #expect(LiveRules.dueCriteria(state, now: f.now.addingTimeInterval(5)).isEmpty)
        #expect(LiveRules.dueCriteria(state, now: f.now.addingTimeInterval(15)).map(\.id) == [check.id])
    }
}
