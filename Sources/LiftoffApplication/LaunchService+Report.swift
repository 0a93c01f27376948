import Foundation
import LiftoffKit
import LiftoffRender
import LiftoffStore

/// The post-launch report, made one way for every face (`liftoff report`, the report endpoint,
/// the demo's last act): every event read, the hash chain verified, secrets masked with the
/// launch's own `env:` names resolved from `environment`, and set beside the earlier launches of
/// the same runbook (rehearsals) when there are any (docs/report.md).
extension LaunchService {
    /// `signals`: where the trigger charts get each rule's signal over the launch (nil: recorded values only).
    public func report(_ launch: Int64, environment: [String: String] = ProcessInfo.processInfo.environment,
                       signals: (any SignalHistory)? = nil) async throws(Failure) -> LaunchReport {
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
        let report = try Self.report(of: events, now: clock(), environment: environment, earlier: earlier)
        return await Self.withSignals(report, events: events, from: signals)
    }

    /// The report with each trigger chart's signal over the launch, asked of `history` for every
    /// rule bound to a query at once (docs/report.md, "Charts"). A rule the source cannot answer
    /// for keeps its recorded values, and its chart says why.
    public static func withSignals(_ report: LaunchReport, events: [LaunchEvent], from history: (any SignalHistory)?) async -> LaunchReport {
        guard let history, var charts = report.charts, let state = try? LaunchState.fold(events) else { return report }
        let rules = state.triggerRules.filter { $0.alert == nil && !$0.query.isEmpty }
        guard !rules.isEmpty else { return report }
        let (from, to, prometheus) = (charts.start, charts.end, state.created.prometheus)
        let fetched = await withTaskGroup(of: (String, SignalFetch).self) { group in
            for rule in rules {
                group.addTask { (rule.id, await history.signal(query: rule.query, prometheus: prometheus, from: from, to: to)) }
            }
            var out: [String: SignalFetch] = [:]
            for await (id, fetch) in group { out[id] = fetch }
            return out
        }
        charts.attach(signals: fetched, rules: rules)
        var out = report
        out.charts = charts
        return out
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
