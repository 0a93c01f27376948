import Foundation

extension LaunchState {
    /// Why the watcher may not start a traffic shift stage at `now`: the launch is held, or
    /// `now` is inside one of its freeze windows. Nil when it may.
    public func shiftStop(now: Date) -> String? {
        if let hold { return "the launch is on hold (\(hold.reason))" }
        if let freeze = plan.freezes.first(where: { $0.contains(now) }) { return "inside the freeze \(freeze.text)" }
        return nil
    }
}
