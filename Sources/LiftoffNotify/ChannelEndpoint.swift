import Foundation
import LiftoffKit

/// A channel with its `env:NAME` references resolved, for one delivery. Resolved values live only
/// here, for the duration of the attempt: never in events, logs or error texts.
struct ChannelEndpoint: Sendable {
    var name: String
    var kind: NotifyChannel.Kind
    var format: NotifyChannel.WebhookFormat
    var url: URL
    var secret: [UInt8]?
    /// A `github` channel's repository, environment, environment URL and ref as written.
    var repository: String?
    var environment: String?
    var environmentURL: String?
    var ref: String?
    /// Resolved secret texts to mask out of any error text.
    var secrets: [String]

    /// Resolves `channel` with `environment`; a missing variable or a bad URL is a permanent
    /// failure whose text names the variable, never a value.
    static func resolve(_ channel: NotifyChannel, environment: @Sendable (String) -> String?) -> Result<ChannelEndpoint, DeliveryFailure> {
        var secrets: [String] = []
        func value(_ written: String, what: String) -> Result<String, DeliveryFailure> {
            guard written.hasPrefix("env:") else { return .success(written) }
            let name = String(written.dropFirst("env:".count))
            guard !name.isEmpty, let resolved = environment(name), !resolved.isEmpty else {
                return .failure(.permanent("environment variable \(name) (the \(what) of channel '\(channel.name)') is not set"))
            }
            secrets.append(resolved)
            return .success(resolved)
        }
        let urlText: String
        switch value(channel.url, what: "url") {
        case .success(let v): urlText = v
        case .failure(let f): return .failure(f)
        }
        // A Slack webhook URL is a secret even when written in the file.
        if channel.kind == .slack { secrets.append(urlText) }
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", url.host != nil else {
            let source = channel.url.hasPrefix("env:") ? " in \(channel.url.dropFirst(4))" : channel.kind == .slack ? "" : " '\(urlText)'"
            return .failure(.permanent("channel '\(channel.name)': the URL\(source) is not a usable http(s) URL"))
        }
        var secret: [UInt8]?
        if let written = channel.secret {
            let what = switch channel.kind {
            case .pagerduty: "routing_key"
            case .github: "token"
            case .slack, .webhook: "secret"
            }
            switch value(written, what: what) {
            case .success(let v):
                secret = Array(v.utf8)
                if !written.hasPrefix("env:") { secrets.append(v) }
            case .failure(let f): return .failure(f)
            }
        }
        var environmentURL: String?
        if let written = channel.environmentURL {
            switch value(written, what: "environment_url") {
            case .success(let v): environmentURL = v
            case .failure(let f): return .failure(f)
            }
        }
        if channel.kind == .pagerduty || channel.kind == .github, secret == nil {
            return .failure(.permanent("channel '\(channel.name)' has no \(channel.kind == .github ? "token" : "routing_key")"))
        }
        return .success(ChannelEndpoint(name: channel.name, kind: channel.kind, format: channel.format ?? .liftoff, url: url, secret: secret,
                                        repository: channel.repository, environment: channel.environment, environmentURL: environmentURL, ref: channel.ref,
                                        secrets: secrets))
    }

    /// `text` with every resolved secret replaced by `***`.
    func masked(_ text: String) -> String {
        secrets.filter { $0.count >= 4 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }
}
