import Foundation
import LiftoffKit

/// A one-line progress counter on standard error, only when it is a terminal.
final class CheckProgress: Sendable {
    private let enabled: Bool

    init(total: Int) {
        enabled = isatty(STDERR_FILENO) == 1 && total > 1
    }

    func update(_ result: CheckResult, done: Int, total: Int) {
        guard enabled else { return }
        let mark = result.status == .pass ? "✓" : "✗"
        let label = "\(result.check.kind.rawValue) \(result.check.target.display)".prefix(60)
        Terminal.write("\r\u{1B}[K[\(done)/\(total)] \(mark) \(label)")
    }

    func finish() {
        guard enabled else { return }
        Terminal.write("\r\u{1B}[K")
    }
}
