import Foundation
import LiftoffKit
import LiftoffStore

/// The post-launch report, made one way for every face (`liftoff report`, the report endpoint,
/// the demo's last act): every event read, the hash chain verified, secrets masked with the
/// launch's own `env:` names resolved from `environment`, and set beside the earlier launches of
/// the same runbook (rehearsals) when there are any (docs/report.md).
extension LaunchService {
    public func report(_ launch: Int64, environment: [String: String] = ProcessInfo.processInfo.environment) async throws(Failure) -> LaunchReport {
        let events: [LaunchEvent]
        do {
            events = try await store.read(launch, from: 1)
        } catch {
            throw .store(error)
        }
        guard !events.isEmpty else {
            throw .store(StoreError(.launchNotFound, "no launch \(launch)", hint: "liftoff launch list shows the launches"))
        }
        // Earlier launches of the same runbook to compare with; none is fine.
        var earlier: [LaunchState] = []
        if let state = try? LaunchState.fold(events) { earlier = await earlierLaunches(of: state) }
        return try Self.report(of: events, now: clock(), environment: environment, earlier: earlier)
    }

    /// The report of events already read.
    public static func report(of events: [LaunchEvent], now: Date, environment: [String: String] = ProcessInfo.processInfo.environment,
                              earlier: [LaunchState] = []) throws(Failure) -> LaunchReport {
        let created = events.first.flatMap { try? $0.decode(LaunchCreated.self) }
        let masker = created.map { SecretMasker(launch: $0, environment: environment) } ?? SecretMasker(secrets: [])
        do {
            return try LaunchReport.build(events: events, verification: .checked(EventChain.verify(events)), now: now, masker: masker, earlier: earlier)
        } catch {
            throw .projection(error)
        }
    }
}
