import Foundation
import LiftoffKit
import LiftoffStore

/// The post-launch report, made one way for every face (`liftoff report`, the report endpoint,
/// the demo's last act): every event read, the hash chain verified, secrets masked with the
/// launch's own `env:` names resolved from `environment` (docs/report.md).
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
        return try Self.report(of: events, now: clock(), environment: environment)
    }

    /// The report of events already read.
    public static func report(of events: [LaunchEvent], now: Date,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws(Failure) -> LaunchReport {
        let created = events.first.flatMap { try? $0.decode(LaunchCreated.self) }
        let masker = created.map { SecretMasker(launch: $0, environment: environment) } ?? SecretMasker(secrets: [])
        do {
            return try LaunchReport.build(events: events, verification: .checked(EventChain.verify(events)), now: now, masker: masker)
        } catch {
            throw .projection(error)
        }
    }
}
