import Foundation
import LiftoffKit

/// `--expires 30d`: a token's lifetime from now.
enum TokenExpiry {
    static func date(_ text: String?, now: Date = Date()) throws(CLIError) -> Date? {
        guard let text else { return nil }
        guard let seconds = DurationParser.parse(text), seconds > 0 else {
            throw CLIError.input("--expires takes a duration such as 30d, 12h or 90m, not '\(text)'")
        }
        return now.addingTimeInterval(TimeInterval(seconds))
    }
}
