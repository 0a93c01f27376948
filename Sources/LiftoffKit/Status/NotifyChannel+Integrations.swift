import Foundation
import Yams

/// The vars keys of the `pagerduty` and `github` channels (docs/notifications.md, "PagerDuty"
/// and "GitHub deployments"): what each kind accepts, and the errors that point at the line.
extension NotifyChannel {
    /// Where PagerDuty's Events API v2 lives unless the channel says otherwise.
    public static let pagerDutyDefaultURL = "https://events.pagerduty.com"
    /// GitHub's REST API; GitHub Enterprise Server is `https://HOST/api/v3`.
    public static let gitHubDefaultURL = "https://api.github.com"

    static func allowedKeys(_ kind: Kind) -> Set<String> {
        switch kind {
        // `format` on Slack is allowed here only to be refused with its own message.
        case .slack, .webhook: ["kind", "url", "secret", "audience", "format"]
        case .pagerduty: ["kind", "routing_key", "url", "audience"]
        case .github: ["kind", "repository", "environment", "token", "api_url", "environment_url", "ref", "audience"]
        }
    }

    static func example(_ kind: Kind) -> String {
        switch kind {
        case .slack: "slack: env:SLACK_WEBHOOK_URL"
        case .webhook: "kind: webhook\n    url: https://hooks.example.com/liftoff"
        case .pagerduty: "kind: pagerduty\n    routing_key: env:PAGERDUTY_ROUTING_KEY"
        case .github: "kind: github\n    repository: acme/api\n    environment: production\n    token: env:GITHUB_TOKEN"
        }
    }

    static func pagerDuty(name: String, fields: Node.Mapping, at node: Node, audience: ChannelAudience?, file: String) throws(InputError) -> NotifyChannel {
        let key = try secretReference(fields, "routing_key", channel: name, kind: .pagerduty, at: node, file: file,
                                      hint: "routing_key: env:PAGERDUTY_ROUTING_KEY (the integration key of an Events API v2 service)")
        let url = try baseURL(fields, "url", channel: name, file: file) ?? pagerDutyDefaultURL
        return NotifyChannel(name: name, kind: .pagerduty, url: url, secret: key, audience: audience)
    }

    static func gitHub(name: String, fields: Node.Mapping, at node: Node, audience: ChannelAudience?, file: String) throws(InputError) -> NotifyChannel {
        guard let repositoryNode = fields["repository"], let repository = repositoryNode.string else {
            throw InputError(file: file, position: position(of: node), message: "channel '\(name)' (github) has no repository", hint: "repository: owner/name")
        }
        guard isRepository(repository) else {
            throw InputError(file: file, position: position(of: repositoryNode), message: "repository '\(repository)' of channel '\(name)' is not owner/name",
                             hint: "repository: acme/api (the owner, a slash, the repository's name)")
        }
        let environment = fields["environment"]?.string ?? "production"
        if environment.trimmingCharacters(in: .whitespaces).isEmpty || environment.count > 255 {
            throw InputError(file: file, position: position(of: fields["environment"] ?? node), message: "environment of channel '\(name)' must be a name of 1 to 255 characters",
                             hint: "environment: production")
        }
        let token = try secretReference(fields, "token", channel: name, kind: .github, at: node, file: file,
                                        hint: "token: env:GITHUB_TOKEN (a token with the deployments permission)")
        let apiURL = try baseURL(fields, "api_url", channel: name, file: file) ?? gitHubDefaultURL
        let environmentURL = try baseURL(fields, "environment_url", channel: name, file: file)
        return NotifyChannel(github: name, repository: repository, environment: environment, token: token, apiURL: apiURL,
                             environmentURL: environmentURL, ref: fields["ref"]?.string, audience: audience)
    }

    /// `owner/name` as GitHub allows them: an owner of letters, digits and single hyphens, a name
    /// of letters, digits, `.`, `-` and `_` (not `.` or `..`).
    static func isRepository(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let owner = parts[0], repo = parts[1]
        let ownerOK = (1...39).contains(owner.count) && owner.allSatisfy { $0.isASCII && ($0.quickIsLetter || $0.quickIsNumber || $0 == "-") }
            && !owner.hasPrefix("-") && !owner.hasSuffix("-")
        let repoOK = (1...100).contains(repo.count) && repo.allSatisfy { $0.isASCII && ($0.quickIsLetter || $0.quickIsNumber || "._-".contains($0)) }
            && repo != "." && repo != ".."
        return ownerOK && repoOK
    }

    /// A secret key must be an `env:NAME` reference: the vars are stored with the launch.
    private static func secretReference(_ fields: Node.Mapping, _ key: String, channel: String, kind: Kind, at node: Node, file: String, hint: String) throws(InputError) -> String {
        guard let valueNode = fields[key] else {
            throw InputError(file: file, position: position(of: node), message: "channel '\(channel)' (\(kind.rawValue)) has no \(key)", hint: hint)
        }
        let value = valueNode.string ?? ""
        let name = value.hasPrefix("env:") ? String(value.dropFirst(4)) : ""
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(PlaceholderScanner.isNameScalar) else {
            throw InputError(file: file, position: position(of: valueNode),
                             message: "\(key) of channel '\(channel)' must be an env:NAME reference: it is a secret, and the vars are stored with the launch",
                             hint: hint)
        }
        return value
    }

    /// An optional http(s) URL (or an `env:NAME` reference to one).
    private static func baseURL(_ fields: Node.Mapping, _ key: String, channel: String, file: String) throws(InputError) -> String? {
        guard let node = fields[key] else { return nil }
        let text = node.string ?? ""
        if text.hasPrefix("env:"), text.count > 4 { return text }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw InputError(file: file, position: position(of: node), message: "\(key) of channel '\(channel)' is not an http(s) URL: '\(text)'",
                             hint: "\(key): https://… or env:NAME")
        }
        return text
    }
}
