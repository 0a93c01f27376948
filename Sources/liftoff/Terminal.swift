import Foundation

/// Standard error for humans: colour only on a terminal (and not under NO_COLOR).
enum Terminal {
    static let colour: Bool = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func note(_ text: String) {
        write(text + "\n")
    }

    static func error(_ text: String) {
        guard !text.isEmpty else { return }
        write((colour ? "\u{1B}[31merror:\u{1B}[0m " : "error: ") + text + "\n")
    }

    static func paint(_ text: String, _ severity: String) -> String {
        guard colour else { return text }
        switch severity {
        case "error": return "\u{1B}[31m\(text)\u{1B}[0m"
        case "warning": return "\u{1B}[33m\(text)\u{1B}[0m"
        default: return "\u{1B}[36m\(text)\u{1B}[0m"
        }
    }

    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
