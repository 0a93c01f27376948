import Foundation

/// How long a step is expected to take, and where that figure comes from (the runbook first,
/// then earlier launches of the same runbook, then a default shown as a guess).
public struct StepEstimate: Hashable, Sendable, Codable {
    public enum Source: String, Hashable, Sendable, Codable {
        /// "~15 min" in the step, a `Duration` column, `duration=` on the step.
        case runbook
        /// The length of the step's own window (`H+0:15 → H+0:45`).
        case window
        /// The median of the same step (by stable id) in earlier launches, rehearsals included.
        case history
        /// Nothing says: `StepEstimates.guess`.
        case guess
        /// A gate: a decision, not work; it takes no time of its own.
        case decision
    }

    public var seconds: TimeInterval
    public var source: Source

    public init(seconds: TimeInterval, source: Source) {
        self.seconds = seconds
        self.source = source
    }

    public var isGuess: Bool { source == .guess }

    /// "15m", "15m (guess)", "12m (median of 3 launches)".
    public func label(samples: Int = 0) -> String {
        let span = RelativeTime.duration(seconds)
        switch source {
        case .guess: return "\(span) (guess)"
        case .history: return "\(span) (median of \(samples) earlier launch\(samples == 1 ? "" : "es"))"
        case .window: return "\(span) (its window)"
        case .runbook, .decision: return span
        }
    }
}

public enum StepEstimates {
    /// A step nothing says anything about is expected to take this long, and says it is a guess.
    public static let guess: TimeInterval = 15 * 60

    /// What the runbook itself says about a step's length, if anything: its stated duration, else
    /// its own window's length. A window it shares with its section or parent step is theirs:
    /// ten steps in a one-hour phase do not take an hour each.
    public static func fromRunbook(_ step: Step, in runbook: Runbook) -> StepEstimate? {
        if let seconds = step.duration ?? RunbookDurations.inProse(step.text) {
            return StepEstimate(seconds: TimeInterval(seconds), source: .runbook)
        }
        let inherited = runbook.sections[safe: step.section]?.window == step.window
            || step.parent.flatMap { runbook.step($0) }.map { $0.window == step.window } == true
        if !inherited, let window = step.window, window.end > window.start {
            let length = window.end.nominalSeconds - window.start.nominalSeconds
            if length > 0 { return StepEstimate(seconds: TimeInterval(length), source: .window) }
        }
        return nil
    }

    /// The runbook's figure, else the history's median, else the guess.
    public static func estimate(_ step: Step, runbook: StepEstimate?, history: StepHistory) -> StepEstimate {
        if let runbook { return runbook }
        if let median = history.median(of: step.id) { return StepEstimate(seconds: median, source: .history) }
        return StepEstimate(seconds: guess, source: .guess)
    }
}
