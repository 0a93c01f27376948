import AsyncHTTPClient
import Foundation
import Hummingbird
import LiftoffApplication
import LiftoffKit
import LiftoffNotify
import LiftoffServer
import LiftoffStore
import LiftoffTestSupport
import Synchronization
import Testing

/// `POST /api/v1/slack/interactions` against a real server, with requests signed the way Slack
/// signs them and a real HTTP receiver on 127.0.0.1 standing in for the `response_url`
/// (docs/slack.md).
@Suite struct SlackInteractionTests {
    static let secret = "8f742231b10e8888abcd99yyyzzz85a5"

    final class Answers: Sendable {
        let bodies = Mutex<[String]>([])

        /// Waits for answer number `count` (1-based) to arrive.
        func waitFor(_ count: Int) async throws -> JSONValue {
            for _ in 0..<400 {
                if let body = bodies.withLock({ $0.count >= count ? $0[count - 1] : nil }) {
                    return try #require(JSONValue.parse(body))
                }
                try await Task.sleep(for: .milliseconds(25))
            }
            throw TestFailure("no answer \(count) reached the response_url")
        }

        var count: Int { bodies.withLock { $0.count } }
    }

    /// A server with Slack interactions on, answering through the delivery client to a receiver.
    static func with(_ body: @Sendable (TestServer, _ responseURL: String, Answers) async throws -> Void) async throws {
        let answers = Answers()
        let router = Router()
        router.post("/actions/{n}") { request, _ -> HTTPResponse.Status in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            answers.bodies.withLock { $0.append(String(buffer: bytes)) }
            return .ok
        }
        try await TestHTTPServer.with(router) { port in
            let client = OutboxDispatcher.makeHTTPClient()
            var settings = ServerSettings()
            settings.slackSigningSecret = secret
            let sender = SlackResponseSender(client: client)
            settings.slackResponses = { url, body in await sender.post(url, body) }
            do {
                try await TestServer.with(settings: settings) { server in
                    try await body(server, "http://127.0.0.1:\(port)/actions/1", answers)
                }
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    static func form(user: String, action: SlackAction, value: SlackActionValue, responseURL: String) -> String {
        let payload: JSONValue = .object([
            "type": "block_actions", "user": .object(["id": .string(user), "username": "someone", "team_id": "T1"]),
            "api_app_id": "A1", "token": "deprecated-verification-token", "trigger_id": "1.2.3", "team": .object(["id": "T1"]),
            "actions": .array([.object(["action_id": .string(action.rawValue), "block_id": "liftoff_decision", "type": "button",
                                        "text": .object(["type": "plain_text", "text": .string(action.label)]),
                                        "value": .string(value.text), "action_ts": "1796112000.000100"])]),
            "response_url": .string(responseURL), "container": .object(["type": "message"]),
        ])
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "payload=" + (CanonicalJSON.string(payload).addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    /// Posts `form` signed with `secret` at `time`, as Slack would.
    static func post(_ server: TestServer, _ form: String, secret: String = secret, at time: Date = Date()) async throws -> TestServer.Reply {
        let stamp = "\(Int(time.timeIntervalSince1970))"
        let signature = SlackSignature.value(secret: Array(secret.utf8), timestamp: stamp, body: Array(form.utf8))
        return try await server.request(.POST, "/api/v1/slack/interactions", body: form, headers: [
            ("Content-Type", "application/x-www-form-urlencoded"), ("X-Slack-Signature", signature), ("X-Slack-Request-Timestamp", stamp),
        ])
    }

    static func mapSlack(_ server: TestServer, _ name: String, _ slack: String) async throws {
        let account = try #require(try await server.store.accounts().first { $0.name == name })
        #expect(try await server.store.setSlackID(slack, of: account.id))
    }

    static func gateValue(_ server: TestServer) async throws -> SlackActionValue {
        SlackActionValue(launch: server.launch, decision: .gate(try await server.gateID()))
    }

    static func eventCount(_ server: TestServer, _ launch: Int64) async throws -> Int {
        try await server.store.read(launch, from: 1).count
    }

    @Test func aSignedGoFromAMappedApproverRecordsTheVoteAndReplacesTheMessage() async throws {
        try await Self.with { server, responseURL, answers in
            try await Self.mapSlack(server, "lee", "U0LEE")
            let value = try await Self.gateValue(server)
            let reply = try await Self.post(server, Self.form(user: "U0LEE", action: .gateGo, value: value, responseURL: responseURL))
            #expect(reply.status == 200, "\(reply.body)")
            #expect(reply.body.isEmpty, "Slack gets an immediate, empty 200")

            let votes = try await server.store.read(server.launch, from: 1).filter { $0.type == "gate.voted" }
            let vote = try #require(votes.first)
            #expect(vote.actor == "lee")
            #expect(try vote.decode(GateVoted.self).role == "Engineering Lead" && (try vote.decode(GateVoted.self).vote) == .go)

            let answer = try await answers.waitFor(1)
            #expect(answer["replace_original"] == .bool(true))
            let text = answer["text"]?.stringValue ?? ""
            #expect(text.contains("lee voted GO") && text.contains("Engineering Lead: GO by lee") && text.contains("Product Owner: waiting"), "\(text)")

            // The second approver's NO-GO decides the gate, by the same rules as the API.
            try await Self.mapSlack(server, "pat", "U0PAT")
            let nogo = try await Self.post(server, Self.form(user: "U0PAT", action: .gateNoGo, value: value, responseURL: responseURL))
            #expect(nogo.status == 200)
            #expect(try await server.state().gates[value.decision.gate ?? ""]?.decision == .nogo)
            let decided = try await answers.waitFor(2)
            #expect(decided["text"]?.stringValue?.contains("NO-GO") == true)
        }
    }

    @Test func aWrongSignatureOrAReplayedTimestampIsRefusedAndRecordsNothing() async throws {
        try await Self.with { server, responseURL, answers in
            try await Self.mapSlack(server, "lee", "U0LEE")
            let before = try await Self.eventCount(server, server.launch)
            let form = Self.form(user: "U0LEE", action: .gateGo, value: try await Self.gateValue(server), responseURL: responseURL)

            let forged = try await Self.post(server, form, secret: "not the signing secret")
            #expect(forged.status == 401, "\(forged.body)")
            #expect(forged.json?["error"]?["code"] == .string("unauthenticated"))

            let replayed = try await Self.post(server, form, at: Date().addingTimeInterval(-6 * 60))
            #expect(replayed.status == 401)
            #expect(replayed.errorMessage.contains("5 minutes"), "\(replayed.body)")

            let unsigned = try await server.request(.POST, "/api/v1/slack/interactions", body: form, headers: [("Content-Type", "application/x-www-form-urlencoded")])
            #expect(unsigned.status == 401)

            #expect(try await Self.eventCount(server, server.launch) == before, "nothing recorded")
            try await Task.sleep(for: .milliseconds(200))
            #expect(answers.count == 0, "nothing answered")
        }
    }

    @Test func anUnknownSlackUserOrARoleNotHeldGetsAnEphemeralRefusalAndNothingIsRecorded() async throws {
        try await Self.with { server, responseURL, answers in
            let token = UserToken.generate()
            _ = try await server.store.addUser(NewUser(name: "ron", tokenSHA256: UserToken.sha256(token), roles: ["Release Manager"], admin: false,
                                                       launch: nil, slackID: "U0RON"))
            let before = try await Self.eventCount(server, server.launch)
            let value = try await Self.gateValue(server)

            let stranger = try await Self.post(server, Self.form(user: "U0STRANGER", action: .gateGo, value: value, responseURL: responseURL))
            #expect(stranger.status == 200)
            let unknown = try await answers.waitFor(1)
            #expect(unknown["response_type"] == .string("ephemeral") && unknown["replace_original"] == .bool(false))
            #expect(unknown["text"]?.stringValue?.contains("not mapped to a Liftoff participant") == true, "\(unknown)")

            let ron = try await Self.post(server, Self.form(user: "U0RON", action: .gateGo, value: value, responseURL: responseURL))
            #expect(ron.status == 200)
            let notHeld = try await answers.waitFor(2)
            #expect(notHeld["response_type"] == .string("ephemeral") && notHeld["replace_original"] == .bool(false))
            #expect(notHeld["text"]?.stringValue?.contains("ron holds Release Manager") == true, "\(notHeld)")

            #expect(try await Self.eventCount(server, server.launch) == before, "neither a vote nor a participant.added")
        }
    }

    @Test func confirmRollbackByTheAuthorityConfirmsAndHoldPutsTheLaunchOnHold() async throws {
        try await Self.with { server, responseURL, answers in
            try await Self.mapSlack(server, "lee", "U0LEE")
            try await Self.mapSlack(server, "pat", "U0PAT")
            let service = LaunchService(store: server.store)
            let requester = LaunchActor(name: "lee", roles: ["Engineering Lead"], admin: false)

            let first = try await AlertReceiverTests.alertLaunch(server, name: "confirm-me")
            _ = try await service.execute(.requestRollback(reason: "error rate 3%"), on: first, by: requester)
            let seq = try #require(try await server.store.read(first, from: 1).last { $0.type == "rollback.requested" }?.seq)
            let rollback = SlackActionValue(launch: first, decision: .rollback(requestSeq: seq))

            // Pat is not the rollback authority: refused, nothing recorded.
            let before = try await Self.eventCount(server, first)
            #expect(try await Self.post(server, Self.form(user: "U0PAT", action: .rollbackConfirm, value: rollback, responseURL: responseURL)).status == 200)
            #expect(try await answers.waitFor(1)["response_type"] == .string("ephemeral"))
            #expect(try await Self.eventCount(server, first) == before)
            // An old message naming another request is refused too.
            let stale = SlackActionValue(launch: first, decision: .rollback(requestSeq: seq - 1))
            #expect(try await Self.post(server, Self.form(user: "U0LEE", action: .rollbackConfirm, value: stale, responseURL: responseURL)).status == 200)
            #expect(try await answers.waitFor(2)["text"]?.stringValue?.contains("no longer") == true)

            #expect(try await Self.post(server, Self.form(user: "U0LEE", action: .rollbackConfirm, value: rollback, responseURL: responseURL)).status == 200)
            let confirmed = try await answers.waitFor(3)
            #expect(confirmed["replace_original"] == .bool(true))
            #expect(confirmed["text"]?.stringValue?.contains("Rollback confirmed") == true, "\(confirmed)")
            #expect(try await service.state(first).rollback?.started == true)

            let second = try await AlertReceiverTests.alertLaunch(server, name: "hold-me")
            _ = try await service.execute(.requestRollback(reason: "p99 1.2 s"), on: second, by: requester)
            let heldSeq = try #require(try await server.store.read(second, from: 1).last { $0.type == "rollback.requested" }?.seq)
            let hold = SlackActionValue(launch: second, decision: .rollback(requestSeq: heldSeq))
            #expect(try await Self.post(server, Self.form(user: "U0PAT", action: .rollbackHold, value: hold, responseURL: responseURL)).status == 200)
            let held = try await answers.waitFor(4)
            #expect(held["text"]?.stringValue?.contains("pat put the launch on hold") == true, "\(held)")
            let state = try await service.state(second)
            #expect(state.hold?.by == "pat")
            #expect(state.rollback?.started == false, "held, not confirmed")
        }
    }

    @Test func aMalformedPayloadGets400NamingTheField() async throws {
        try await Self.with { server, _, _ in
            let form = Self.form(user: "U0LEE", action: .gateGo, value: try await Self.gateValue(server), responseURL: "ftp://example.com/x")
            let reply = try await Self.post(server, form)
            #expect(reply.status == 400)
            #expect(reply.errorMessage.contains("'payload.response_url'"), "\(reply.body)")
            let empty = try await Self.post(server, "token=x")
            #expect(empty.status == 400 && empty.errorMessage.contains("'payload'"), "\(empty.body)")
        }
    }

    @Test func withoutTheSigningSecretTheRouteIsOff() async throws {
        try await TestServer.with { server in
            let reply = try await Self.post(server, "payload=%7B%7D")
            #expect(reply.status == 404)
            #expect(reply.errorMessage.contains("LIFTOFF_SLACK_SIGNING_SECRET"))
        }
    }
}
