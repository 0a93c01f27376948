import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

@Suite struct StatusAndChannelTests {
    static let vars = """
    DOMAIN: shop.example.com
    notify:
      slack: env:SLACK_WEBHOOK_URL
      ops:
        kind: webhook
        url: http://127.0.0.1:9000/hook
        secret: env:HOOK_SECRET
    rollback: auto
    status every: 30 minutes
    """

    @Test func varsFileDeclaresChannelsPolicyAndCadence() throws {
        let v = try LaunchVariables.parse(Self.vars, file: "vars.yaml")
        #expect(v.values == ["DOMAIN": "shop.example.com"])
        #expect(v.channels == [
            NotifyChannel(name: "slack", kind: .slack, url: "env:SLACK_WEBHOOK_URL", secret: nil),
            NotifyChannel(name: "ops", kind: .webhook, url: "http://127.0.0.1:9000/hook", secret: "env:HOOK_SECRET"),
        ])
        #expect(v.rollbackPolicy == .auto)
        #expect(v.statusCadence == "30 minutes")
    }

    @Test(arguments: [
        ("notify:\n  pager: http://x\n", 2, "needs a kind"),
        ("notify:\n  ops:\n    kind: fax\n    url: http://x\n", 3, "unknown channel kind 'fax'"),
        ("notify:\n  ops:\n    kind: webhook\n", 3, "has no url"),
        ("notify:\n  ops:\n    kind: webhook\n    url: http://x\n    token: y\n", 5, "unknown field 'token'"),
        ("rollback: sometimes\n", 1, "must be 'manual' or 'auto'"),
    ])
    func badNotifySettingsArePointedAt(yaml: String, line: Int, message: String) {
        #expect {
            _ = try LaunchVariables.parse(yaml, file: "vars.yaml")
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.position.line == line && e.message.contains(message)
        }
    }

    @Test func postedStatusIsTheOutboxEntryForEveryChannel() throws {
        var f = LaunchFixture(variables: try LaunchVariables.parse(Self.vars, file: "vars.yaml"))
        try f.run(.postStatus(status: .yellow, message: "canary at 10%, watching p99"), as: LaunchFixture.lead)
        let state = try f.state
        let status = try #require(state.currentStatus)
        #expect(status.status == .yellow)
        #expect(status.channels == ["slack", "ops"])
        #expect(status.seq == f.events.count)
        #expect(state.created.channels?.first?.url == "env:SLACK_WEBHOOK_URL", "the secret stays a reference")
    }

    @Test func viewersCannotPostAndAMessageIsRequired() throws {
        var f = LaunchFixture()
        #expect(LaunchFixture.refusal(try f.run(.postStatus(status: .green, message: "hi"), as: LaunchFixture.viewer))?.kind == .forbidden)
        #expect(LaunchFixture.refusal(try f.run(.postStatus(status: .green, message: "  "), as: LaunchFixture.lead))?.kind == .invalid)
    }
}
