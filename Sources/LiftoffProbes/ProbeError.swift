/// Why a probe could not observe anything. The message is shown as the check's `error` result.
public struct ProbeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    static func timedOut(_ seconds: Double) -> ProbeError {
        ProbeError("timed out after \(seconds.formattedSeconds)")
    }
}

extension Double {
    /// `2s`, `500ms`, `1.5s`.
    var formattedSeconds: String {
        if self < 1 { return "\(Int((self * 1000).rounded()))ms" }
        if self == rounded() { return "\(Int(self))s" }
        return "\((self * 10).rounded() / 10)s"
    }
}
