/// A runbook command ready to run: its `{{VARS}}` turned into references to `LIFTOFF_VAR_*`
/// environment variables (`ShellTemplate`), the values (secrets `env:NAME` read at this moment
/// only) in an explicit environment (`CommandEnvironment`), and a masker that hides the secrets
/// again in whatever the command prints.
///
/// ```swift
/// let prepared = PreparedCommand(code, variables: state.created.launchVariables, extra: ["weight": "50"], environment: env)
/// guard prepared.refusal == nil, prepared.missing.isEmpty else { … }
/// ```
public struct PreparedCommand: Sendable {
    /// What the runbook says, placeholders intact: this is what events record.
    public var written: String
    /// What the shell runs: references, never values.
    public var runnable: String
    /// The child's whole environment. Holds secret values: never store or print it.
    public var environment: [String: String]
    public var masker: SecretMasker
    /// Environment variables named by `env:` references that are not set.
    public var missing: [String]
    /// `{{NAME}}` placeholders with no value at all.
    public var unfilled: [String]
    /// Why the command must not run: a placeholder where its value could be code.
    public var refusal: String?

    /// `environment`: Liftoff's own, where secrets are read and PATH, HOME, LANG, TZ and the
    /// vars file's `env:` names come from.
    public init(_ code: String, variables: LaunchVariables, extra: [String: String] = [:], environment: [String: String]) {
        written = code
        let template = ShellTemplate(code)
        var values: [String: String] = [:]
        var secrets: [String] = []
        var missing: [String] = []
        for (name, value) in variables.values {
            if value.hasPrefix("env:") {
                let env = String(value.dropFirst(4))
                if let resolved = environment[env] {
                    values[name] = resolved
                    secrets.append(resolved)
                } else if template.names.contains(name) {
                    missing.append(env)
                }
            } else {
                values[name] = value
            }
        }
        values.merge(extra) { _, new in new }
        runnable = template.script
        self.environment = CommandEnvironment.base(environment, allowing: variables.passEnvironment)
            .merging(template.environment(values)) { _, value in value }
        masker = SecretMasker(secrets: secrets)
        self.missing = missing.sorted()
        unfilled = template.unfilled(values)
        refusal = template.refusal
    }
}
