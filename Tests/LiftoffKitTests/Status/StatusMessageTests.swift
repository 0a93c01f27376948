import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

@Suite struct StatusMessageTests {
    static let vars = """
    notify:
      slack: env:SLACK_WEBHOOK_URL
      ops:
        kind: webhook
        url: http://127.0.0.1:9000/hook
        secret: env:HOOK_SECRET
    status every: every 15 minutes
    """

    static func fixture(minutesAfterT0: Double) throws -> LaunchFixture {
        LaunchFixture(now: LaunchFixture.t0.addingTimeInterval(minutesAfterT0 * 60), variables: try LaunchVariables.parse(vars, file: "vars.yaml"))
    }

    @Test func theTemplateHasItsFiveLines() throws {
        var f = try Self.fixture(minutesAfterT0: 7)
        try f.run(.markStep(step: LaunchFixture.freeze, mark: .done, note: nil), as: LaunchFixture.admin)
        try f.run(.postStatus(status: .yellow, message: "canary at 10%, watching p99"), as: LaunchFixture.lead)
        let message = try #require(StatusMessage(state: try f.state, metrics: [("error rate", "0.4%"), ("p99", "420 ms")], schedule: try f.state.statusSchedule))
        let lines = message.text.split(separator: "\n").map(String.init)
        let head = try f.state
        #expect(lines == [
            "[YELLOW] checkout-v2: canary at 10%, watching p99",
            "Time: 2026-12-01T09:07:00+01:00 (T+7m)",
            "Status: YELLOW",
            "Progress: T-0: Deploy · 1 of 5 steps done",
            "Metrics: error rate 0.4% · p99 420 ms",
            "Next update: 2026-12-01T09:15:00+01:00 (T+15m)",
            "Posted by: lee",
            "Chain anchor: \(head.seq):\(head.lastHash)",
        ])
    }

    @Test func onlyAStatusEventRendersAndTheEndHasNoNextUpdate() throws {
        var f = try Self.fixture(minutesAfterT0: 90)
        #expect(try StatusMessage(state: f.state, metrics: [], schedule: nil) == nil, "launch.created is no status update")
        try f.run(.end(outcome: .success, note: nil), as: LaunchFixture.admin)
        f.append(EventDraft(actor: "system", StatusPosted(status: .green, message: "done", milestone: "launch ended", channels: ["ops"])))
        let message = try #require(StatusMessage(state: try f.state, metrics: [], schedule: try f.state.statusSchedule))
        #expect(message.progressLine.hasPrefix("launch ended: success"))
        #expect(message.nextUpdateLine == "none, the launch has ended")
        #expect(message.metricsLine == "none reported")
        #expect(message.text.contains("Milestone: launch ended"))
    }

    @Test func slackAndWebhookBodiesCarryTheSameFacts() throws {
        var f = try Self.fixture(minutesAfterT0: -30)
        try f.run(.postStatus(status: .red, message: "p99 <800ms> & rising"), as: LaunchFixture.lead)
        let message = try #require(StatusMessage(state: try f.state, metrics: [], schedule: try f.state.statusSchedule))
        let slack = message.slackPayload
        #expect(slack["text"]?.stringValue == message.text)
        guard case .array(let blocks)? = slack["blocks"] else { Issue.record("no blocks"); return }
        #expect(blocks.first?["type"]?.stringValue == "header")
        #expect(blocks.first?["text"]?["text"]?.stringValue == "🔴 RED · checkout-v2")
        #expect(blocks[1]["text"]?["text"]?.stringValue == "p99 &lt;800ms&gt; &amp; rising", "mrkdwn control characters are escaped")
        let hook = message.webhookPayload
        #expect(hook["status"]?.stringValue == "red")
        #expect(hook["seq"] == .int(Int64(f.events.count)))
        #expect(hook["event"]?.stringValue == "status.posted")
        #expect(hook["progress"]?["phase"]?.stringValue == "T-1h: Go/No-Go")
        #expect(hook["nextUpdate"]?.stringValue == "2026-12-01T08:00:00.000Z", "next update at T-0 (UTC)")
        #expect(CanonicalJSON.bytes(hook) == CanonicalJSON.bytes(message.webhookPayload), "the same bytes every time")
        // The chain head goes out with the update: whoever keeps it can catch a cut tail later.
        let head = try f.state
        let anchor = "\(head.seq):\(head.lastHash)"
        #expect(hook["anchor"]?["text"]?.stringValue == anchor)
        #expect(hook["anchor"]?["hash"]?.stringValue == f.events.last?.hash)
        guard case .array(let context)? = blocks.last?["elements"] else { Issue.record("no context block"); return }
        #expect(context.first?["text"]?.stringValue?.contains(anchor) == true, "the Slack context line names the anchor")
        #expect(ChainAnchor.all(in: CanonicalJSON.string(slack)) == [ChainAnchor(seq: head.seq, hash: head.lastHash)])
    }

    @Test(arguments: [(0.0, "T-0"), (-93_600.0, "T-1d2h"), (900.0, "T+15m"), (3660.0, "T+1h1m")])
    func relativeTimes(seconds: Double, text: String) {
        #expect(StatusMessage.relative(LaunchFixture.t0.addingTimeInterval(seconds), to: LaunchFixture.t0) == text)
    }

    @Test(arguments: [(0.0123, "0.0123"), (420.0, "420"), (1234.567, "1234.6"), (1.5, "1.5"), (0.00001234, "0.000012")])
    func metricValues(value: Double, text: String) {
        #expect(TriggerMetrics.format(value) == text)
    }
}
