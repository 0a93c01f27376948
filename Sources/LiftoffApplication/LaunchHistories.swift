import Foundation
import LiftoffKit

/// Step durations of earlier launches, per launch, kept for a few minutes: a server renders the
/// forecast on every event and read, and earlier launches change rarely (they have mostly ended).
public actor LaunchHistories {
    let service: LaunchService
    let clock: @Sendable () -> Date
    let maxAge: TimeInterval
    var cached: [Int64: (history: StepHistory, at: Date)] = [:]

    public init(service: LaunchService, clock: @escaping @Sendable () -> Date = { Date() }, maxAge: TimeInterval = 300) {
        self.service = service
        self.clock = clock
        self.maxAge = maxAge
    }

    public func history(of state: LaunchState) async -> StepHistory {
        let now = clock()
        if let hit = cached[state.launch], now.timeIntervalSince(hit.at) < maxAge { return hit.history }
        let history = await service.history(of: state)
        cached[state.launch] = (history, now)
        return history
    }
}
