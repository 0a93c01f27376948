import Foundation

/// The states Liftoff moves a GitHub deployment through (docs/notifications.md, "GitHub
/// deployments"): `queued` before T-0, `in_progress` once under way, then `success`, or
/// `failure` when the rollback runs and `inactive` once rolled back.
public enum GitHubDeploymentState: String, Hashable, Sendable, CaseIterable {
    case queued
    case inProgress = "in_progress"
    case success
    case failure
    case inactive

    /// A deployment only moves forward: a later update never sends an earlier state.
    var rank: Int {
        switch self {
        case .queued: 0
        case .inProgress: 1
        case .success, .failure: 2
        case .inactive: 3
        }
    }

    /// The state an update stands for: from how the launch ended, else from its cause, else
    /// from the time against T-0.
    public static func of(cause: StatusCause?, at time: Date, t0: Date, outcome: LaunchOutcome?) -> GitHubDeploymentState {
        switch outcome ?? cause?.outcome {
        case .success?: return .success
        case .rolledBack?: return .inactive
        case .aborted?: return .failure
        case nil: break
        }
        switch cause?.kind {
        case .rollbackConfirmed?, .rollbackStopped?: return .failure
        default: return time < t0 ? .queued : .inProgress
        }
    }
}

extension StatusMessage {
    /// The state this update moves the deployment to, or nil when it says nothing new: the
    /// channel's earlier updates (`LaunchState.deploymentStates(of:)`) already got there.
    public func deploymentStateDue(earlier: [GitHubDeploymentState]) -> GitHubDeploymentState? {
        guard notice == nil else { return nil }
        let reached = earlier.map(\.rank).max() ?? -1
        let now = deploymentState
        return now.rank > reached ? now : nil
    }

    /// The state this update stands for on its own.
    public var deploymentState: GitHubDeploymentState { .of(cause: cause, at: time, t0: t0, outcome: outcome) }

    /// `POST /repos/{owner}/{repo}/deployments`: merged by nobody, waiting on no checks (the
    /// launch's own gates decided that), production when the environment is named so.
    public func deploymentRequest(ref: String, environment: String) -> JSONValue {
        var payload: [String: JSONValue] = ["launch": .string(launchName), "launchId": .int(launchID)]
        if let warRoomURL { payload["warRoom"] = .string(warRoomURL) }
        let production = ["production", "prod"].contains(environment.lowercased())
        return .object([
            "ref": .string(ref),
            "task": .string("deploy"),
            "auto_merge": .bool(false),
            "required_contexts": .array([]),
            "environment": .string(environment),
            "description": .string(Self.clip("Liftoff launch \(launchName)", 140)),
            "payload": .object(payload),
            "transient_environment": .bool(false),
            "production_environment": .bool(production),
        ])
    }

    /// `POST …/deployments/{id}/statuses`: the state, the war room as the log, the environment's URL.
    public func deploymentStatusRequest(_ state: GitHubDeploymentState, environment: String, environmentURL: String?) -> JSONValue {
        var body: [String: JSONValue] = [
            "state": .string(state.rawValue),
            "environment": .string(environment),
            "description": .string(Self.clip(message, 140)),
            // A successful deployment makes the environment's earlier ones inactive.
            "auto_inactive": .bool(state == .success),
        ]
        if let warRoomURL { body["log_url"] = .string(warRoomURL) }
        if let environmentURL { body["environment_url"] = .string(environmentURL) }
        return .object(body)
    }
}

extension LaunchState {
    /// The deployment state each of `statuses` stood for, with T-0 as it was when each was
    /// posted (a later reschedule does not rewrite what an earlier update said).
    public func deploymentStates(of statuses: [PostedStatus]) -> [GitHubDeploymentState] {
        statuses.filter { $0.notice == nil }.map { GitHubDeploymentState.of(cause: $0.cause, at: $0.at, t0: t0(before: $0.seq), outcome: nil) }
    }

    /// T-0 as the event at `seq` saw it. By seq, not time: an update and a reschedule logged in
    /// the same millisecond are still in order.
    public func t0(before seq: Int) -> Date { reschedules.last { $0.seq < seq }?.to ?? created.t0 }
}
