import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

@Suite struct OutboxTests {
    static func fixture() throws -> LaunchFixture {
        LaunchFixture(now: LaunchFixture.t0, variables: try LaunchVariables.parse(StatusMessageTests.vars, file: "vars.yaml"))
    }

    static func post(_ f: inout LaunchFixture, _ message: String) throws -> Int {
        try f.run(.postStatus(status: .green, message: message), as: LaunchFixture.lead)
        return f.events.count
    }

    @Test func everyStatusIsOwedToEveryChannelUntilSettled() throws {
        var f = try Self.fixture()
        let first = try Self.post(&f, "one")
        let second = try Self.post(&f, "two")
        #expect(try f.state.pendingDeliveries.map(\.key) == [
            DeliveryKey(notification: first, channel: "slack"), DeliveryKey(notification: first, channel: "ops"),
            DeliveryKey(notification: second, channel: "slack"), DeliveryKey(notification: second, channel: "ops"),
        ])
        f.now += 5
        f.append(EventDraft(actor: "system", NotificationFailed(notification: first, channel: "ops", attempt: 1, error: "HTTP 503", final: false)))
        f.append(EventDraft(actor: "system", NotificationDelivered(notification: first, channel: "slack", attempt: 1)))
        var state = try f.state
        #expect(state.outboxHeads["slack"]?.key.notification == second, "slack moves on")
        let opsHead = try #require(state.outboxHeads["ops"])
        #expect(opsHead.key.notification == first, "ops waits for the first: order per channel")
        #expect(opsHead.progress.attempts == 1 && opsHead.nextAttemptNumber == 2)
        #expect(opsHead.progress.lastError == "HTTP 503")
        f.append(EventDraft(actor: "system", NotificationFailed(notification: first, channel: "ops", attempt: 2, error: "HTTP 400", final: true)))
        state = try f.state
        #expect(state.delivery(DeliveryKey(notification: first, channel: "ops")).gaveUpAt != nil)
        #expect(state.outboxHeads["ops"]?.key.notification == second, "a final failure lets the next one go")
        #expect(state.activity.last?.summary.contains("gave up") == true)
    }

    @Test func aDuplicateDeliveredRecordChangesNothing() throws {
        var f = try Self.fixture()
        let seq = try Self.post(&f, "one")
        f.append(EventDraft(actor: "system", NotificationDelivered(notification: seq, channel: "ops", attempt: 1)))
        let firstTime = try f.state.delivery(DeliveryKey(notification: seq, channel: "ops")).deliveredAt
        f.now += 60
        f.append(EventDraft(actor: "system", NotificationDelivered(notification: seq, channel: "ops", attempt: 1)))
        f.append(EventDraft(actor: "system", NotificationFailed(notification: seq, channel: "ops", attempt: 2, error: "late", final: true)))
        let progress = try f.state.delivery(DeliveryKey(notification: seq, channel: "ops"))
        #expect(progress.deliveredAt == firstTime)
        #expect(progress.gaveUpAt == nil, "delivered stays delivered")
    }

    @Test func backoffGrowsIsCappedAndJittered() {
        let p = RetryPolicy(initialDelay: 2, multiplier: 2, maximumDelay: 60, maxAttempts: 5, jitter: 0.5)
        #expect(p.delay(afterAttempt: 1, unit: 0) == 2)
        #expect(p.delay(afterAttempt: 3, unit: 0) == 8)
        #expect(p.delay(afterAttempt: 30, unit: 0) == 60)
        #expect(p.delay(afterAttempt: 3, unit: 0.999) > 4 && p.delay(afterAttempt: 3, unit: 0.999) <= 8)
        var rng = SplitMix64(state: 7)
        let delays = (0..<50).map { _ in p.delay(afterAttempt: 4, using: &rng) }
        #expect(delays.allSatisfy { $0 >= 8 && $0 <= 16 })
        #expect(Set(delays).count > 40, "jitter spreads the retries")
        #expect(!p.isFinal(attempt: 4) && p.isFinal(attempt: 5))
    }

    @Test func theNextAttemptCountsFromTheLastFailure() throws {
        var f = try Self.fixture()
        let seq = try Self.post(&f, "one")
        let posted = f.now
        var head = try #require(try f.state.outboxHeads["ops"])
        #expect(head.earliestAttempt(policy: .standard, unit: 0.3) == posted, "never tried: now")
        f.now += 10
        f.append(EventDraft(actor: "system", NotificationFailed(notification: seq, channel: "ops", attempt: 1, error: "timeout", final: false)))
        f.now += 10
        f.append(EventDraft(actor: "system", NotificationFailed(notification: seq, channel: "ops", attempt: 2, error: "timeout", final: false)))
        head = try #require(try f.state.outboxHeads["ops"])
        #expect(head.earliestAttempt(policy: .standard, unit: 0) == posted.addingTimeInterval(20 + 4))
    }

    @Test func theProjectionRendersEachUpdateAsItWasPosted() throws {
        var f = try Self.fixture()
        f.append(EventDraft(actor: "system", TriggerChanged(trigger: "error-rate", state: .pending, previous: .ok, value: 0.012, series: nil, observedAt: f.now, message: nil)))
        let seq = try Self.post(&f, "watching")
        var outbox = try OutboxProjection(events: f.events)
        let before = try #require(outbox.message(for: seq))
        #expect(before.metricsLine == "error-rate 0.012 (pending)")
        // Later progress must not leak into the earlier update.
        f.now += 600
        try f.run(.markStep(step: LaunchFixture.freeze, mark: .done, note: nil), as: LaunchFixture.admin)
        f.append(EventDraft(actor: "system", TriggerChanged(trigger: "error-rate", state: .firing, previous: .pending, value: 0.03, series: nil, observedAt: f.now, message: nil)))
        try outbox.apply(f.events)
        #expect(outbox.message(for: seq) == before)
        #expect(outbox.idempotencyKey(DeliveryKey(notification: seq, channel: "ops")) == "1.\(f.events[0].hash.prefix(8))-\(seq)-ops")
        f.append(EventDraft(actor: "system", NotificationDelivered(notification: seq, channel: "ops", attempt: 1)))
        f.append(EventDraft(actor: "system", NotificationDelivered(notification: seq, channel: "slack", attempt: 1)))
        try outbox.apply(f.events)
        #expect(outbox.message(for: seq) == nil, "settled entries are let go")
        #expect(outbox.state.pendingDeliveries.isEmpty)
    }
}
