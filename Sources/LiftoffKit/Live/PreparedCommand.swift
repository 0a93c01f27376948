/// A runbook command ready to run: `{{VARS}}` filled shell-quoted, secrets (`env:NAME`) read
/// from the environment at this moment only, and a masker that hides them again in whatever the
/// command prints.
///
/// ```swift
/// let prepared = PreparedCommand(code, variables: state.created.launchVariables, extra: ["weight": "50"], environment: env)
/// guard prepared.missing.isEmpty else { … }   // names of unset environment variables
/// ```
public struct PreparedCommand: Sendable {
    /// What the runbook says, placeholders intact: this is what events record.
    public var written: String
    /// What runs. Holds secret values: never store or print it.
    public var runnable: String
    public var masker: SecretMasker
    /// Environment variables named by `env:` references that are not set.
    public var missing: [String]
    /// `{{NAME}}` placeholders with no value at all.
    public var unfilled: [String]

    public init(_ code: String, variables: LaunchVariables, extra: [String: String] = [:], environment: [String: String]) {
        written = code
        var values: [String: String] = [:]
        var secrets: [String] = []
        var missing: [String] = []
        for (name, value) in variables.values {
            if value.hasPrefix("env:") {
                let env = String(value.dropFirst(4))
                if let resolved = environment[env] {
                    values[name] = resolved
                    secrets.append(resolved)
                } else if code.contains("{{\(name)}}") {
                    missing.append(env)
                }
            } else {
                values[name] = value
            }
        }
        values.merge(extra) { _, new in new }
        runnable = ShellQuoting.substitute(code, values)
        masker = SecretMasker(secrets: secrets)
        self.missing = missing.sorted()
        unfilled = Array(Set(runnable.split(separator: "\n").flatMap { PlaceholderScanner.variables(in: $0).map(\.text) })).filter { values[$0] == nil }.sorted()
    }
}
