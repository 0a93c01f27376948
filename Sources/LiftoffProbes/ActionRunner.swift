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
        if let refusal = command.refusal {
            return ActionRan(purpose: purpose, step: step, command: command.written, exitCode: nil, output: nil, durationMS: 0, error: "not run: \(refusal)")
        }
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
            let masker = command.masker
            let outcome = try await CommandRunner.run(command.runnable, environment: command.environment, cwd: cwd, timeout: timeout, keep: CommandRunner.outputLimit + masker.margin)
            let elapsed = clock.now - started
            // Mask first, cut after: a cut must never leave part of a secret behind.
            var text = masker.safePrefix(String(decoding: outcome.stdout, as: UTF8.self), maxBytes: CommandRunner.outputLimit)
            let stderr = masker.safePrefix(String(decoding: outcome.stderr, as: UTF8.self), maxBytes: CommandRunner.outputLimit)
            if !stderr.isEmpty { text += (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + stderr }
            text = masker.mask(text)
            if text.utf8.count > recordedOutputLimit {
                text = "…" + Self.tail(text, maxBytes: recordedOutputLimit)
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

    /// The last `maxBytes` at most, starting on a character boundary and not inside a mask.
    static func tail(_ text: String, maxBytes: Int) -> String {
        let bytes = Array(text.utf8)
        var start = max(0, bytes.count - maxBytes)
        while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }
        while start > 0, start < bytes.count, bytes[start] == UInt8(ascii: "*"), bytes[start - 1] == UInt8(ascii: "*") { start += 1 }
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    private static func milliseconds(_ d: Duration) -> Int {
        let (s, atto) = d.components
        return Int(s) * 1000 + Int(atto / 1_000_000_000_000_000)
    }
}
