import Foundation

import LiftoffKit

/// `command`: a shell command from the runbook (never from elsewhere), its exit code and output.
/// Secret values are masked by the runner before anything is shown.
struct CommandProbe: Sendable {
    func observe(command: String, cwd: String?, timeout: Double) async throws -> CommandObservation {
        let outcome = try await CommandRunner.run(command, cwd: cwd, timeout: timeout)
        if outcome.timedOut {
            let partial = String(decoding: outcome.stdout.suffix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ProbeError("timed out after \(timeout.formattedSeconds); process group killed" + (partial.isEmpty ? "" : "; last output: \(partial)"))
        }
        return CommandObservation(
            exitCode: outcome.exitCode,
            stdout: String(decoding: outcome.stdout, as: UTF8.self),
            stderr: String(decoding: outcome.stderr, as: UTF8.self),
            truncated: outcome.truncated
        )
    }
}
