import Foundation

/// Where a launch is in its life (docs/launches.md, "Landing the launch"): preparing before
/// T-0, `live` after it, `stabilizing` through the runbook's post-launch monitoring (its
/// post-launch phases, else once its success criteria start verifying), then ended.
public enum LaunchLifecycle: String, Hashable, Sendable, Codable, CaseIterable {
    case preparing
    case live
    case stabilizing
    case rollingBack = "rolling-back"
    case completed
    case rolledBack = "rolled-back"
    case aborted

    public static func of(_ state: LaunchState, now: Date) -> LaunchLifecycle {
        if let ended = state.ended {
            switch ended.outcome {
            case .success: return .completed
            case .rolledBack: return .rolledBack
            case .aborted: return .aborted
            }
        }
        if state.rollbackInProgress { return .rollingBack }
        if now < state.t0 { return .preparing }
        if let start = stabilizationStart(state), now >= start { return .stabilizing }
        return .live
    }

    /// When stabilization begins: the first post-launch monitoring phase after T-0 ("Post-Launch
    /// Monitoring (T+1 to T+7)", "First 24 Hours", "Hypercare"), else the first success
    /// criterion that starts verifying after T-0, else the end of the go-live phases (the last
    /// phase end after T-0); nil when the runbook says none of these (the launch stays live).
    public static func stabilizationStart(_ state: LaunchState) -> Date? {
        let windows = state.runbook.phases.compactMap { phase -> (title: String, window: TimeWindow)? in
            (phase.window ?? phase.anchor.map(TimeWindow.init)).map { (phase.title, $0) }
        }
        if let first = windows.filter({ $0.window.start > .zero && isPostLaunch($0.title) }).map(\.window.start).min() {
            return state.instant(first)
        }
        if let first = state.successChecks.map(\.activeFrom).filter({ $0 > .zero }).min() { return state.instant(first) }
        if let last = windows.filter({ $0.window.start >= .zero }).map(\.window.end).max(), last > .zero {
            return state.instant(last)
        }
        return nil
    }

    static func isPostLaunch(_ title: String) -> Bool {
        let t = TitleText.normalized(title)
        return postLaunchWords.anyOccurs(in: t)
    }

    private static let postLaunchWords = PhraseSet([
        "post-launch", "post launch", "postlaunch", "post-release", "post-deploy", "stabiliz", "stabilis", "hypercare", "monitoring period",
        "enhanced monitoring", "first 24 hours", "first week", "after launch", "post-go-live", "post go-live",
    ])
}
