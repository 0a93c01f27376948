import Foundation
import LiftoffKit
import LiftoffStore

extension LaunchService {
    /// At most this many earlier launches are read for a forecast's history.
    public static let historyLimit = 20

    /// Launches of the same runbook created before `state`'s (rehearsals included), newest
    /// first: what the forecast learns durations from and the report compares against.
    public func earlierLaunches(of state: LaunchState) async -> [LaunchState] {
        guard let summaries = try? await store.launches() else { return [] }
        let earlier = summaries.filter { $0.id != state.launch && $0.createdAt < state.createdAt }
            .sorted { $0.createdAt > $1.createdAt }
            .prefix(Self.historyLimit)
        var out: [LaunchState] = []
        for summary in earlier {
            // A launch that cannot be read teaches nothing; it does not stop the forecast. Its
            // first event says whether it can be linked at all, before anything is folded.
            guard let first = try? await store.read(summary.id, from: 1).first, let created = try? first.decode(LaunchCreated.self),
                  StepHistory.mayBeLinked(created, launch: summary.id, to: state),
                  let other = try? await self.state(summary.id), StepHistory.sameRunbook(other, state) else { continue }
            out.append(other)
        }
        return out
    }

    /// Step durations from `earlierLaunches(of:)`.
    public func history(of state: LaunchState) async -> StepHistory {
        StepHistory.of(await earlierLaunches(of: state), for: state)
    }
}
