import LiftoffKit

/// The Slack interactivity route in the OpenAPI document (docs/slack.md).
extension OpenAPIDocument {
    static var slackPaths: [String: JSONValue] {
        let form: JSONValue = .object([
            "type": "object", "required": .array(["payload"]),
            "properties": .object(["payload": .object(["type": "string", "description": "The JSON of a Slack `block_actions` interaction"])]),
        ])
        let signed: [JSONValue] = [
            .object(["name": .string(SlackSignature.signatureHeader), "in": "header", "required": true, "description": "v0=<hex HMAC-SHA256 of v0:TIMESTAMP:BODY with the signing secret>",
                     "schema": .object(["type": "string"])]),
            .object(["name": .string(SlackSignature.timestampHeader), "in": "header", "required": true, "description": "Unix seconds; more than 5 minutes from now is refused",
                     "schema": .object(["type": "string"])]),
        ]
        var op: [String: JSONValue] = [
            "operationId": "slackInteraction",
            "summary": "A press of a Liftoff button in Slack (GO / NO-GO on a gate awaiting votes, Confirm rollback / Hold on a rollback awaiting confirmation), signed by Slack with the app's signing secret (LIFTOFF_SLACK_SIGNING_SECRET; without it the route answers 404). The Slack user acts as the participant mapped to them (`liftoff user add … --slack U…`) under the API's rules. Answers 200 at once with an empty body; the outcome replaces the message through the payload's response_url, a refusal is an ephemeral note there and nothing is recorded. 401 for a missing, wrong or stale signature, 400 naming the field of a malformed payload.",
            "security": .array([]),
            "parameters": .array(signed),
            "requestBody": .object(["required": true, "content": .object(["application/x-www-form-urlencoded": .object(["schema": form])])]),
        ]
        op["responses"] = .object(["200": .object(["description": "Received; the answer goes to response_url"]), "default": errorResponse])
        return ["/api/v1/slack/interactions": .object(["post": .object(op)])]
    }
}
