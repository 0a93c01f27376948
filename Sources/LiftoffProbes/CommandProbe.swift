import Foundation

import LiftoffKit

/// `command`: a shell command from the runbook (never from elsewhere), its exit code and output.
/// Its `{{NAME}}` values go in the environment, never in its text (`ShellTemplate`); secret
/// values are masked by the runner before anything is shown.
struct CommandProbe: Sendable {
    /// `base`: the environment every command gets (`CommandEnvironment.base`).
    func observe(command: String, values: [String: String], base: [String: String], cwd: String?, timeout: Double, masker: SecretMasker) async throws -> CommandObservation {
        let template = ShellTemplate(command)
        if let refusal = template.refusal { throw ProbeError("not run: \(refusal)") }
        let unfilled = template.unfilled(values)
        guard unfilled.isEmpty else {
            throw ProbeError("not run: no value for \(unfilled.map { "{{\($0)}}" }.joined(separator: ", ")); add it to the vars file")
        }
        let environment = base.merging(template.environment(values)) { _, value in value }
        let outcome = try await CommandRunner.run(template.script, environment: environment, cwd: cwd, timeout: timeout, keep: CommandRunner.outputLimit + masker.margin)
        // Cut to the limit only now, where a secret past the limit can be seen whole.
        let stdout = masker.safePrefix(String(decoding: outcome.stdout, as: UTF8.self), maxBytes: CommandRunner.outputLimit)
        let stderr = masker.safePrefix(String(decoding: outcome.stderr, as: UTF8.self), maxBytes: CommandRunner.outputLimit)
        let truncated = outcome.truncated || stdout.utf8.count < outcome.stdout.count || stderr.utf8.count < outcome.stderr.count
        if outcome.timedOut {
            let partial = String(masker.mask(stdout).suffix(200)).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ProbeError("timed out after \(timeout.formattedSeconds); process group killed" + (partial.isEmpty ? "" : "; last output: \(partial)"))
        }
        return CommandObservation(
            exitCode: outcome.exitCode,
            stdout: stdout,
            stderr: stderr,
            truncated: truncated
        )
    }
}
