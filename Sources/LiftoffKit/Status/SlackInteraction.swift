import Foundation

/// A button press as Slack posts it to the interactivity request URL: an
/// `application/x-www-form-urlencoded` body whose `payload` field is the JSON of a
/// `block_actions` interaction (docs/slack.md). Only what Liftoff acts on is read; everything
/// else Slack sends (the message, the channel, the team) is allowed and ignored.
public struct SlackInteraction: Hashable, Sendable {
    /// The Slack user who pressed (`user.id`, `U…`/`W…`).
    public var user: String
    public var action: SlackAction
    public var value: SlackActionValue
    /// Where the answer goes (`response_url`): http or https only.
    public var responseURL: URL

    /// Reads the form body; the error names the field at fault.
    public static func parse(formBody: [UInt8]) throws(SlackPayloadError) -> SlackInteraction {
        guard let text = String(bytes: formBody, encoding: .utf8) else { throw SlackPayloadError(field: "payload", "is not UTF-8") }
        var payload: String?
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard formDecoded(parts[0]) == "payload" else { continue }
            guard parts.count == 2, let decoded = formDecoded(parts[1]) else {
                throw SlackPayloadError(field: "payload", "is not form-encoded (application/x-www-form-urlencoded)")
            }
            payload = decoded
        }
        guard let payload else { throw SlackPayloadError(field: "payload", "is missing: Slack sends the interaction as payload=<JSON>") }
        return try parse(payload: payload)
    }

    /// Reads the `payload` JSON of a `block_actions` interaction.
    public static func parse(payload: String) throws(SlackPayloadError) -> SlackInteraction {
        guard case .object(let top)? = JSONValue.parse(payload) else { throw SlackPayloadError(field: "payload", "must be a JSON object") }
        guard let type = top["type"] else { throw SlackPayloadError(field: "payload.type", "is missing") }
        guard type.stringValue == "block_actions" else {
            throw SlackPayloadError(field: "payload.type", "must be \"block_actions\" (a button press), not \(CanonicalJSON.string(type))")
        }
        guard case .object(let user)? = top["user"] else { throw SlackPayloadError(field: "payload.user", "must be an object with the Slack user's id") }
        guard let userID = user["id"]?.stringValue, !userID.isEmpty, userID.count <= 64 else {
            throw SlackPayloadError(field: "payload.user.id", "must be the Slack user id (a string such as U0123ABCD)")
        }
        guard case .array(let actions)? = top["actions"] else { throw SlackPayloadError(field: "payload.actions", "must be an array of the actions taken") }
        guard case .object(let first)? = actions.first else { throw SlackPayloadError(field: "payload.actions[0]", "must be an object (the button pressed)") }
        guard let rawAction = first["action_id"]?.stringValue else { throw SlackPayloadError(field: "payload.actions[0].action_id", "must be a string") }
        guard let action = SlackAction(rawValue: rawAction) else {
            let known = SlackAction.allCases.map(\.rawValue).joined(separator: ", ")
            throw SlackPayloadError(field: "payload.actions[0].action_id", "must be one of Liftoff's buttons (\(known))")
        }
        guard let rawValue = first["value"]?.stringValue else { throw SlackPayloadError(field: "payload.actions[0].value", "must be a string") }
        let value: SlackActionValue
        do {
            value = try SlackActionValue.parse(rawValue)
        } catch {
            throw SlackPayloadError(field: "payload." + error.field, error.problem)
        }
        guard action.fits(value.decision) else {
            throw SlackPayloadError(field: "payload.actions[0].value", "names a \(value.decision.gate != nil ? "gate" : "rollback"), which \(rawAction) does not act on")
        }
        guard let rawURL = top["response_url"]?.stringValue else { throw SlackPayloadError(field: "payload.response_url", "must be a string (where the answer goes)") }
        // It comes from a signed request, but it is still a URL Liftoff will POST to: web URLs only.
        guard let url = URL(string: rawURL), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty else {
            throw SlackPayloadError(field: "payload.response_url", "must be an http(s) URL")
        }
        return SlackInteraction(user: userID, action: action, value: value, responseURL: url)
    }

    /// `application/x-www-form-urlencoded`: `+` is a space, then percent-decoding.
    static func formDecoded(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
