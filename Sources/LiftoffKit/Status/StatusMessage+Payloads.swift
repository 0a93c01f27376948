import Foundation

/// The bodies the channels send, built from one `StatusMessage` so Slack, the webhook and the
/// plain text never disagree. Both are JSON values; `CanonicalJSON.bytes` gives the exact bytes
/// (sorted keys), the same on every retry.
extension StatusMessage {
    /// Slack incoming-webhook body: `text` for notifications and clients without blocks, `blocks`
    /// for the layout (header, message, the template's fields, context).
    public var slackPayload: JSONValue {
        if let notice { return publicSlack(notice) }
        func plain(_ s: String, max: Int) -> JSONValue { .object(["type": .string("plain_text"), "text": .string(Self.clip(s, max)), "emoji": .bool(true)]) }
        func mrkdwn(_ s: String, max: Int) -> JSONValue { .object(["type": .string("mrkdwn"), "text": .string(Self.clip(s, max))]) }
        let fields: [JSONValue] = [
            mrkdwn("*Time*\n\(Self.slackEscaped(timeLine))", max: 2000),
            mrkdwn("*Status*\n\(statusLine)", max: 2000),
            mrkdwn("*Progress*\n\(Self.slackEscaped(progressLine))", max: 2000),
            mrkdwn("*Next update*\n\(Self.slackEscaped(nextUpdateLine))", max: 2000),
        ]
        var blocks: [JSONValue] = [
            .object(["type": .string("header"), "text": plain("\(status.emoji) \(status.label) · \(launchName)", max: 150)]),
            .object(["type": .string("section"), "text": mrkdwn(Self.slackEscaped(message), max: 3000)]),
            .object(["type": .string("section"), "fields": .array(fields)]),
            .object(["type": .string("section"), "text": mrkdwn("*Metrics*\n\(Self.slackEscaped(metricsLine))", max: 3000)]),
        ]
        if let decision { blocks.append(Self.slackActions(launch: launchID, decision: decision)) }
        var context = "Posted by \(postedBy)"
        if let milestone { context += " · \(milestone)" }
        context += " · Liftoff launch \(launchID), event \(seq) · chain anchor `\(anchor)`"
        blocks.append(.object(["type": .string("context"), "elements": .array([mrkdwn(Self.slackEscaped(context), max: 3000)])]))
        return .object(["text": .string(Self.clip(text, 3000)), "blocks": .array(blocks)])
    }

    /// The buttons of a decision: an `actions` block whose buttons name their action and carry
    /// the launch and the decision, nothing secret (docs/slack.md).
    public static func slackActions(launch: Int64, decision: StatusDecision) -> JSONValue {
        let value = SlackActionValue(launch: launch, decision: decision).text
        let buttons: [JSONValue] = SlackAction.offered(for: decision).map { action in
            var button: [String: JSONValue] = [
                "type": .string("button"),
                "action_id": .string(action.rawValue),
                "text": .object(["type": .string("plain_text"), "text": .string(action.label), "emoji": .bool(true)]),
                "value": .string(value),
            ]
            if let style = action.style { button["style"] = .string(style) }
            return .object(button)
        }
        return .object(["type": .string("actions"), "block_id": .string("liftoff_decision"), "elements": .array(buttons)])
    }

    /// Generic webhook body: the fields a receiver needs to act without parsing text.
    public var webhookPayload: JSONValue {
        if let notice { return publicWebhook(notice) }
        var progress: [String: JSONValue] = [
            "done": .int(Int64(stepsDone)),
            "skipped": .int(Int64(stepsSkipped)),
            "total": .int(Int64(stepsTotal)),
            "phase": phase.map(JSONValue.string) ?? .null,
        ]
        if let outcome { progress["outcome"] = .string(outcome.rawValue) }
        var body: [String: JSONValue] = [
            "event": .string(EventType.statusPosted.rawValue),
            "launch": .string(launchName),
            "launchId": .int(launchID),
            "seq": .int(Int64(seq)),
            "anchor": .object(["seq": .int(Int64(seq)), "hash": .string(anchor.hash), "text": .string(anchor.description)]),
            "status": .string(status.rawValue),
            "message": .string(message),
            "milestone": milestone.map(JSONValue.string) ?? .null,
            "postedBy": .string(postedBy),
            "time": .string(CanonicalTime.string(time)),
            "t0": .string(CanonicalTime.string(t0)),
            "progress": .object(progress),
            "metrics": .array(metrics.map { .object(["name": .string($0.name), "value": .string($0.value)]) }),
            "nextUpdate": nextUpdate.map { .string(CanonicalTime.string($0)) } ?? .null,
            "text": .string(text),
        ]
        // Why Liftoff posted it (docs/notifications.md, "Why an update went out"); people's posts have none.
        if let cause {
            var fields: [String: JSONValue] = ["kind": .string(cause.kind.rawValue)]
            if let trigger = cause.trigger { fields["trigger"] = .string(trigger) }
            if let action = cause.action { fields["action"] = .string(action) }
            if let outcome = cause.outcome { fields["outcome"] = .string(outcome.rawValue) }
            body["cause"] = .object(fields)
        }
        return .object(body)
    }

    /// Slack treats `&`, `<` and `>` as control characters in mrkdwn (links, mentions).
    static func slackEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Slack rejects blocks over its size limits; a long message is cut with an ellipsis.
    static func clip(_ s: String, _ max: Int) -> String {
        s.count <= max ? s : String(s.prefix(max - 1)) + "…"
    }
}

extension StatusLevel {
    /// The circle Slack shows in the header.
    public var emoji: String {
        switch self {
        case .green: "🟢"
        case .yellow: "🟡"
        case .red: "🔴"
        }
    }
}
