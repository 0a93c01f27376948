import Foundation

/// What Liftoff posts to an interaction's `response_url` (docs/slack.md): after a recorded
/// decision, a replacement of the message showing where the decision stands (who voted what,
/// the gate's decision, the rollback confirmed or held), with the buttons kept while the
/// decision is still open; after a refusal, an ephemeral note to the one who pressed.
public enum SlackReply {
    /// The message that replaces the original once `actor` pressed `action`; `state` is the launch
    /// after the events it recorded.
    public static func outcome(state: LaunchState, value: SlackActionValue, action: SlackAction, actor: String) -> JSONValue {
        var lines: [String] = []
        var stillOpen = false
        let did: String
        switch action {
        case .gateGo, .gateNoGo:
            let gateID = value.decision.gate ?? ""
            let gate = state.gate(gateID)
            let progress = state.gates[gateID] ?? GateProgress(gate: gateID)
            did = "\(actor) voted \(action == .gateGo ? "GO" : "NO-GO")"
            lines.append("*Gate '\(StatusMessage.slackEscaped(gate?.title ?? gateID))'*: \(progress.isPassable && progress.decision != .go ? "overridden" : progress.decision.label)")
            for role in gate?.roles ?? [] {
                if let vote = progress.votes[RoleName.key(role)] {
                    lines.append("• \(StatusMessage.slackEscaped(role)): \(vote.vote == .go ? "GO" : "NO-GO") by \(StatusMessage.slackEscaped(vote.by))")
                } else {
                    lines.append("• \(StatusMessage.slackEscaped(role)): waiting")
                }
            }
            stillOpen = progress.decision == .open && !progress.isPassable && state.ended == nil
        case .rollbackConfirm, .rollbackHold:
            let rollback = state.rollback
            did = action == .rollbackConfirm ? "\(actor) confirmed the rollback" : "\(actor) put the launch on hold"
            let confirmations = rollback?.confirmations.map { c in c.role.map { "\(c.by) (\($0))" } ?? c.by } ?? []
            if rollback?.started == true {
                lines.append("*Rollback confirmed* by \(StatusMessage.slackEscaped(confirmations.joined(separator: ", "))); the rollback procedure runs")
            } else {
                let so_far = confirmations.isEmpty ? "" : " (confirmed so far by \(StatusMessage.slackEscaped(confirmations.joined(separator: ", "))))"
                lines.append("*Rollback awaiting confirmation* from \(StatusMessage.slackEscaped(state.rollbackAuthority.description))\(so_far)")
                stillOpen = state.ended == nil && rollback?.stopped == false
            }
            if let hold = state.hold {
                lines.append("*Launch on hold* by \(StatusMessage.slackEscaped(hold.by)): \(StatusMessage.slackEscaped(hold.reason))")
            }
        }
        let headline = "\(state.name): \(did)"
        var blocks: [JSONValue] = [
            .object(["type": .string("section"), "text": mrkdwn(StatusMessage.slackEscaped(headline))]),
            .object(["type": .string("section"), "text": mrkdwn(lines.joined(separator: "\n"))]),
        ]
        if stillOpen { blocks.append(StatusMessage.slackActions(launch: value.launch, decision: value.decision)) }
        blocks.append(.object(["type": .string("context"), "elements": .array([mrkdwn("Liftoff launch \(state.launch), event \(state.seq)")])]))
        return .object([
            "replace_original": .bool(true),
            "text": .string(StatusMessage.clip(([headline] + lines).joined(separator: "\n"), 3000)),
            "blocks": .array(blocks),
        ])
    }

    /// The note only the presser sees; nothing was recorded.
    public static func refusal(_ message: String, hint: String? = nil) -> JSONValue {
        let text = "Liftoff did not record that: \(message)" + (hint.map { "\n\($0)" } ?? "")
        return .object([
            "response_type": .string("ephemeral"),
            "replace_original": .bool(false),
            "text": .string(StatusMessage.clip(text, 3000)),
        ])
    }

    private static func mrkdwn(_ text: String) -> JSONValue {
        .object(["type": .string("mrkdwn"), "text": .string(StatusMessage.clip(text, 3000))])
    }
}
