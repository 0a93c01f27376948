import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// Decisions from Slack (docs/slack.md): the buttons on the updates that ask for a decision,
/// Slack's request signature, and reading an interaction payload.
@Suite struct SlackDecisionTests {
    static let secret = Array("8f742231b10e8888abcd99yyyzzz85a5".utf8)
    static let now = Date(timeIntervalSince1970: 1_796_112_000)

    static func payload(type: String = "block_actions", user: JSONValue = .object(["id": .string("U0LEE"), "username": .string("lee")]),
                        action: String = "liftoff_gate_go", value: String = #"{"gate":"t-1h-go-no-go","launch":1}"#,
                        responseURL: String = "https://hooks.slack.com/actions/T1/1/abc") -> JSONValue {
        .object([
            "type": .string(type), "user": user, "team": .object(["id": .string("T1")]), "trigger_id": .string("1.2.3"),
            "actions": .array([.object(["action_id": .string(action), "block_id": .string("liftoff_decision"), "type": .string("button"),
                                        "value": .string(value), "action_ts": .string("1796112000.1")])]),
            "response_url": .string(responseURL), "message": .object(["text": .string("…"), "blocks": .array([])]),
        ])
    }

    static func form(_ payload: JSONValue) -> [UInt8] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Array(("payload=" + (CanonicalJSON.string(payload).addingPercentEncoding(withAllowedCharacters: allowed) ?? "")).utf8)
    }

    // MARK: The signature

    @Test func aSignatureOverTimestampAndBodyVerifiesAndNothingElseDoes() {
        let body = Self.form(Self.payload())
        let stamp = "\(Int(Self.now.timeIntervalSince1970))"
        let good = SlackSignature.value(secret: Self.secret, timestamp: stamp, body: body)
        #expect(good.hasPrefix("v0=") && good.count == 67)
        #expect(SlackSignature.verify(signature: good, timestamp: stamp, body: body, secret: Self.secret, now: Self.now) == .valid)
        #expect(SlackSignature.verify(signature: good, timestamp: stamp, body: body, secret: Self.secret, now: Self.now.addingTimeInterval(299)) == .valid)

        let other = SlackSignature.value(secret: Array("another secret".utf8), timestamp: stamp, body: body)
        #expect(SlackSignature.verify(signature: other, timestamp: stamp, body: body, secret: Self.secret, now: Self.now) == .mismatch)
        #expect(SlackSignature.verify(signature: good, timestamp: stamp, body: body + [0x20], secret: Self.secret, now: Self.now) == .mismatch, "the body is signed")
        let later = "\(Int(Self.now.timeIntervalSince1970) + 1)"
        #expect(SlackSignature.verify(signature: good, timestamp: later, body: body, secret: Self.secret, now: Self.now) == .mismatch, "the timestamp is signed")
        #expect(SlackSignature.verify(signature: String(good.dropLast()), timestamp: stamp, body: body, secret: Self.secret, now: Self.now) == .mismatch)
        #expect(SlackSignature.verify(signature: "v1=" + good.dropFirst(3), timestamp: stamp, body: body, secret: Self.secret, now: Self.now) == .mismatch)
        #expect(SlackSignature.verify(signature: "v0=" + String(repeating: "zz", count: 32), timestamp: stamp, body: body, secret: Self.secret, now: Self.now) == .mismatch)
    }

    @Test func oldOrFutureTimestampsAndMissingHeadersAreRefusedBeforeTheHMAC() {
        let body = Self.form(Self.payload())
        let old = "\(Int(Self.now.timeIntervalSince1970) - 301)"
        let replayed = SlackSignature.value(secret: Self.secret, timestamp: old, body: body)
        guard case .stale = SlackSignature.verify(signature: replayed, timestamp: old, body: body, secret: Self.secret, now: Self.now) else {
            Issue.record("a request signed 301 s ago was accepted")
            return
        }
        let future = "\(Int(Self.now.timeIntervalSince1970) + 301)"
        let early = SlackSignature.value(secret: Self.secret, timestamp: future, body: body)
        #expect(SlackSignature.verify(signature: early, timestamp: future, body: body, secret: Self.secret, now: Self.now) != .valid)
        #expect(SlackSignature.verify(signature: nil, timestamp: "1", body: body, secret: Self.secret, now: Self.now) == .missing("missing header X-Slack-Signature"))
        #expect(SlackSignature.verify(signature: replayed, timestamp: nil, body: body, secret: Self.secret, now: Self.now) == .missing("missing header X-Slack-Request-Timestamp"))
        #expect(SlackSignature.verify(signature: replayed, timestamp: "soon", body: body, secret: Self.secret, now: Self.now) != .valid)
    }

    // MARK: The payload

    @Test func aButtonPressIsReadFromTheForm() throws {
        let interaction = try SlackInteraction.parse(formBody: Self.form(Self.payload()))
        #expect(interaction.user == "U0LEE")
        #expect(interaction.action == .gateGo)
        #expect(interaction.value == SlackActionValue(launch: 1, decision: .gate("t-1h-go-no-go")))
        #expect(interaction.responseURL.absoluteString == "https://hooks.slack.com/actions/T1/1/abc")

        let rollback = try SlackInteraction.parse(payload: CanonicalJSON.string(Self.payload(action: "liftoff_rollback_hold", value: #"{"launch":7,"rollback":12}"#)))
        #expect(rollback.action == .rollbackHold && rollback.value == SlackActionValue(launch: 7, decision: .rollback(requestSeq: 12)))
        // `+` is a space in a form body.
        let spaced = Array("payload=".utf8) + Array(CanonicalJSON.string(Self.payload()).replacingOccurrences(of: "&", with: "%26").utf8)
        #expect(try SlackInteraction.parse(formBody: spaced).user == "U0LEE")
    }

    @Test(arguments: [
        (String?.none, "payload"),
        ("[1]", "payload"),
        (CanonicalJSON.string(payload(type: "view_submission")), "payload.type"),
        (CanonicalJSON.string(payload(user: .object(["name": .string("lee")]))), "payload.user.id"),
        (CanonicalJSON.string(payload(user: .string("U0LEE"))), "payload.user"),
        (CanonicalJSON.string(payload(action: "approve")), "payload.actions[0].action_id"),
        (CanonicalJSON.string(payload(value: "gate=x")), "payload.actions[0].value"),
        (CanonicalJSON.string(payload(value: #"{"gate":"x"}"#)), "payload.actions[0].value.launch"),
        (CanonicalJSON.string(payload(value: #"{"launch":1}"#)), "payload.actions[0].value"),
        (CanonicalJSON.string(payload(action: "liftoff_rollback_confirm")), "payload.actions[0].value"),
        (CanonicalJSON.string(payload(responseURL: "file:///etc/passwd")), "payload.response_url"),
        (CanonicalJSON.string(payload(responseURL: "javascript:alert(1)")), "payload.response_url"),
    ])
    func aMalformedPayloadNamesItsField(payload: String?, field: String) {
        let body: [UInt8] = payload.map { Array(("payload=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")).utf8) } ?? Array("token=x".utf8)
        do {
            _ = try SlackInteraction.parse(formBody: body)
            Issue.record("accepted: \(payload ?? "no payload")")
        } catch {
            #expect(error.field == field, "\(error)")
            #expect(error.description.contains("'\(field)'"))
        }
    }

    // MARK: The buttons

    static func fixture(minutesAfterT0: Double) throws -> LaunchFixture {
        var f = LaunchFixture(now: LaunchFixture.t0.addingTimeInterval(-86_400), variables: try LaunchVariables.parse(StatusMessageTests.vars, file: "vars.yaml"))
        f.now = LaunchFixture.t0.addingTimeInterval(minutesAfterT0 * 60)
        return f
    }

    static func actions(_ payload: JSONValue) -> JSONValue? {
        guard case .array(let blocks)? = payload["blocks"] else { return nil }
        return blocks.first { $0["type"] == .string("actions") }
    }

    @Test func aGateWhoseTimeCameAsksForVotesWithGoAndNoGoButtonsOnce() throws {
        var f = try Self.fixture(minutesAfterT0: -59)
        let owed = StatusMilestones.owed(events: f.events, state: try f.state, now: f.now)
        let ask = try #require(owed.first { $0.milestone == StatusMilestones.gateAwaitingVotes })
        #expect(ask.decision == .gate(LaunchFixture.gate))
        #expect(ask.channels == ["slack", "ops"], "internal channels only")
        #expect(ask.message.contains("Engineering Lead") && ask.message.contains("Product Owner"))
        for post in owed { f.append(EventDraft(actor: StatusMilestones.actor, post)) }
        #expect(!StatusMilestones.owed(events: f.events, state: try f.state, now: f.now).contains { $0.milestone == StatusMilestones.gateAwaitingVotes },
                "posted once, also after a restart")

        // Its Slack message carries the buttons; a retry renders the same bytes.
        var upTo = f
        upTo.events = Array(f.events.prefix { $0.seq <= (f.events.last { $0.type == "status.posted" && (try? $0.decode(StatusPosted.self))?.decision != nil }?.seq ?? 0) })
        let message = try #require(StatusMessage(state: try upTo.state, metrics: [], schedule: nil))
        let buttons = try #require(Self.actions(message.slackPayload))
        guard case .array(let elements)? = buttons["elements"] else { Issue.record("no buttons"); return }
        #expect(elements.map { $0["action_id"] } == [.string("liftoff_gate_go"), .string("liftoff_gate_nogo")])
        #expect(elements.map { $0["text"]?["text"] } == [.string("GO"), .string("NO-GO")])
        #expect(elements.allSatisfy { $0["value"] == .string(#"{"gate":"t-1h-go-no-go","launch":1}"#) })
        let again = try #require(StatusMessage(state: try upTo.state, metrics: [], schedule: nil))
        #expect(CanonicalJSON.bytes(again.slackPayload) == CanonicalJSON.bytes(message.slackPayload))

        // Decided, the gate asks nothing more.
        var decided = try Self.fixture(minutesAfterT0: -59)
        try decided.run(.vote(gate: LaunchFixture.gate, role: "Engineering Lead", vote: .nogo, comment: nil), as: LaunchFixture.lead)
        #expect(!StatusMilestones.owed(events: decided.events, state: try decided.state, now: decided.now).contains { $0.milestone == StatusMilestones.gateAwaitingVotes })
    }

    @Test func aRollbackAwaitingConfirmationOffersConfirmAndHold() throws {
        var f = try Self.fixture(minutesAfterT0: 5)
        try f.run(.requestRollback(reason: "error rate 3%"), as: LaunchFixture.lead)
        let request = try #require(f.events.last { $0.type == "rollback.requested" })
        let post = try #require(StatusMilestones.update(for: request, in: try f.state))
        #expect(post.decision == .rollback(requestSeq: request.seq))
        f.append(EventDraft(actor: StatusMilestones.actor, post))
        let message = try #require(StatusMessage(state: try f.state, metrics: [], schedule: nil))
        let buttons = try #require(Self.actions(message.slackPayload))
        guard case .array(let elements)? = buttons["elements"] else { Issue.record("no buttons"); return }
        #expect(elements.map { $0["action_id"] } == [.string("liftoff_rollback_confirm"), .string("liftoff_rollback_hold")])
        #expect(elements.first?["value"] == .string("{\"launch\":1,\"rollback\":\(request.seq)}"))
        #expect(message.webhookPayload["decision"] == nil, "the webhook body is unchanged")
        // An update that asks for nothing has no buttons.
        try f.run(.postStatus(status: .yellow, message: "looking"), as: LaunchFixture.lead)
        #expect(Self.actions(try #require(StatusMessage(state: try f.state, metrics: [], schedule: nil)).slackPayload) == nil)
    }

    @Test func theReplyShowsTheVotesAndKeepsTheButtonsWhileTheGateIsOpen() throws {
        var f = try Self.fixture(minutesAfterT0: -59)
        try f.run(.vote(gate: LaunchFixture.gate, role: "Engineering Lead", vote: .go, comment: nil), as: LaunchFixture.lead)
        let value = SlackActionValue(launch: 1, decision: .gate(LaunchFixture.gate))
        let open = SlackReply.outcome(state: try f.state, value: value, action: .gateGo, actor: "lee")
        #expect(open["replace_original"] == .bool(true))
        #expect(open["text"]?.stringValue?.contains("lee voted GO") == true)
        #expect(open["text"]?.stringValue?.contains("Engineering Lead: GO by lee") == true)
        #expect(open["text"]?.stringValue?.contains("Product Owner: waiting") == true)
        #expect(Self.actions(open) != nil, "the other approver still needs the buttons")
        try f.run(.vote(gate: LaunchFixture.gate, role: "Product Owner", vote: .go, comment: nil), as: LaunchFixture.owner)
        let done = SlackReply.outcome(state: try f.state, value: value, action: .gateGo, actor: "pat")
        #expect(done["text"]?.stringValue?.contains("GO") == true)
        #expect(Self.actions(done) == nil, "decided: no more buttons")

        let refusal = SlackReply.refusal("pat holds Product Owner", hint: "ask an admin")
        #expect(refusal == .object(["response_type": .string("ephemeral"), "replace_original": .bool(false),
                                     "text": .string("Liftoff did not record that: pat holds Product Owner\nask an admin")]))
    }
}
