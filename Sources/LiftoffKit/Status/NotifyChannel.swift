import LiftoffMarkdown
import Yams

/// Where status updates go (DESIGN §9). URLs and secrets may be `env:NAME` references: a Slack
/// incoming-webhook URL is itself a secret. They are stored as written and resolved at delivery.
///
/// ```yaml
/// notify:
///   slack: env:SLACK_WEBHOOK_URL
///   webhook:
///     url: https://hooks.example.com/liftoff
///     secret: env:LIFTOFF_WEBHOOK_SECRET
///   ops-webhook:                 # any name; `kind` says what it is
///     kind: webhook
///     url: http://127.0.0.1:9000/hook
/// ```
public struct NotifyChannel: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// Slack incoming webhook: `{text, blocks}`.
        case slack
        /// Generic JSON webhook signed with `X-Liftoff-Signature-256: sha256=HMAC(secret, body)`.
        case webhook
        /// PagerDuty Events API v2: incidents for rollback triggers, escalations and holds;
        /// change events for the launch starting and ending.
        case pagerduty
        /// GitHub deployments: one per launch, its status moved as the launch goes.
        case github
    }

    public var name: String
    public var kind: Kind
    /// Where it posts; for `pagerduty` the Events API base, for `github` the REST API base.
    public var url: String
    /// HMAC key for `webhook` channels, the routing key of a `pagerduty` channel, the token of a
    /// `github` channel: always `env:NAME` for the last two.
    public var secret: String?
    /// `owner/name`, `environment`, `environment_url` and `ref` of a `github` channel.
    public var repository: String?
    public var environment: String?
    public var environmentURL: String?
    public var ref: String?
    /// Who reads it (docs/status-page.md); nil when the vars file does not say: internal.
    public var audience: ChannelAudience?
    /// The body a `webhook` channel sends; nil is Liftoff's own (docs/notifications.md).
    public var format: WebhookFormat?

    /// What a webhook's body is: Liftoff's own JSON, or a CloudEvents 1.0 envelope around it.
    public enum WebhookFormat: String, Hashable, Sendable, Codable, CaseIterable {
        case liftoff
        case cloudevents
    }

    public init(name: String, kind: Kind, url: String, secret: String?, audience: ChannelAudience? = nil, format: WebhookFormat? = nil) {
        self.name = name
        self.kind = kind
        self.url = url
        self.secret = secret
        self.audience = audience
        self.format = format
    }

    /// The fields only a `github` channel has.
    public init(github name: String, repository: String, environment: String, token: String, apiURL: String, environmentURL: String?, ref: String?, audience: ChannelAudience?) {
        self.init(name: name, kind: .github, url: apiURL, secret: token, audience: audience)
        self.repository = repository
        self.environment = environment
        self.environmentURL = environmentURL
        self.ref = ref
    }

    /// Public channels get only published notices; unsaid means internal, so nothing internal leaks.
    public var isPublic: Bool { audience == .public }

    static func parse(_ node: Node, file: String) throws(InputError) -> [NotifyChannel] {
        guard let mapping = node.mapping else {
            throw InputError(file: file, position: position(of: node), message: "'notify' must map channel names to a URL or to {kind, url, secret}",
                             hint: "notify:\n    slack: env:SLACK_WEBHOOK_URL")
        }
        var channels: [NotifyChannel] = []
        for (keyNode, value) in mapping {
            guard let name = keyNode.string else { continue }
            let implied = Kind(rawValue: name.lowercased())
            if let url = value.string {
                guard let kind = implied, kind == .slack || kind == .webhook else {
                    if let implied {
                        throw InputError(file: file, position: position(of: value), message: "channel '\(name)' (\(implied.rawValue)) needs a mapping, not a URL",
                                         hint: example(implied))
                    }
                    throw InputError(file: file, position: position(of: keyNode), message: "channel '\(name)' needs a kind (slack or webhook)",
                                     hint: "\(name):\n      kind: webhook\n      url: \(url)")
                }
                channels.append(NotifyChannel(name: name, kind: kind, url: url, secret: nil))
                continue
            }
            guard let fields = value.mapping else {
                throw InputError(file: file, position: position(of: value), message: "channel '\(name)' must be a URL or a mapping with url", hint: nil)
            }
            let kindText = fields["kind"]?.string
            guard let kind = kindText.flatMap({ Kind(rawValue: $0.lowercased()) }) ?? implied else {
                throw InputError(file: file, position: position(of: fields["kind"] ?? keyNode),
                                 message: kindText.map { "unknown channel kind '\($0)'" } ?? "channel '\(name)' needs a kind",
                                 hint: "kind: slack, webhook, pagerduty or github")
            }
            let allowed = allowedKeys(kind)
            for (k, _) in fields where !allowed.contains(k.string ?? "") {
                throw InputError(file: file, position: position(of: k), message: "unknown field '\(k.string ?? "?")' in channel '\(name)' (\(kind.rawValue))",
                                 hint: "a \(kind.rawValue) channel has " + allowed.sorted().joined(separator: ", "))
            }
            let audience = try audience(fields["audience"], channel: name, file: file)
            switch kind {
            case .pagerduty:
                channels.append(try pagerDuty(name: name, fields: fields, at: value, audience: audience, file: file))
                continue
            case .github:
                channels.append(try gitHub(name: name, fields: fields, at: value, audience: audience, file: file))
                continue
            case .slack, .webhook:
                break
            }
            guard let url = fields["url"]?.string, !url.isEmpty else {
                throw InputError(file: file, position: position(of: value), message: "channel '\(name)' has no url", hint: "url: env:NAME keeps a secret URL out of the file")
            }
            var format: WebhookFormat?
            if let node = fields["format"] {
                guard kind == .webhook, let value = node.string.flatMap({ WebhookFormat(rawValue: $0.lowercased()) }) else {
                    throw InputError(file: file, position: position(of: node),
                                     message: kind == .webhook ? "unknown webhook format '\(node.string ?? "?")' in channel '\(name)'" : "channel '\(name)' is \(kind.rawValue): only a webhook has a format",
                                     hint: "format: cloudevents (a CloudEvents 1.0 envelope) or format: liftoff (the default)")
                }
                format = value
            }
            channels.append(NotifyChannel(name: name, kind: kind, url: url, secret: fields["secret"]?.string, audience: audience, format: format))
        }
        return channels
    }

    static func position(of node: Node) -> SourcePosition {
        SourcePosition(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }
}
