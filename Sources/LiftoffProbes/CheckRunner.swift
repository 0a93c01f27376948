import Foundation
import LiftoffKit

/// Runs checks concurrently with a bounded pool, each under its own time limit, and turns what
/// the probes saw into results with secrets masked.
///
/// ```swift
/// let runner = CheckRunner(concurrency: 32, defaultTimeout: 10, environment: ProcessInfo.processInfo.environment, prometheusURL: vars.prometheus)
/// let results = await runner.run(runbook.checks(vars: vars).checks) { result, done, total in … }
/// ```
public struct CheckRunner: Sendable {
    public var concurrency: Int
    /// Seconds, for checks without their own `timeout`.
    public var defaultTimeout: Double
    /// Where `env:NAME` secrets are read from, at run time only.
    public var environment: [String: String]
    public var prometheusURL: String?
    /// The vars file's `env:` names: what command checks may see of `environment` beyond
    /// PATH, HOME, LANG and TZ.
    public var passEnvironment: [String]

    public init(concurrency: Int = 32, defaultTimeout: Double = 10, environment: [String: String] = ProcessInfo.processInfo.environment, prometheusURL: String? = nil, passEnvironment: [String] = []) {
        self.passEnvironment = passEnvironment
        self.concurrency = max(1, concurrency)
        self.defaultTimeout = defaultTimeout
        self.environment = environment
        self.prometheusURL = prometheusURL
    }

    /// Results in the order of `checks`; `progress` is called as each one finishes.
    public func run(_ checks: [Check], progress: @escaping @Sendable (CheckResult, _ done: Int, _ total: Int) -> Void = { _, _, _ in }) async -> [CheckResult] {
        let session = ProbeSession(prometheusURL: prometheusURL, commandEnvironment: CommandEnvironment.base(environment, allowing: passEnvironment))
        var results = [CheckResult?](repeating: nil, count: checks.count)
        await withTaskGroup(of: (Int, CheckResult).self) { group in
            var next = 0
            var done = 0
            func start(_ index: Int) {
                let check = checks[index]
                group.addTask { (index, await self.runOne(check, session: session)) }
            }
            while next < min(concurrency, checks.count) {
                start(next)
                next += 1
            }
            while let (index, result) = await group.next() {
                results[index] = result
                done += 1
                progress(result, done, checks.count)
                if next < checks.count {
                    start(next)
                    next += 1
                }
            }
        }
        await session.shutdown()
        return results.enumerated().map { index, result in
            result ?? CheckResult.failed(checks[index], error: "not run", duration: 0)
        }
    }

    func runOne(_ check: Check, session: ProbeSession) async -> CheckResult {
        let (values, missing) = check.secretValues(environment: environment)
        guard missing.isEmpty else {
            return CheckResult.failed(check, error: "environment variable \(missing.joined(separator: ", ")) is not set (a secret the check needs)", duration: 0)
        }
        let masker = SecretMasker(secrets: values.values)
        let revealed = check.revealing(values)
        let timeout = check.options.timeout ?? defaultTimeout
        // A command enforces its own limit (and kills its group); the outer one is a backstop.
        let limit = check.kind == .command ? timeout + 2 : timeout
        let clock = ContinuousClock()
        let start = clock.now
        var result: CheckResult
        do {
            let observation = try await withDeadline(seconds: limit) { try await session.observe(revealed, timeout: timeout, masker: masker) }
            result = CheckResult.evaluate(revealed, observation: observation, duration: (clock.now - start).seconds, now: Date(), masker: masker)
        } catch let error as ProbeError {
            result = CheckResult.failed(revealed, error: error.message, duration: (clock.now - start).seconds)
        } catch {
            result = CheckResult.failed(revealed, error: "\(error)", duration: (clock.now - start).seconds)
        }
        // Report the check as written (secrets as {{NAME}}), never the revealed copy.
        result.check = check
        return result.masked(by: masker)
    }
}
