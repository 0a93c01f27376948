import Foundation
import HTTPTypes
import Hummingbird
import LiftoffApplication
import LiftoffKit
import LiftoffStore
import NIOCore

/// `POST /api/v1/slack/interactions`: the GO / NO-GO, Confirm rollback and Hold buttons of
/// Liftoff's Slack messages (docs/slack.md). Signed by Slack (`X-Slack-Signature`), never by a
/// token; the Slack user acts as the participant mapped to them (`liftoff user add … --slack`),
/// through `LaunchService.execute` like the API's vote route, so the same rules decide. Slack
/// gets 200 at once; the outcome replaces the message through `response_url`, a refusal is an
/// ephemeral note to the one who pressed, and nothing is recorded for it.
enum SlackRoutes {
    static let path = "/api/v1/slack/interactions"
    /// A block_actions payload carries the whole message it came from: tens of KiB at most.
    static let bodyLimit = 256 << 10

    static func receive(_ request: Request, _ context: ServerContext, _ services: ServerServices) async throws -> Response {
        guard let secret = services.settings.slackSigningSecret else {
            throw APIError.notFound("Slack interactions are off on this server: start it with LIFTOFF_SLACK_SIGNING_SECRET set to the Slack app's signing secret (docs/slack.md)")
        }
        var request = request
        let buffer = try await RequestBodyLimit.collect(&request, limit: bodyLimit)
        let body = Array(buffer.readableBytesView)
        let verdict = SlackSignature.verify(signature: request.headers[HTTPField.Name(SlackSignature.signatureHeader)!],
                                            timestamp: request.headers[HTTPField.Name(SlackSignature.timestampHeader)!],
                                            body: body, secret: Array(secret.utf8), now: services.clock())
        guard verdict == .valid else { throw APIError(.unauthorized, "unauthenticated", verdict.reason) }
        let interaction: SlackInteraction
        do {
            interaction = try SlackInteraction.parse(formBody: body)
        } catch {
            throw APIError.badRequest(error.description)
        }
        let answer = try await decide(interaction, services)
        services.slackResponder.answer(answer, to: interaction.responseURL)
        return Response(status: .ok)
    }

    /// Records the press as the mapped participant and returns the answer for `response_url`:
    /// the replacement message, or an ephemeral refusal when nothing was recorded.
    static func decide(_ interaction: SlackInteraction, _ services: ServerServices) async throws -> JSONValue {
        let found: StoredUser?
        do {
            found = try await services.store.user(slackID: interaction.user)
        } catch {
            throw APIError.store(error)
        }
        guard let user = found else {
            return SlackReply.refusal("your Slack user (\(interaction.user)) is not mapped to a Liftoff participant",
                                      hint: "an admin maps it: liftoff user update NAME --slack \(interaction.user)")
        }
        let launch = interaction.value.launch
        do throws(LaunchAccess.Denial) {
            try LaunchAccess.check(user, near: launch)
        } catch {
            return SlackReply.refusal(error.description)
        }
        do {
            let state = try await services.launches.state(launch)
            guard let command = Self.command(for: interaction, user: user, in: state) else {
                return SlackReply.refusal("this rollback request is no longer the one awaiting confirmation in launch \(launch)",
                                          hint: "see the launch's latest status in the war room")
            }
            let events = try await services.launches.execute(command, on: launch, by: user.actor)
            services.metrics.appended(events.count)
            let after = try await services.launches.state(launch)
            return SlackReply.outcome(state: after, value: interaction.value, action: interaction.action, actor: user.name)
        } catch {
            switch error {
            case .refused(let refusal): return SlackReply.refusal(refusal.message, hint: refusal.hint)
            case .store(let failure) where failure.kind == .launchNotFound: return SlackReply.refusal("there is no launch \(launch)")
            default: throw APIError.service(error)
            }
        }
    }

    /// The API's command for the button; nil when a rollback button names a request that is no
    /// longer the current one (an old message).
    static func command(for interaction: SlackInteraction, user: StoredUser, in state: LaunchState) -> LaunchCommand? {
        switch interaction.action {
        case .gateGo, .gateNoGo:
            let gate = interaction.value.decision.gate ?? ""
            // The first of the gate's roles the user holds; if none, the decider says why not.
            let roles = state.gate(gate)?.roles ?? []
            let role = roles.first { required in user.roles.contains { RoleName.same($0, required) } } ?? roles.first ?? "none"
            return .vote(gate: gate, role: role, vote: interaction.action == .gateGo ? .go : .nogo, comment: "from Slack")
        case .rollbackConfirm, .rollbackHold:
            let seq = interaction.value.decision.rollback
            if let current = state.rollback?.requestSeq, current != seq { return nil }
            return interaction.action == .rollbackConfirm
                ? .confirmRollback(comment: "from Slack")
                : .hold(reason: "Hold pressed in Slack on the rollback request (event \(seq ?? 0))")
        }
    }
}
