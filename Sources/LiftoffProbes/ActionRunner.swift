import Foundation
import LiftoffKit

/// Runs a runbook command for a launch (a rollback step, a shift stage) and describes it as the
/// `action.ran` event records it: the command as written, exit code, masked and capped output.
///
/// ```swift
/// let ran = await ActionRunner.run(prepared, purpose: .rollback, step: step.id, timeout: 600)
/// ```
public enum ActionRunner {
    /// What an event keeps of the output: the tail, where errors usually are.
    public static let recordedOutputLimit = 8 * 1024

    public static func run(_ command: PreparedCommand, purpose: ActionPurpose, step: String?, timeout: Double, cwd: String? = nil) async -> ActionRan {
        if !command.missing.isEmpty {
            return ActionRan(purpose: purpose, step: step, command: command.written, exitCode: nil, output: nil, durationMS: 0,
                             error: "environment variable \(command.missing.joined(separator: ", ")) is not set (a secret the command needs)")
        }
        if !command.unfilled.isEmpty {
            return ActionRan(purpose: purpose, step: step, command: command.written, exitCode: nil, output: nil, durationMS: 0,
                             error: "no value for \(command.unfilled.map { "{{\($0)}}" }.joined(separator: ", ")); add it to the launch's variables")
        }
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let outcome = try await CommandRunner.run(command.runnable, cwd: cwd, timeout: timeout)
            let elapsed = clock.now - started
            var text = String(decoding: outcome.stdout, as: UTF8.self)
            let stderr = String(decoding: outcome.stderr, as: UTF8.self)
            if !stderr.isEmpty { text += (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + stderr }
            text = command.masker.mask(text)
            if text.utf8.count > recordedOutputLimit {
                text = "…" + String(decoding: text.utf8.suffix(recordedOutputLimit), as: UTF8.self)
            }
            return ActionRan(purpose: purpose, step: step, command: command.written,
                             exitCode: outcome.timedOut ? nil : Int(outcome.exitCode),
                             output: text.isEmpty ? nil : text, durationMS: milliseconds(elapsed),
                             error: outcome.timedOut ? "timed out after \(Int(timeout)) s" : nil)
        } catch {
            return ActionRan(purpose: purpose, step: step, command: command.written, exitCode: nil, output: nil,
                             durationMS: milliseconds(clock.now - started), error: command.masker.mask("\(error)"))
        }
    }

    private static func milliseconds(_ d: Duration) -> Int {
        let (s, atto) = d.components
        return Int(s) * 1000 + Int(atto / 1_000_000_000_000_000)
    }
}
