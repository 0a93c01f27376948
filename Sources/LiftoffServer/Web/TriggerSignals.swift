import Foundation
import LiftoffKit

/// The signals the war room's trigger charts draw: every rule bound to a query, over its chart's
/// window, asked of the `SignalHistory` the process was given (at once, so a page waits for the
/// slowest one, never for their sum). Without a history, or for alert-bound rules, the charts
/// show the recorded values (docs/war-room.md, "What the war room shows").
enum TriggerSignals {
    static func fetch(_ state: LaunchState, from history: (any SignalHistory)?, now: Date) async -> [String: SignalFetch] {
        guard let history else { return [:] }
        let rules = state.triggerRules.filter { $0.alert == nil && !$0.query.isEmpty }
        guard !rules.isEmpty else { return [:] }
        let prometheus = state.created.prometheus
        return await withTaskGroup(of: (String, SignalFetch).self) { group in
            for rule in rules {
                let span = TriggerChart.span(of: rule)
                group.addTask { (rule.id, await history.signal(query: rule.query, prometheus: prometheus, from: now.addingTimeInterval(-span), to: now)) }
            }
            var out: [String: SignalFetch] = [:]
            for await (id, fetch) in group { out[id] = fetch }
            return out
        }
    }
}
