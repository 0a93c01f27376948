import Foundation

/// pass / fail / error (could not observe) / nodata (a query had nothing to say, DESIGN §6).
public enum CheckStatus: String, Hashable, Sendable, Codable {
    case pass, fail, error, nodata
}

/// The evidence one check run leaves: every assertion with observed beside expected.
public struct CheckResult: Hashable, Sendable {
    public var check: Check
    public var status: CheckStatus
    public var outcomes: [AssertionOutcome]
    /// Why nothing could be observed (status `error`).
    public var error: String?
    /// Seconds the probe took.
    public var duration: Double

    public init(check: Check, status: CheckStatus, outcomes: [AssertionOutcome], error: String?, duration: Double) {
        self.check = check
        self.status = status
        self.outcomes = outcomes
        self.error = error
        self.duration = duration
    }

    /// Evaluates every assertion; the check fails when any fails, and has no data when one
    /// has none (unless its `nodata` option says to pass or fail).
    /// `masker`: secrets are masked in what is shown before any of it is cut.
    public static func evaluate(_ check: Check, observation: Observation, duration: Double, now: Date, masker: SecretMasker = SecretMasker(secrets: [])) -> CheckResult {
        let outcomes = check.assertions.map { AssertionEvaluator.evaluate($0, observation, now: now, masker: masker) }
        var status: CheckStatus = .pass
        if outcomes.contains(where: { $0.verdict == .fail }) {
            status = .fail
        } else if outcomes.contains(where: { $0.verdict == .nodata }) {
            switch check.options.nodata {
            case .hold: status = .nodata
            case .pass: status = .pass
            case .fail: status = .fail
            }
        }
        return CheckResult(check: check, status: status, outcomes: outcomes, error: nil, duration: duration)
    }

    /// The probe could not observe anything: refused, timed out, unreadable answer.
    public static func failed(_ check: Check, error: String, duration: Double) -> CheckResult {
        CheckResult(check: check, status: .error, outcomes: [], error: error, duration: duration)
    }

    /// One line for tables: the failing assertions' explanations, else what was observed.
    public var summary: String {
        if let error { return "error: \(error)" }
        let notPassing = outcomes.filter { $0.verdict != .pass }
        if !notPassing.isEmpty { return notPassing.map(\.message).joined(separator: "; ") }
        return outcomes.map { "\($0.expected): \($0.observed)" }.joined(separator: "; ")
    }

    /// A copy with every secret value replaced by `****`.
    public func masked(by masker: SecretMasker) -> CheckResult {
        guard !masker.isEmpty else { return self }
        var copy = self
        copy.error = error.map(masker.mask)
        copy.outcomes = outcomes.map { o in
            AssertionOutcome(expected: masker.mask(o.expected), verdict: o.verdict, observed: masker.mask(o.observed), detail: o.detail.map(masker.mask))
        }
        return copy
    }
}
