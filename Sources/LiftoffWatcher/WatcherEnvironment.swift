import Foundation
import LiftoffKit
import LiftoffProbes

/// Everything the watcher does to the world, injectable so tests can drive time and observe
/// what would run. The defaults are the real probes, commands and clock.
public struct WatcherEnvironment: Sendable {
    public var now: @Sendable () -> Date
    /// Where `env:NAME` secrets come from, read at use.
    public var variables: [String: String]
    public var query: @Sendable (_ query: String, _ baseURL: String?, _ timeout: Double) async throws -> PrometheusObservation
    public var runAction: @Sendable (_ command: PreparedCommand, _ purpose: ActionPurpose, _ step: String?, _ timeout: Double) async -> ActionRan
    /// `variables`: the launch's, for the Prometheus URL and the `env:` names commands may see.
    public var runChecks: @Sendable (_ checks: [Check], _ variables: LaunchVariables) async -> [CheckResult]
    /// One delivery pass over a launch's outbox; true while deliveries are still owed.
    /// nil: status posts are recorded but not delivered (nothing to deliver to).
    public var deliver: (@Sendable (_ launch: Int64, _ now: Date) async throws -> Bool)?
    /// Time limit for one runbook command (rollback step, shift stage).
    public var actionTimeout: Double
    /// Time limit for one Prometheus query.
    public var queryTimeout: Double

    public init(now: @escaping @Sendable () -> Date = { Date() },
                variables: [String: String] = ProcessInfo.processInfo.environment,
                query: (@Sendable (String, String?, Double) async throws -> PrometheusObservation)? = nil,
                runAction: (@Sendable (PreparedCommand, ActionPurpose, String?, Double) async -> ActionRan)? = nil,
                runChecks: (@Sendable ([Check], LaunchVariables) async -> [CheckResult])? = nil,
                deliver: (@Sendable (Int64, Date) async throws -> Bool)? = nil,
                actionTimeout: Double = 600,
                queryTimeout: Double = 10) {
        self.now = now
        self.variables = variables
        let querier = PrometheusQuerier()
        self.query = query ?? { q, base, timeout in try await querier.query(q, baseURL: base, timeout: timeout) }
        self.runAction = runAction ?? { command, purpose, step, timeout in
            await ActionRunner.run(command, purpose: purpose, step: step, timeout: timeout)
        }
        let environment = variables
        self.runChecks = runChecks ?? { checks, launch in
            await CheckRunner(concurrency: 8, defaultTimeout: 10, environment: environment, prometheusURL: launch.prometheus, passEnvironment: launch.passEnvironment).run(checks)
        }
        self.deliver = deliver
        self.actionTimeout = actionTimeout
        self.queryTimeout = queryTimeout
    }
}
