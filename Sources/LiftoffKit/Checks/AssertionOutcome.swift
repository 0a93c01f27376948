/// How one assertion fared, with the observed value beside the expectation so a failure
/// explains itself: "expected expiry > 90d, observed 29d (notAfter 2027-01-01T00:00:00Z)".
public struct AssertionOutcome: Hashable, Sendable, Codable {
    public enum Verdict: String, Hashable, Sendable, Codable {
        case pass, fail, nodata
    }

    /// The assertion as written: `expiry > 90d`.
    public var expected: String
    public var verdict: Verdict
    /// The observed value: `29d`.
    public var observed: String
    /// Supporting evidence: `notAfter 2027-01-01T00:00:00Z`.
    public var detail: String?

    public init(expected: String, verdict: Verdict, observed: String, detail: String? = nil) {
        self.expected = expected
        self.verdict = verdict
        self.observed = observed
        self.detail = detail
    }

    /// `expected X, observed Y (detail)`.
    public var message: String {
        var s = verdict == .nodata ? "expected \(expected), no data: \(observed)" : "expected \(expected), observed \(observed)"
        if let detail { s += " (\(detail))" }
        return s
    }
}
