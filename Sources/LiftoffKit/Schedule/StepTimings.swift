import Foundation

/// When the finished steps of a launch really began and ended. A step begins when someone said
/// so (`step.started`); otherwise when it could have begun: its window opened and everything it
/// waits for was done. A step with neither has no known start, and so no duration.
public struct StepTiming: Hashable, Sendable {
    public var start: Date
    public var end: Date
    /// Begun by `step.started`, not inferred.
    public var explicitStart: Bool
}

public enum StepTimings {
    /// Done steps (not skipped: a skipped step took no time worth learning from) by id.
    public static func of(_ state: LaunchState) -> [String: StepTiming] {
        var out: [String: StepTiming] = [:]
        for step in state.runbook.steps {
            let progress = state.progress(of: step.id)
            guard progress.state == .done, let end = progress.at else { continue }
            if let started = progress.startedAt {
                if end > started { out[step.id] = StepTiming(start: started, end: end, explicitStart: true) }
                continue
            }
            guard let start = readyTime(of: step, in: state), end > start else { continue }
            out[step.id] = StepTiming(start: start, end: end, explicitStart: false)
        }
        return out
    }

    /// The latest of its window's start and the end of everything it waits for; nil when
    /// nothing bounds it.
    static func readyTime(of step: Step, in state: LaunchState) -> Date? {
        var times: [Date] = []
        if let window = state.window(of: step) { times.append(window.start) }
        for dependency in state.plan.dependencies.dependencies(of: .step(step.id)) {
            if let end = state.finished(dependency.on) { times.append(end) }
        }
        return times.max()
    }
}

extension LaunchState {
    /// When a step was done or skipped, or a gate decided GO or overridden; nil if not yet (or
    /// checked in the runbook, with no time).
    public func finished(_ node: ClockNode) -> Date? {
        switch node {
        case .step(let id):
            let p = progress(of: id)
            return p.state.isSettled ? p.at : nil
        case .gate(let id):
            guard let g = gates[id], g.isPassable else { return nil }
            return g.override?.at ?? g.decidedAt
        }
    }

    /// Whether a step is done or skipped, or a gate may be passed.
    public func isSettled(_ node: ClockNode) -> Bool {
        switch node {
        case .step(let id): progress(of: id).state.isSettled
        case .gate(let id): gates[id]?.isPassable ?? false
        }
    }
}
