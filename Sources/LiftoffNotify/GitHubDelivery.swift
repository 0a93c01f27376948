import Foundation
import LiftoffKit

/// A status update to a `github` channel (docs/notifications.md, "GitHub deployments"): the
/// launch's first delivery creates the deployment, and each delivery whose update moves the
/// launch forward posts a deployment status. The deployment id is returned as the outcome's
/// reference and kept in the log, so a restarted dispatcher posts to the same deployment.
struct GitHubDelivery: Sendable {
    var http: HTTPDelivery

    /// The vars names a ref is read from when the channel names none, in this order.
    static let refVariables = ["REF", "VERSION", "RELEASE_SHA", "GIT_SHA"]
    /// The vars name the environment's address is read from when the channel names none.
    static let environmentURLVariable = "ENVIRONMENT_URL"

    func deliver(endpoint: ChannelEndpoint, message: StatusMessage, earlier: [GitHubDeploymentState], deployment known: String?,
                 variables: [String: String], now: @escaping @Sendable () -> Date) async -> DeliveryOutcome {
        let environment = endpoint.environment ?? "production"
        // A deployment not yet created gets the state this update stands for, even one it repeats.
        guard let state = message.deploymentStateDue(earlier: earlier) ?? (known == nil ? message.deploymentState : nil) else {
            return .nothingToSend
        }
        guard let repository = endpoint.repository else { return .failed(.permanent("channel '\(endpoint.name)' has no repository")) }
        let deployments = Self.apiBase(endpoint.url) + "/repos/\(repository)/deployments"
        var deployment = known
        if deployment == nil {
            guard let ref = endpoint.ref ?? Self.refVariables.lazy.compactMap({ variables[$0] }).first(where: { !$0.isEmpty }) else {
                return .failed(.permanent("channel '\(endpoint.name)': no ref to deploy; set ref: in the channel or REF or VERSION in the vars"))
            }
            guard let url = URL(string: deployments) else { return .failed(.permanent("channel '\(endpoint.name)': the API URL is not usable")) }
            let request = DeliveryRequest(url: url, headers: headers(endpoint), body: CanonicalJSON.bytes(message.deploymentRequest(ref: ref, environment: environment)))
            switch await http.exchange(request, now: now) {
            case .failure(let failure): return .failed(failure)
            case .success(let body):
                // 202 answers a merge GitHub made instead of a deployment: with auto_merge off it is unexpected.
                guard let id = JSONValue.parse(utf8: body)?["id"].flatMap(Self.integer) else {
                    return .failed(.permanent("GitHub created no deployment: " + String(decoding: body.prefix(200), as: UTF8.self)))
                }
                deployment = String(id)
            }
        }
        guard let deployment, let url = URL(string: deployments + "/\(deployment)/statuses") else {
            return .failed(.permanent("channel '\(endpoint.name)': the API URL is not usable"))
        }
        let environmentURL = endpoint.environmentURL ?? variables[Self.environmentURLVariable]
        let body = message.deploymentStatusRequest(state, environment: environment, environmentURL: environmentURL.flatMap(Self.httpURL))
        let request = DeliveryRequest(url: url, headers: headers(endpoint), body: CanonicalJSON.bytes(body))
        if let failure = await http.send(request, now: now) { return .failed(failure, reference: deployment) }
        return DeliveryOutcome(failure: nil, reference: deployment)
    }

    /// GitHub's REST headers (docs.github.com, "Getting started with the REST API").
    private func headers(_ endpoint: ChannelEndpoint) -> [(String, String)] {
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Accept", "application/vnd.github+json"),
            ("X-GitHub-Api-Version", "2022-11-28"),
            ("Authorization", "Bearer " + String(decoding: endpoint.secret ?? [], as: UTF8.self)),
            ("User-Agent", "liftoff/\(NotifyVersion.current)"),
        ]
    }

    static func apiBase(_ url: URL) -> String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case .int(let i): i
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: Int64(d)
        default: nil
        }
    }

    private static func httpURL(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else { return nil }
        return text
    }
}
