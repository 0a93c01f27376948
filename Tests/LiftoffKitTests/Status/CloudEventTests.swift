import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// A webhook channel with `format: cloudevents` sends each update as a CloudEvents 1.0 event in
/// structured mode (docs/notifications.md, "CloudEvents").
@Suite struct CloudEventTests {
    static let vars = """
    notify:
      bus:
        kind: webhook
        url: http://127.0.0.1:9000/events
        format: cloudevents
    """

    /// The spec's rules for the attributes a producer must set, and the ones it sets here.
    static func expectValidEnvelope(_ event: JSONValue) {
        guard case .object(let attributes) = event else {
            Issue.record("not an object")
            return
        }
        #expect(attributes["specversion"]?.stringValue == "1.0")
        for required in ["id", "source", "type"] {
            let value = attributes[required]?.stringValue ?? ""
            #expect(!value.isEmpty, "\(required) is a non-empty string")
        }
        let source = attributes["source"]?.stringValue ?? ""
        #expect(URL(string: source) != nil, "source is a URI-reference")
        let time = attributes["time"]?.stringValue ?? ""
        #expect(ISO8601DateFormatter.fractional.date(from: time) != nil, "time is RFC 3339")
        #expect(attributes["datacontenttype"]?.stringValue == "application/json")
        // Attribute names are lower-case letters and digits only (CloudEvents 1.0, "Attribute Naming Convention").
        #expect(attributes.keys.allSatisfy { $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } })
    }

    @Test func theChannelSaysItsFormatAndOnlyAWebhookHasOne() throws {
        let vars = try LaunchVariables.parse(Self.vars, file: "vars.yaml")
        #expect(vars.channels.first?.format == .cloudevents)
        func refusal(_ text: String) -> InputError? {
            do {
                _ = try LaunchVariables.parse(text, file: "vars.yaml")
                return nil
            } catch {
                return error
            }
        }
        let unknown = refusal("notify:\n  bus:\n    kind: webhook\n    url: http://127.0.0.1:9/x\n    format: xml\n")
        #expect(unknown?.message.contains("unknown webhook format 'xml'") == true)
        let slack = refusal("notify:\n  chat:\n    kind: slack\n    url: env:SLACK\n    format: cloudevents\n")
        #expect(slack?.position.line == 5, "the error points at the format")
        #expect(slack?.message.contains("only a webhook") == true)
    }

    @Test func anUpdateIsAnEnvelopeAroundTheWebhookBody() throws {
        var f = LaunchFixture(now: LaunchFixture.t0.addingTimeInterval(7 * 60), variables: try LaunchVariables.parse(Self.vars, file: "vars.yaml"))
        try f.run(.postStatus(status: .yellow, message: "canary at 10%"), as: LaunchFixture.lead)
        let message = try #require(StatusMessage(state: try f.state, metrics: [], schedule: nil))
        let event = message.cloudEvent(id: "1.abc-7-bus")
        Self.expectValidEnvelope(event)
        #expect(event["id"]?.stringValue == "1.abc-7-bus")
        #expect(event["type"]?.stringValue == "dev.liftoff.status.posted")
        #expect(event["subject"]?.stringValue == "checkout-v2")
        #expect(event["source"]?.stringValue == "/liftoff/launches/\(message.launchID)")
        #expect(event["data"] == message.webhookPayload)
        #expect(event["time"]?.stringValue == CanonicalTime.string(message.time))
    }

    @Test func typesNameWhatHappenedInCDEventsWordsWhereThereAreSome() throws {
        var f = LaunchFixture(now: LaunchFixture.t0.addingTimeInterval(90 * 60), variables: try LaunchVariables.parse(Self.vars, file: "vars.yaml"))
        f.append(EventDraft(actor: "system", StatusPosted(status: .red, message: "error rate firing", milestone: StatusMilestones.triggerFiring, channels: ["bus"])))
        #expect(try #require(StatusMessage(state: try f.state, metrics: [], schedule: nil)).cloudEventType == "dev.liftoff.trigger.firing")
        try f.run(.end(outcome: .rolledBack, note: nil), as: LaunchFixture.admin)
        f.append(EventDraft(actor: "system", StatusPosted(status: .red, message: "rolled back", milestone: StatusMilestones.launchEnded, channels: ["bus"])))
        let ended = try #require(StatusMessage(state: try f.state, metrics: [], schedule: nil))
        #expect(ended.cloudEventType == "dev.liftoff.service.rolledback")
        Self.expectValidEnvelope(ended.cloudEvent(id: "x"))
    }
}

extension ISO8601DateFormatter {
    /// RFC 3339 with fractional seconds, as Liftoff writes times.
    static var fractional: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
