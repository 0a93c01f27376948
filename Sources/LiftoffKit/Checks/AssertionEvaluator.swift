import Foundation

/// Assertions as pure functions of an observation and the time of evaluation.
public enum AssertionEvaluator {
    /// `masker` hides secrets in excerpts before they are cut, so no part of one is shown.
    public static func evaluate(_ assertion: Assertion, _ observation: Observation, now: Date, masker: SecretMasker = SecretMasker(secrets: [])) -> AssertionOutcome {
        let e = assertion.text
        func excerpt(_ s: String) -> String { Self.excerpt(masker.mask(s)) }
        func lastLine(_ s: String) -> String? { Self.lastLine(masker.mask(s)) }
        switch (assertion.subject, observation) {
        case (.status, .http(let h)):
            return number(assertion, Double(h.status), observed: String(h.status), detail: h.redirects.isEmpty ? nil : "after \(h.redirects.count) redirect\(h.redirects.count == 1 ? "" : "s") to \(h.finalURL)")
        case (.header(let name), .http(let h)):
            guard let value = h.header(name) else {
                return AssertionOutcome(expected: e, verdict: .fail, observed: "no \(name) header")
            }
            return text(assertion, value, observed: "\(name): \(value)")
        case (.json(let path), .http(let h)):
            switch JSONPath.lookup(path, in: h.body) {
            case .notJSON:
                return AssertionOutcome(expected: e, verdict: .fail, observed: "a body that is not JSON", detail: excerpt(h.body))
            case .missing(let at):
                return AssertionOutcome(expected: e, verdict: .fail, observed: "nothing at \(at)", detail: excerpt(h.body))
            case .found(let value):
                let shown = JSONPath.text(value)
                if assertion.op == .exists { return AssertionOutcome(expected: e, verdict: .pass, observed: shown) }
                if assertion.op == .isJWT { return jwt(assertion, shown, now: now) }
                return text(assertion, shown, observed: value is String ? "\"\(shown)\"" : shown)
            }
        case (.body, .http(let h)):
            if assertion.op == .isJWT { return jwt(assertion, h.body, now: now) }
            return text(assertion, h.body, observed: excerpt(h.body))
        case (.latency, .http(let h)):
            return number(assertion, h.latency, observed: shown(h.latency, as: assertion))
        case (.redirect, .http(let h)):
            guard let last = h.redirects.last else {
                return AssertionOutcome(expected: e, verdict: .fail, observed: "no redirect (status \(h.status))")
            }
            let target = resolve(last.location, against: last.url)
            let wanted = expectedText(assertion)
            let ok = normalizedURL(target) == normalizedURL(wanted)
            return AssertionOutcome(expected: e, verdict: ok ? .pass : .fail, observed: "\(last.status) → \(target)", detail: h.redirects.count > 1 ? chain(h) : nil)
        case (.finalURL, .http(let h)):
            return text(assertion, h.finalURL, observed: h.finalURL)
        case (.expiry, .tls(let t)):
            let stamp = ISO8601DateFormatter().string(from: t.notAfter)
            var outcome = number(assertion, t.secondsLeft, observed: expiryShown(t.secondsLeft, as: assertion))
            outcome.detail = "notAfter \(stamp)"
            return outcome
        case (.san, .tls(let t)):
            let sans = t.sans.isEmpty ? "no SANs" : t.sans.joined(separator: ", ")
            if assertion.op == .holds {
                return AssertionOutcome(expected: e, verdict: t.sanMatches ? .pass : .fail, observed: sans, detail: "host \(t.expectedName)")
            }
            return list(assertion, t.sans, observed: sans)
        case (.issuer, .tls(let t)):
            return text(assertion, t.issuer, observed: t.issuer)
        case (.tlsProtocol, .tls(let t)):
            return text(assertion, t.protocolVersion, observed: t.protocolVersion)
        case (.verified, .tls(let t)):
            return AssertionOutcome(expected: e, verdict: t.verified ? .pass : .fail, observed: t.verified ? "chain verifies" : "chain does not verify", detail: t.verificationFailure.map { "\($0); issuer \(t.issuer)" })
        case (.answer, .dns(let d)):
            let values = d.answers.map(\.value)
            let shown = values.isEmpty ? "no answers (rcode \(d.rcode))" : values.joined(separator: ", ")
            return list(assertion, values, observed: shown)
        case (.ttl, .dns(let d)):
            guard !d.answers.isEmpty else { return AssertionOutcome(expected: e, verdict: .fail, observed: "no answers (rcode \(d.rcode))") }
            // Every answer must satisfy it; show the one that does not, else the largest.
            let ttls = d.answers.map { Double($0.ttl) }
            let worst = ttls.first { !compare($0, assertion) } ?? (ttls.max() ?? 0)
            return number(assertion, worst, observed: "\(Int(worst))s")
        case (.rcode, .dns(let d)):
            return text(assertion, d.rcode, observed: d.rcode)
        case (.connected, .tcp(let t)):
            return AssertionOutcome(expected: e, verdict: t.connected ? .pass : .fail, observed: t.connected ? "connected in \(CheckQuantity.duration(t.connectTime))" : (t.failure ?? "not connected"))
        case (.latency, .tcp(let t)):
            guard t.connected else { return AssertionOutcome(expected: e, verdict: .fail, observed: t.failure ?? "not connected") }
            return number(assertion, t.connectTime, observed: shown(t.connectTime, as: assertion))
        case (.exit, .command(let c)):
            return number(assertion, Double(c.exitCode), observed: String(c.exitCode), detail: c.exitCode == 0 ? nil : lastLine(c.stderr).map { "stderr: \($0)" })
        case (.stdout, .command(let c)):
            return text(assertion, c.stdout, observed: excerpt(c.stdout), detail: c.exitCode == 0 ? nil : "exit \(c.exitCode)")
        case (.stderr, .command(let c)):
            return text(assertion, c.stderr, observed: excerpt(c.stderr))
        case (.value, .prometheus(let p)):
            return prometheus(assertion, p)
        default:
            return AssertionOutcome(expected: e, verdict: .fail, observed: "nothing: this probe does not observe \(assertion.subject.word)")
        }
    }

    // MARK: Comparisons

    static func compare(_ observed: Double, _ assertion: Assertion) -> Bool {
        switch (assertion.op, assertion.expected) {
        case (.inRange, .range(let low, let high)): return observed >= low && observed <= high
        case (_, .number(let want, _)):
            switch assertion.op {
            case .equal: return observed == want
            case .notEqual: return observed != want
            case .less: return observed < want
            case .lessOrEqual: return observed <= want
            case .greater: return observed > want
            case .greaterOrEqual: return observed >= want
            default: return false
            }
        default: return false
        }
    }

    private static func number(_ assertion: Assertion, _ observed: Double, observed shown: String, detail: String? = nil) -> AssertionOutcome {
        AssertionOutcome(expected: assertion.text, verdict: compare(observed, assertion) ? .pass : .fail, observed: shown, detail: detail)
    }

    private static func text(_ assertion: Assertion, _ value: String, observed shown: String, detail: String? = nil) -> AssertionOutcome {
        AssertionOutcome(expected: assertion.text, verdict: matchesText(value, assertion) ? .pass : .fail, observed: shown, detail: detail)
    }

    static func matchesText(_ value: String, _ assertion: Assertion) -> Bool {
        let want = expectedText(assertion)
        switch assertion.op {
        case .equal:
            if let a = Double(value), let b = Double(want) { return a == b }
            return value == want || value.trimmingCharacters(in: .whitespacesAndNewlines) == want
        case .notEqual: return !(value == want || value.trimmingCharacters(in: .whitespacesAndNewlines) == want)
        case .contains: return value.contains(want)
        case .matches: return (try? Regex(want)).map { value.contains($0) } ?? false
        case .notMatches: return !((try? Regex(want)).map { value.contains($0) } ?? false)
        case .exists: return true
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let number = Double(value.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
            return compare(number, assertion)
        default: return false
        }
    }

    /// `answer == X` passes when every answer is X; `contains` and `~` when any answer does.
    private static func list(_ assertion: Assertion, _ values: [String], observed shown: String) -> AssertionOutcome {
        let ok: Bool
        switch assertion.op {
        case .equal:
            let wanted = Set(expectedText(assertion).split(separator: ",").map { normalizedName($0.trimmingCharacters(in: .whitespaces)) })
            ok = !values.isEmpty && Set(values.map(normalizedName)) == wanted
        case .notEqual:
            ok = !values.contains { normalizedName($0) == normalizedName(expectedText(assertion)) }
        case .contains:
            ok = values.contains { normalizedName($0) == normalizedName(expectedText(assertion)) || $0.contains(expectedText(assertion)) }
        default:
            ok = values.contains { matchesText($0, assertion) }
        }
        return AssertionOutcome(expected: assertion.text, verdict: ok ? .pass : .fail, observed: shown)
    }

    /// DNS names compare without the trailing dot and case.
    private static func normalizedName(_ s: String) -> String {
        var t = s.lowercased()
        if t.hasSuffix("."), t.count > 1 { t.removeLast() }
        return t
    }

    private static func jwt(_ assertion: Assertion, _ value: String, now: Date) -> AssertionOutcome {
        let result = JWTInspector.inspect(value, now: now)
        return AssertionOutcome(expected: assertion.text, verdict: result.ok ? .pass : .fail, observed: result.observed)
    }

    /// Every series must satisfy the comparison; NaN, ±Inf and an empty result are no data.
    private static func prometheus(_ assertion: Assertion, _ p: PrometheusObservation) -> AssertionOutcome {
        let e = assertion.text
        if p.samples.isEmpty {
            return AssertionOutcome(expected: e, verdict: .nodata, observed: "empty \(p.resultType)")
        }
        let finite = p.samples.filter { $0.value.isFinite }
        guard !finite.isEmpty else {
            return AssertionOutcome(expected: e, verdict: .nodata, observed: p.samples.map { "\(label($0, p))\(CheckQuantity.trimmed($0.value))" }.joined(separator: ", "))
        }
        let unit: String? = if case .number(_, let u) = assertion.expected { u } else { nil }
        let failing = finite.filter { !compare($0.value, assertion) }
        let shown = (failing.isEmpty ? finite : failing).prefix(5).map { "\(label($0, p))\(CheckQuantity.display($0.value, unit: unit))" }.joined(separator: ", ")
        let skipped = p.samples.count - finite.count
        var detail: [String] = []
        if !failing.isEmpty, finite.count > 1 { detail.append("\(failing.count) of \(finite.count) series") }
        if skipped > 0 { detail.append("\(skipped) series without data") }
        return AssertionOutcome(expected: e, verdict: failing.isEmpty ? .pass : .fail, observed: shown, detail: detail.isEmpty ? nil : detail.joined(separator: "; "))
    }

    private static func label(_ sample: PrometheusObservation.Sample, _ p: PrometheusObservation) -> String {
        p.resultType == "scalar" || sample.labels.isEmpty ? "" : sample.series + " "
    }

    // MARK: Display

    static func expectedText(_ assertion: Assertion) -> String {
        switch assertion.expected {
        case .text(let s): s
        case .number(let v, let unit): CheckQuantity.display(v, unit: unit)
        case .range(let a, let b): "\(CheckQuantity.trimmed(a))..\(CheckQuantity.trimmed(b))"
        case .none: ""
        }
    }

    /// A duration in the unit the expectation was written in, whole milliseconds at least.
    private static func shown(_ seconds: Double, as assertion: Assertion) -> String {
        if case .number(_, let unit) = assertion.expected, let unit, unit != "%" {
            if unit == "ms" { return "\(Int((seconds * 1000).rounded()))ms" }
            return CheckQuantity.display(seconds, unit: unit)
        }
        return CheckQuantity.duration(seconds)
    }

    /// Whole units left, rounded toward zero (29.9 days left is 29d, expired 10.2 days ago is -10d).
    private static func expiryShown(_ seconds: Double, as assertion: Assertion) -> String {
        let unit: String = if case .number(_, let u) = assertion.expected, let u, u != "%" { u } else { "d" }
        let per: Double = switch unit {
        case "ms": 0.001
        case "s": 1
        case "m": 60
        case "h": 3600
        default: 86400
        }
        return "\(Int((seconds / per).rounded(.towardZero)))\(unit)"
    }

    private static func excerpt(_ s: String) -> String {
        let flat = s.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: "⏎")
        if flat.isEmpty { return "(empty)" }
        return flat.count > 120 ? "\"\(flat.prefix(117))…\"" : "\"\(flat)\""
    }

    private static func lastLine(_ s: String) -> String? {
        s.split(whereSeparator: \.isNewline).last.map { String($0.prefix(160)) }
    }

    private static func chain(_ h: HTTPObservation) -> String {
        h.redirects.map { "\($0.status) \($0.url)" }.joined(separator: " → ") + " → \(h.finalURL)"
    }

    static func resolve(_ location: String, against base: String) -> String {
        guard let baseURL = URL(string: base), let url = URL(string: location, relativeTo: baseURL) else { return location }
        return url.absoluteString
    }

    private static func normalizedURL(_ s: String) -> String {
        var t = s
        if t.hasSuffix("/") { t.removeLast() }
        return t.lowercased()
    }
}
