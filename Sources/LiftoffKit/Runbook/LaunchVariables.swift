import Foundation
import LiftoffMarkdown
import Yams

/// The values a launch fills in: `{{NAME}}` variables, the Prometheus URL and signal bindings.
///
/// ```yaml
/// DOMAIN: shop.example.com
/// RELEASE_SHA: 4f2a9c1
/// API_TOKEN: env:ACME_API_TOKEN      # a secret, resolved from the environment at use
/// prometheus: http://127.0.0.1:9090
/// signals:
///   error rate: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))
/// notify:
///   slack: env:SLACK_WEBHOOK_URL
/// rollback: manual                    # or auto
/// status every: 15 minutes            # cadence of status updates, as a runbook would say it
/// env: [AWS_PROFILE, KUBECONFIG]      # environment variables commands may see (docs/launches.md)
/// ```
/// Variables may also sit under a `vars:` key. Keys `prometheus`, `signals`, `vars`, `notify`,
/// `rollback`, `status every`, `env` and `liftoff` are reserved.
public struct LaunchVariables: Hashable, Sendable {
    public var values: [String: String]
    public var prometheus: String?
    /// Signal name (lower-cased) → PromQL.
    public var signals: [String: String]
    /// Where each variable was defined, for diagnostics.
    public var lines: [String: Int]
    public var channels: [NotifyChannel] = []
    /// nil: the runbook's or the default (`manual`).
    public var rollbackPolicy: RollbackPolicy?
    /// The status-update cadence as written ("15 minutes", "every 30 min for 4h, then hourly").
    public var statusCadence: String?
    /// `env:`: names of Liftoff's environment variables that runbook commands may see, beyond
    /// PATH, HOME, LANG and TZ (`CommandEnvironment`).
    public var passEnvironment: [String] = []
    /// `freeze:` windows as written (one or a list); read against the launch's zone by the plan.
    public var freeze: [String] = []
    /// Channels that do not say their audience, at their place in the file (`lint --vars` errors).
    public var audienceFindings: [InputError] = []

    public init(values: [String: String] = [:], prometheus: String? = nil, signals: [String: String] = [:], lines: [String: Int] = [:]) {
        self.values = values
        self.prometheus = prometheus
        self.signals = signals
        self.lines = lines
    }

    /// Names whose value is a secret reference (`env:NAME`): never printed, never stored.
    public var secretNames: Set<String> {
        Set(values.filter { $0.value.hasPrefix("env:") }.map(\.key))
    }

    /// Values fit for display and storage: secrets stay as their `env:NAME` reference.
    public func binding(for signal: String) -> String? {
        signals[signal.lowercased()]
    }

    private static let reserved: Set<String> = ["prometheus", "signals", "vars", "liftoff", "notify", "rollback", "status every", "env", "freeze"]

    public static func parse(_ yaml: String, file: String) throws(InputError) -> LaunchVariables {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw InputError.yaml(error, file: file)
        } catch {
            throw InputError(file: file, position: SourcePosition(line: 1, column: 1), message: "cannot read YAML: \(error)", hint: nil)
        }
        guard let node else { return LaunchVariables() }
        guard let mapping = node.mapping else {
            throw InputError(file: file, position: position(of: node), message: "a vars file must be a mapping of NAME: value", hint: "write one `NAME: value` per line")
        }
        var result = LaunchVariables()
        func add(_ mapping: Node.Mapping) throws(InputError) {
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string else { continue }
                if reserved.contains(key) { continue }
                guard let value = scalarText(valueNode) else {
                    throw InputError(file: file, position: position(of: valueNode), message: "variable '\(key)' must be a single value", hint: "quote it if it is text: \(key): \"…\"")
                }
                result.values[key] = value
                result.lines[key] = keyNode.mark?.line
            }
        }
        try add(mapping)
        if let nested = mapping["vars"] {
            guard let nestedMapping = nested.mapping else {
                throw InputError(file: file, position: position(of: nested), message: "'vars' must be a mapping", hint: nil)
            }
            try add(nestedMapping)
        }
        if let prometheus = mapping["prometheus"] {
            result.prometheus = scalarText(prometheus)
        }
        if let signals = mapping["signals"] {
            guard let signalMapping = signals.mapping else {
                throw InputError(file: file, position: position(of: signals), message: "'signals' must map signal names to queries", hint: "signals:\n    error rate: 'sum(rate(...))'")
            }
            for (k, v) in signalMapping {
                if let name = k.string, let query = scalarText(v) { result.signals[name.lowercased()] = query }
            }
        }
        if let notify = mapping["notify"] {
            result.channels = try NotifyChannel.parse(notify, file: file)
            result.audienceFindings = NotifyChannel.unsaidAudiences(notify, file: file)
        }
        if let rollback = mapping["rollback"] {
            let text = scalarText(rollback)?.lowercased() ?? ""
            guard let policy = RollbackPolicy(rawValue: text) else {
                throw InputError(file: file, position: position(of: rollback), message: "rollback must be 'manual' or 'auto', not '\(text)'", hint: "rollback: manual waits for the rollback authority to confirm")
            }
            result.rollbackPolicy = policy
        }
        if let env = mapping["env"] {
            let names = env.sequence.map { $0.compactMap(scalarText) } ?? scalarText(env).map { [$0] } ?? []
            for name in names where name.isEmpty || !name.unicodeScalars.allSatisfy(PlaceholderScanner.isNameScalar) || CommandEnvironment.isLiftoffSetting(name) {
                throw InputError(file: file, position: position(of: env), message: "env: '\(name)' is not a name commands may be given",
                                 hint: "list environment variable names (letters, digits, _); Liftoff's own settings (LIFTOFF_…) are never passed")
            }
            result.passEnvironment = names
        }
        if let freeze = mapping["freeze"] {
            let texts = freeze.sequence.map { $0.compactMap(scalarText) } ?? scalarText(freeze).map { [$0] } ?? []
            for text in texts {
                do throws(FreezeWindow.ParseError) {
                    _ = try FreezeWindow.parse(text, timeZone: TimeZone(identifier: "UTC") ?? .current)
                } catch {
                    throw InputError(file: file, position: position(of: freeze), message: error.message, hint: error.hint)
                }
            }
            result.freeze = texts
        }
        if let cadence = mapping["status every"] {
            result.statusCadence = scalarText(cadence)
        }
        return result
    }

    private static func scalarText(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    private static func position(of node: Node) -> SourcePosition {
        SourcePosition(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }
}

/// Input Liftoff cannot use: a position, what is wrong and what to do. Exit code 2.
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var position: SourcePosition
    public var message: String
    public var hint: String?

    public init(file: String, position: SourcePosition, message: String, hint: String?) {
        self.file = file
        self.position = position
        self.message = message
        self.hint = hint
    }

    static func yaml(_ error: YamlError, file: String) -> InputError {
        var position = SourcePosition(line: 1, column: 1)
        var problem = "\(error)"
        switch error {
        case .scanner(_, let p, let mark, _), .parser(_, let p, let mark, _), .composer(_, let p, let mark, _):
            position = SourcePosition(line: mark.line, column: mark.column)
            problem = p
        default:
            break
        }
        return InputError(file: file, position: position, message: "invalid YAML: \(problem)", hint: "check indentation and quoting near this place")
    }

    public var description: String {
        var s = "\(file):\(position.line):\(position.column): error: \(message)"
        if let hint { s += "\n  hint: \(hint)" }
        return s
    }
}
